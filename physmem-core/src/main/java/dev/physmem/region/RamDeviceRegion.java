package dev.physmem.region;

import dev.physmem.MemorySystem;
import java.lang.foreign.MemorySegment;
import java.util.Objects;

/**
 * Device memory mapped like RAM (a VFIO BAR, say) that must be accessed with loads and stores of
 * exactly the width the guest used, never with bulk copies. QEMU counterpart:
 * {@code memory_region_init_ram_device_ptr}.
 */
public final class RamDeviceRegion extends MemoryRegion {
    private final MemorySegment backing;
    private final MemoryRegionOps ops;

    public RamDeviceRegion(MemorySystem system, Owner owner, String name, long size, MemorySegment backing) {
        super(system, owner, name, size);
        this.backing = Objects.requireNonNull(backing, "backing");
        if (size == SIZE_2_64 || Long.compareUnsigned(backing.byteSize(), size) < 0) {
            throw new IllegalArgumentException("backing smaller than region: name=" + name);
        }
        this.ops = new RamDeviceOps(backing);
    }

    /** The device memory; offset 0 is the region's first byte. */
    public MemorySegment backing() {
        return backing;
    }

    /**
     * The callbacks every access through an address space uses: exact-width loads and stores
     * (1, 2, 4 or 8 bytes, any alignment) in host byte order. QEMU: {@code ram_device_mem_ops}.
     */
    public MemoryRegionOps ops() {
        return ops;
    }

    @Override
    protected void checkResize(long newSize) {
        if (newSize == SIZE_2_64 || Long.compareUnsigned(newSize, backing.byteSize()) > 0) {
            throw new IllegalArgumentException("RAM device cannot grow past its backing: name=" + name()
                    + " newSize=0x" + Long.toHexString(newSize) + " backing=0x" + Long.toHexString(backing.byteSize()));
        }
    }

    @Override
    public boolean isTerminal() {
        return true;
    }

    @Override
    public String typeName() {
        return "ramd";
    }
}
