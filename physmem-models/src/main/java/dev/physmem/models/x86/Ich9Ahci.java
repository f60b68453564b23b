package dev.physmem.models.x86;

import dev.physmem.models.Regions;
import dev.physmem.models.pci.PciBarSpace;
import dev.physmem.models.pci.PciConfigSpace;
import dev.physmem.models.pci.PciFunction;
import dev.physmem.region.Owner;

/**
 * The ICH9 AHCI controller (function 1f.2) of the {@code q35} machine: BAR 5, the 4 KiB AHCI
 * register block ({@code ahci}), and BAR 4, the index/data pair ({@code ahci-idp}). Header:
 * 8086:2922, revision 2, class 0x0106 with programming interface 0x01 (AHCI), multi-function,
 * interrupt pin A (its MSI and SATA capabilities are not modelled). QEMU
 * counterpart: {@code AHCIPCIState} and {@code pci_ich9_ahci_realize} (hw/ide/ich.c).
 */
public final class Ich9Ahci {
    /** The index/data pair's BAR (I/O, 32 bytes). */
    public static final int IDP_BAR = 4;
    /** The AHCI register block's BAR (memory, 4 KiB). */
    public static final int ABAR = 5;

    private final PciFunction function;

    Ich9Ahci(PcBoard board, Owner owner) {
        function = board.pciBus.addFunction("ich9-ahci", owner, 0xfa);
        function.initHeader(0x8086, 0x2922, 0x02, 0x01_0601, true);
        function.config().set(PciConfigSpace.INTERRUPT_PIN, 1, 1);
        function.registerBar(IDP_BAR, PciBarSpace.IO, Regions.registers(board.system, owner, "ahci-idp", 0x20));
        function.registerBar(ABAR, PciBarSpace.MEMORY, Regions.registers(board.system, owner, "ahci", 0x1000));
    }

    /** The PCI function. */
    public PciFunction function() {
        return function;
    }
}
