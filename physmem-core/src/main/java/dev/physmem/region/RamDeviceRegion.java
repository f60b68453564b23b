package dev.physmem.region;

import dev.physmem.MemorySystem;
import dev.physmem.host.HostMemoryBackend;
import dev.physmem.ram.RamBlock;
import dev.physmem.ram.RamBlockFlag;
import dev.physmem.ram.RamBlockSpec;
import java.lang.foreign.MemorySegment;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;

/**
 * Device memory mapped like RAM (a VFIO BAR, say) that must be accessed with loads and stores of
 * exactly the width the guest used, never with bulk copies. QEMU counterpart:
 * {@code memory_region_init_ram_device_ptr}.
 *
 * <p>As in QEMU, device memory has a {@link RamBlock} (the caller's memory,
 * {@link RamBlockFlag#CALLER_MEMORY}), not registered for migration; {@link #release()} frees it.
 */
public final class RamDeviceRegion extends MemoryRegion {
    private final MemorySegment backing;
    private final MemoryRegionOps ops;
    private final RamBlock ramBlock;

    @SuppressWarnings("this-escape") // the block list keeps a weak reference
    public RamDeviceRegion(MemorySystem system, Owner owner, String name, long size, MemorySegment backing) {
        super(system, owner, name, size);
        this.backing = Objects.requireNonNull(backing, "backing");
        checkFitsBacking(name, "size", size, backing);
        this.ops = new RamDeviceOps(backing);
        this.ramBlock = size == 0 ? null : system.ramBlocks().add(this, backing, size,
                RamBlockSpec.fixed(size, HostMemoryBackend.hostPageSize(), EnumSet.of(RamBlockFlag.CALLER_MEMORY)));
    }

    /** The device memory; offset 0 is the region's first byte. */
    public MemorySegment backing() {
        return backing;
    }

    /** The device memory's block in the ram address space; empty for size 0 and after {@link #release()}. */
    public Optional<RamBlock> ramBlock() {
        return liveBlock(ramBlock);
    }

    /**
     * Frees the region's RAM block; the device memory stays the caller's. The region must not be
     * mapped in a container. Idempotent.
     *
     * @throws IllegalStateException if the region is still mapped in a container
     */
    public void release() {
        releaseBlock(ramBlock);
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
        checkFitsBacking(name(), "newSize", newSize, backing);
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
