package dev.physmem.ram;

import java.lang.foreign.MemorySegment;

/**
 * Told when a resizeable block's size changed. QEMU counterpart: the {@code resized} callback of
 * {@code qemu_ram_alloc_resizeable} / {@code memory_region_init_resizeable_ram} (fw_cfg uses it to
 * update the size of the file it serves).
 *
 * <p>Fires from {@link RamBlock#resize(long)} after the block's used length and the region's size
 * have changed, on the resizing thread, with the memory system's topology lock held (inside the
 * resize's transaction, so before the new size is rendered). It fires also when only the
 * unaligned size changed and the used length stayed the same.
 */
@FunctionalInterface
public interface ResizeCallback {
    /** A callback that does nothing. */
    ResizeCallback NONE = (idstr, newSize, host) -> { };

    /**
     * @param idstr the block's idstr at the time ({@code ""} if it is not registered for migration)
     * @param newSize the region's new size in bytes, as the caller asked (not page aligned)
     * @param host the block's host memory, {@link RamBlock#maxLength()} bytes or more
     */
    void resized(String idstr, long newSize, MemorySegment host);
}
