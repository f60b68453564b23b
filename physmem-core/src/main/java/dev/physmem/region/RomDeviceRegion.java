package dev.physmem.region;

import dev.physmem.MemorySystem;
import java.lang.foreign.MemorySegment;
import java.util.Objects;

/**
 * A ROM device such as a flash chip: in romd mode reads come straight from its memory, otherwise
 * they go to its callbacks; writes always go to its callbacks. QEMU counterpart:
 * {@code memory_region_init_rom_device}. A new ROM device is in romd mode, as in QEMU.
 */
public final class RomDeviceRegion extends MemoryRegion {
    private final MemoryRegionOps ops;
    private final MemorySegment backing;
    private volatile boolean romd = true;

    public RomDeviceRegion(
            MemorySystem system, Owner owner, MemoryRegionOps ops, String name, long size, MemorySegment backing) {
        super(system, owner, name, size);
        this.ops = Objects.requireNonNull(ops, "ops");
        this.backing = Objects.requireNonNull(backing, "backing");
        if (size == SIZE_2_64 || Long.compareUnsigned(backing.byteSize(), size) < 0) {
            throw new IllegalArgumentException("backing smaller than region: name=" + name);
        }
    }

    /** The callbacks that take writes, and reads outside romd mode. */
    public MemoryRegionOps ops() {
        return ops;
    }

    /** The device's memory, which the device model fills and romd-mode reads see. */
    public MemorySegment backing() {
        return backing;
    }

    /** Whether reads come directly from memory. */
    public boolean isRomd() {
        return romd;
    }

    /** Switches romd mode. QEMU: {@code memory_region_rom_device_set_romd}. */
    public void setRomd(boolean value) {
        system.beginMutation();
        try {
            if (romd != value) {
                romd = value;
                changed();
            }
        } finally {
            system.endMutation();
        }
    }

    @Override
    protected void checkResize(long newSize) {
        if (newSize == SIZE_2_64 || Long.compareUnsigned(newSize, backing.byteSize()) > 0) {
            throw new IllegalArgumentException("ROM device cannot grow past its backing: name=" + name()
                    + " newSize=0x" + Long.toHexString(newSize) + " backing=0x" + Long.toHexString(backing.byteSize()));
        }
    }

    @Override
    public boolean isTerminal() {
        return true;
    }

    @Override
    public String typeName() {
        return romd ? "romd" : "i/o";
    }
}
