package dev.physmem.models.x86;

import dev.physmem.models.Regions;
import dev.physmem.models.pci.PciBarSpace;
import dev.physmem.models.pci.PciFunction;
import dev.physmem.region.Owner;

/**
 * The ICH9 SMBus controller (function 1f.3) of the {@code q35} machine: BAR 4, the SMBus host
 * registers ({@code pm-smbus}). QEMU counterpart: {@code ICH9SMBState} (hw/i2c/smbus_ich9.c).
 */
public final class Ich9Smbus {
    /** The SMBus host registers' BAR (I/O, 64 bytes). */
    public static final int SMB_BAR = 4;

    private final PciFunction function;

    Ich9Smbus(PcBoard board, Owner owner) {
        function = board.pciBus.addFunction("ICH9-SMB", owner, 0xfb);
        function.registerBar(SMB_BAR, PciBarSpace.IO, Regions.registers(board.system, owner, "pm-smbus", 0x40));
    }

    /** The PCI function. */
    public PciFunction function() {
        return function;
    }
}
