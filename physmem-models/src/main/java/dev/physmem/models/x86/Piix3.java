package dev.physmem.models.x86;

import dev.physmem.models.Regions;
import dev.physmem.models.pci.PciFunction;
import dev.physmem.region.Owner;

/**
 * The PIIX3 PCI-to-ISA bridge (function 01.0): as far as the memory map goes, its reset control
 * register at port 0xcf9, mapped at priority 1 over the PCI configuration address port (a 4-byte
 * access at 0xcf8 still reaches the address register whole, as in QEMU). Header: 8086:7000,
 * class 0x0601, multi-function. QEMU
 * counterpart: {@code PIIX3State} and its {@code piix3-reset-control} region
 * (hw/isa/piix3.c).
 */
public final class Piix3 {
    /** The reset control port. */
    public static final int RESET_CONTROL_PORT = 0xcf9;

    private final PciFunction function;

    Piix3(PcBoard board, Owner owner) {
        function = board.pciBus.addFunction("PIIX3", owner, 0x08);
        function.initHeader(0x8086, 0x7000, 0x00, 0x06_0100, true);
        board.memory.io().addSubregionOverlap(RESET_CONTROL_PORT,
                Regions.registers(board.system, owner, "piix3-reset-control", 1), 1);
    }

    /** The PCI function. */
    public PciFunction function() {
        return function;
    }
}
