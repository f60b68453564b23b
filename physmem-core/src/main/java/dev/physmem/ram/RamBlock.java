package dev.physmem.ram;

import dev.physmem.MemorySystem;
import dev.physmem.dirty.DirtyClient;
import dev.physmem.dirty.RamDirtyMemory;
import dev.physmem.region.MemoryRegion;
import java.lang.foreign.MemorySegment;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * One region's memory as the ram address space sees it: a range of ram addresses, the host
 * memory behind it, and the name migration knows it by. QEMU counterpart: {@code RAMBlock}
 * ({@code include/exec/ramblock.h}).
 *
 * <h2>Frames of reference</h2>
 * <ul>
 * <li>{@link #ramAddr()} is the block's first byte in the ram address space (QEMU's
 *     {@code RAMBlock.offset}); it is not a guest-physical address, and does not change while the
 *     block lives.</li>
 * <li>{@link #usedLength()} and {@link #maxLength()} are byte counts from {@code ramAddr()},
 *     multiples of the host page size: the block owns the ram addresses
 *     {@code [ramAddr, ramAddr + maxLength)}, of which the first {@code usedLength} bytes are in
 *     use (migrated, dirty-tracked).</li>
 * <li>{@link #host()} holds the memory: offset {@code n} of it is ram address
 *     {@code ramAddr + n}, and offset {@code n} of the region.</li>
 * </ul>
 *
 * <h2>Invariants</h2>
 * {@code 0 < usedLength <= maxLength} (or {@code usedLength == 0} for a resizeable block shrunk or
 * created empty); {@code ramAddr} is a multiple of {@link RamBlockList#alignment()}; an idstr is
 * either {@code ""} (not registered) or unique among the list's blocks.
 *
 * <h2>Lifetime</h2>
 * A block is made with its region and {@linkplain #isFreed() freed} when the region is released
 * (QEMU: {@code qemu_ram_free} from the region's finalizer) or becomes unreachable. A freed block
 * keeps its values, but no lookup finds it and its ram addresses may be given to a new block.
 *
 * <h2>Thread safety</h2>
 * Getters may be called from any thread and see the latest values. Changes ({@link #resize},
 * registration) take the memory system's topology lock.
 */
public final class RamBlock {
    private final RamBlockList list;
    private final MemoryRegion region;
    private final MemorySegment host;
    private final long ramAddr;
    private final long maxLength;
    private final long pageSize;
    private final ResizeCallback resized;
    private volatile long usedLength;
    private volatile String idstr = "";
    private volatile Set<RamBlockFlag> flags;
    private volatile boolean freed;

    RamBlock(RamBlockList list, MemoryRegion region, MemorySegment host, long ramAddr, long usedLength,
            long maxLength, RamBlockSpec spec) {
        this.list = list;
        this.region = region;
        this.host = host;
        this.ramAddr = ramAddr;
        this.usedLength = usedLength;
        this.maxLength = maxLength;
        this.pageSize = spec.pageSize();
        this.resized = spec.resized();
        this.flags = spec.flags();
    }

    // ---------------------------------------------------------------- identity and geometry

    /**
     * The migration name: {@code DEVPATH/NAME} or {@code NAME} once registered for migration,
     * {@code ""} before (and after unregistering). QEMU: {@code qemu_ram_get_idstr}.
     */
    public String idstr() {
        return idstr;
    }

    /** The region whose memory this is. QEMU: {@code RAMBlock.mr}. */
    public MemoryRegion region() {
        return region;
    }

    /**
     * The host memory: at least the region's size, for a resizeable block at least its max
     * size. Offset 0 is ram address {@link #ramAddr()}. QEMU: {@code qemu_ram_get_host_addr}.
     */
    public MemorySegment host() {
        return host;
    }

    /** The ram address of the block's first byte (not a guest-physical address). QEMU: {@code RAMBlock.offset}. */
    public long ramAddr() {
        return ramAddr;
    }

    /** Bytes in use from {@link #ramAddr()}, a multiple of the host page size. QEMU: {@code used_length}. */
    public long usedLength() {
        return usedLength;
    }

    /** Bytes of ram address space the block owns, a multiple of the host page size. QEMU: {@code max_length}. */
    public long maxLength() {
        return maxLength;
    }

    /** The host page size of the memory in bytes. QEMU: {@code qemu_ram_pagesize}. */
    public long pageSize() {
        return pageSize;
    }

    /** The block's flags, an immutable snapshot. */
    public Set<RamBlockFlag> flags() {
        return flags;
    }

    /** Whether {@code flag} is set. */
    public boolean has(RamBlockFlag flag) {
        return flags.contains(flag);
    }

    /** Registered for migration. QEMU: {@code qemu_ram_is_migratable}. */
    public boolean isMigratable() {
        return has(RamBlockFlag.MIGRATABLE);
    }

    /** Resizeable up to {@link #maxLength()}. */
    public boolean isResizeable() {
        return has(RamBlockFlag.RESIZEABLE);
    }

    /** A shared host mapping. QEMU: {@code qemu_ram_is_shared}. */
    public boolean isShared() {
        return has(RamBlockFlag.SHARED);
    }

    /** Whether the region was released and the block left its list. */
    public boolean isFreed() {
        return freed;
    }

    /** Whether {@code ramAddress} falls in {@code [ramAddr, ramAddr + maxLength)}. */
    public boolean containsRamAddr(long ramAddress) {
        return Long.compareUnsigned(ramAddress - ramAddr, maxLength) < 0;
    }

    // ---------------------------------------------------------------- resize

    /**
     * Changes the size of a resizeable block's region to {@code newSize} bytes: the used length
     * becomes {@code newSize} rounded up to the host page size (at most the max length), the
     * region's size becomes {@code newSize}, and the {@link ResizeCallback} is told. A size whose
     * rounding leaves the used length as it is only changes the region's size (and tells the
     * callback if that changed); that also works for blocks that are not resizeable. QEMU:
     * {@code qemu_ram_resize} ({@code memory_region_ram_resize}).
     *
     * <p>When the used length changes, the dirty bitmaps change as in QEMU: every client's bits of
     * the old used range {@code [ramAddr, ramAddr + oldUsedLength)} are cleared, then the new used
     * range {@code [ramAddr, ramAddr + usedLength)} is marked dirty for every client. Pages past a
     * shrunk used length are therefore clean, and a client sees the whole resized block once (as
     * migration must: its contents were rewritten). A resize that keeps the used length leaves the
     * bits alone.
     *
     * @throws IllegalArgumentException if the block is not resizeable and the rounded size differs
     *         from the used length ({@code Size mismatch}), if it exceeds the max length ({@code Size
     *         too large}), or if {@code newSize} is larger than the host memory
     * @throws IllegalStateException if the block has been freed
     */
    public void resize(long newSize) {
        MemorySystem system = region.system();
        system.beginMutation();
        try {
            if (freed) {
                throw new IllegalStateException("RAMBlock is freed: idstr=" + idstr + " region=" + region.name());
            }
            long aligned = list.hostPageAlign(newSize);
            if (aligned == usedLength) {
                if (newSize != region.size()) {
                    checkHostHolds(newSize);
                    region.setSize(newSize);
                    resized.resized(idstr, newSize, host);
                }
                return;
            }
            if (!isResizeable()) {
                throw new IllegalArgumentException("Size mismatch: idstr=" + idstr + " region=" + region.name()
                        + " newSize=0x" + Long.toHexString(aligned) + " usedLength=0x" + Long.toHexString(usedLength));
            }
            if (Long.compareUnsigned(aligned, maxLength) > 0) {
                throw new IllegalArgumentException("Size too large: idstr=" + idstr + " region=" + region.name()
                        + " newSize=0x" + Long.toHexString(aligned) + " maxLength=0x" + Long.toHexString(maxLength));
            }
            checkHostHolds(newSize);
            RamDirtyMemory dirty = system.dirtyLog().ramDirtyMemory();
            if (usedLength != 0) {
                dirty.clearDirtyRange(ramAddr, usedLength);
            }
            usedLength = aligned;
            if (aligned != 0) {
                dirty.setDirtyRange(ramAddr, aligned, DirtyClient.allMask());
            }
            region.setSize(newSize);
            resized.resized(idstr, newSize, host);
        } finally {
            system.endMutation();
        }
    }

    /** Memory from the caller may end before the last page; a region may not grow past it. */
    private void checkHostHolds(long newSize) {
        if (Long.compareUnsigned(newSize, host.byteSize()) > 0) {
            throw new IllegalArgumentException("Size too large: idstr=" + idstr + " region=" + region.name()
                    + " newSize=0x" + Long.toHexString(newSize) + " host=0x" + Long.toHexString(host.byteSize()));
        }
    }

    // ---------------------------------------------------------------- for the list (lock held)

    void setIdstr(String value) {
        idstr = value;
    }

    void setFlag(RamBlockFlag flag, boolean on) {
        EnumSet<RamBlockFlag> copy = flags.isEmpty() ? EnumSet.noneOf(RamBlockFlag.class) : EnumSet.copyOf(flags);
        if (on) {
            copy.add(flag);
        } else {
            copy.remove(flag);
        }
        flags = Collections.unmodifiableSet(copy);
    }

    void markFreed() {
        freed = true;
    }

    RamBlockList list() {
        return list;
    }

    @Override
    public String toString() {
        return "RamBlock[" + (idstr.isEmpty() ? "(" + region.name() + ")" : idstr) + " ramAddr=0x"
                + Long.toHexString(ramAddr) + " used=0x" + Long.toHexString(usedLength) + " max=0x"
                + Long.toHexString(maxLength) + " flags=" + flags + "]";
    }
}
