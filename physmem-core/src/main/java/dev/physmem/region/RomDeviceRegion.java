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
 * A ROM device such as a flash chip: in romd mode reads come straight from its memory, otherwise
 * they go to its callbacks; writes always go to its callbacks. QEMU counterpart:
 * {@code memory_region_init_rom_device}. A new ROM device is in romd mode, as in QEMU.
 *
 * <p>A ROM device of non-zero size has a {@link RamBlock} for its memory, freed by
 * {@link #release()}.
 */
public final class RomDeviceRegion extends MemoryRegion {
    private final MemoryRegionOps ops;
    private final MemorySegment backing;
    private final RamBlock ramBlock;
    private volatile boolean romd = true;

    /** A ROM device over memory the caller owns (its block has {@link RamBlockFlag#CALLER_MEMORY}). */
    public RomDeviceRegion(
            MemorySystem system, Owner owner, MemoryRegionOps ops, String name, long size, MemorySegment backing) {
        this(system, owner, ops, name, size, backing, RamBlockSpec.fixed(size == SIZE_2_64 ? 0 : size,
                HostMemoryBackend.hostPageSize(), EnumSet.of(RamBlockFlag.CALLER_MEMORY)));
    }

    /** A ROM device over {@code backing} whose block is made as {@code block} asks. */
    @SuppressWarnings("this-escape") // the block list keeps a weak reference
    public RomDeviceRegion(MemorySystem system, Owner owner, MemoryRegionOps ops, String name, long size,
            MemorySegment backing, RamBlockSpec block) {
        super(system, owner, name, size);
        this.ops = Objects.requireNonNull(ops, "ops");
        this.backing = Objects.requireNonNull(backing, "backing");
        checkFitsBacking(name, "size", size, backing);
        this.ramBlock = block.maxSize() == 0 ? null : system.ramBlocks().add(this, backing, size, block);
    }

    /** The callbacks that take writes, and reads outside romd mode. */
    public MemoryRegionOps ops() {
        return ops;
    }

    /** The device's memory, which the device model fills and romd-mode reads see. */
    public MemorySegment backing() {
        return backing;
    }

    /** The device's block in the ram address space; empty for size 0 and after {@link #release()}. */
    public Optional<RamBlock> ramBlock() {
        return liveBlock(ramBlock);
    }

    /**
     * Frees the region's RAM block. The region must not be mapped in a container. Idempotent.
     * QEMU: {@code object_unparent} of the region, then {@code memory_region_finalize}.
     *
     * @throws IllegalStateException if the region is still mapped in a container
     */
    public void release() {
        releaseBlock(ramBlock);
    }

    /** Whether reads come directly from memory. */
    public boolean isRomd() {
        return romd;
    }

    /**
     * Switches romd mode. Listeners of every address space showing the device see its sections
     * removed and added again at the commit ({@code regionDel}, then {@code regionAdd} with the
     * new {@link dev.physmem.dispatch.MemoryRegionSection#romd()}), as QEMU's topology pass does
     * for a {@code FlatRange} whose {@code romd_mode} changed. QEMU:
     * {@code memory_region_rom_device_set_romd}.
     */
    public void setRomd(boolean value) {
        system.beginMutation();
        try {
            if (romd != value) {
                romd = value;
                changed();
                // The flat view's ranges need not change; the sections listeners see do.
                system.sectionsChanged();
            }
        } finally {
            system.endMutation();
        }
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
        return romd ? "romd" : "i/o";
    }
}
