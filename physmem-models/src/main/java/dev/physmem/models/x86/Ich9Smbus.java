package dev.physmem.models.x86;

import dev.physmem.models.Regions;
import dev.physmem.models.pci.PciBarSpace;
import dev.physmem.models.pci.PciConfigSpace;
import dev.physmem.models.pci.PciFunction;
import dev.physmem.region.Owner;

/**
 * The ICH9 SMBus controller (function 1f.3) of the {@code q35} machine: BAR 4, the SMBus host
 * registers ({@code pm-smbus}). Header: 8086:2930, revision 2, class 0x0c05, multi-function,
 * interrupt pin A. QEMU counterpart: {@code ICH9SMBState} (hw/i2c/smbus_ich9.c).
 */
public final class Ich9Smbus {
    /** The SMBus host registers' BAR (I/O, 64 bytes). */
    public static final int SMB_BAR = 4;

    private final PciFunction function;

    Ich9Smbus(PcBoard board, Owner owner) {
        function = board.pciBus.addFunction("ICH9-SMB", owner, 0xfb);
        function.initHeader(0x8086, 0x2930, 0x02, 0x0c_0500, true);
        function.config().set(PciConfigSpace.INTERRUPT_PIN, 1, 1);
        function.registerBar(SMB_BAR, PciBarSpace.IO, Regions.registers(board.system, owner, "pm-smbus", 0x40));
    }

    /** The PCI function. */
    public PciFunction function() {
        return function;
    }
}
