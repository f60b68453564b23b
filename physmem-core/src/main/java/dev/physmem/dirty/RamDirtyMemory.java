package dev.physmem.dirty;

import java.util.Objects;

/**
 * The dirty bitmaps of one memory system, one per {@link DirtyClient}, over the ram address space.
 * QEMU counterpart: {@code ram_list.dirty_memory[]} with the {@code cpu_physical_memory_*_dirty*}
 * functions of {@code include/exec/ram_addr.h} and {@code softmmu/physmem.c}.
 *
 * <h2>Frame of reference</h2>
 * Every address here is a <em>ram address</em> ({@code ram_addr_t}): a position in the ram
 * address space where {@link dev.physmem.ram.RamBlock}s are placed, never a guest-physical
 * address and never an offset within a region. Page {@code p} is ram addresses
 * {@code [p * PAGE_SIZE, (p + 1) * PAGE_SIZE)}; a range covers every page it overlaps. Region
 * offsets are translated by {@link DirtyLog} and {@link RamDirtyLog}:
 * {@code ramAddr = block.ramAddr() + offsetInRegion}.
 *
 * <h2>What sets and clears bits</h2>
 * <ul>
 * <li>Writes to RAM, through {@link RamDirtyLog#markWritten}, for the clients logging the region.</li>
 * <li>A new block: its used range dirty for every client (QEMU's {@code ram_block_add}).</li>
 * <li>A resized block: its old used range cleared, its new used range dirty for every client
 *     (QEMU's {@code qemu_ram_resize}), so pages past a shrunk used length are clean.</li>
 * <li>A freed block: its whole range ({@code maxLength}) cleared for every client, so a block
 *     later placed there starts like one at fresh ram addresses. QEMU leaves a freed block's bits
 *     as they were; clearing them makes a reused range behave like a new one.</li>
 * </ul>
 *
 * <h2>Growth and thread safety</h2>
 * The bitmaps cover {@code [0, }{@link #ramAddrLimit()}{@code )} and grow ({@link #extend}, under
 * the topology lock) before a block is placed beyond that; they never shrink. Marking, queries and
 * clears take no lock and may run on any thread, concurrently with growth (see
 * {@link DirtyBitmap}).
 */
public final class RamDirtyMemory {
    /** Bytes per dirty bit. */
    private static final long PAGE = DirtyLog.PAGE_SIZE;

    private final DirtyBitmap[] bitmaps = new DirtyBitmap[DirtyClient.values().length];

    RamDirtyMemory() {
        for (int c = 0; c < bitmaps.length; c++) {
            bitmaps[c] = new DirtyBitmap();
        }
    }

    /**
     * One past the last ram address the bitmaps cover: at least the end of every block placed so
     * far, rounded up to a whole bitmap block.
     */
    public long ramAddrLimit() {
        return bitmaps[bitmaps.length - 1].pages() * PAGE;
    }

    /**
     * Makes every client's bitmap cover ram addresses {@code [0, ramAddrEnd)}, new pages clean.
     * Called by {@link dev.physmem.ram.RamBlockList} with the topology lock held before it places a
     * block ending at {@code ramAddrEnd}. QEMU: {@code dirty_memory_extend}.
     *
     * @throws IllegalArgumentException if {@code ramAddrEnd} is negative (past 2^63)
     */
    public void extend(long ramAddrEnd) {
        if (ramAddrEnd < 0) {
            throw new IllegalArgumentException("ram address space past 2^63: ramAddrEnd=0x"
                    + Long.toHexString(ramAddrEnd));
        }
        long pages = (ramAddrEnd + PAGE - 1) / PAGE;
        // MIGRATION last: ramAddrLimit() reads it, so it never reports more than every bitmap covers.
        for (DirtyBitmap b : bitmaps) {
            b.extend(pages);
        }
    }

    /**
     * Marks the pages of {@code [ramAddr, ramAddr + length)} dirty for every client in
     * {@code clientMask} (a mask of {@link DirtyClient#bit()}). QEMU:
     * {@code cpu_physical_memory_set_dirty_range}.
     *
     * @throws IllegalArgumentException if the range is empty or outside {@link #ramAddrLimit()},
     *         or the mask has bits of no client
     */
    public void setDirtyRange(long ramAddr, long length, int clientMask) {
        DirtyClient.setOf(clientMask);
        checkRange(ramAddr, length);
        mark(clientMask, ramAddr, length);
    }

    /**
     * Clears every client's bits for the pages of {@code [ramAddr, ramAddr + length)}. QEMU:
     * {@code cpu_physical_memory_clear_dirty_range}.
     *
     * @throws IllegalArgumentException if the range is empty or outside {@link #ramAddrLimit()}
     */
    public void clearDirtyRange(long ramAddr, long length) {
        checkRange(ramAddr, length);
        for (DirtyBitmap b : bitmaps) {
            b.clear(firstPage(ramAddr), lastPage(ramAddr, length));
        }
    }

    /**
     * True if any page of {@code [ramAddr, ramAddr + length)} is dirty for {@code client}. QEMU:
     * {@code cpu_physical_memory_get_dirty}.
     *
     * @throws IllegalArgumentException if the range is empty or outside {@link #ramAddrLimit()}
     */
    public boolean getDirty(long ramAddr, long length, DirtyClient client) {
        checkRange(ramAddr, length);
        return bitmap(client).anyDirty(firstPage(ramAddr), lastPage(ramAddr, length));
    }

    /**
     * Clears {@code client}'s bits for the pages of {@code [ramAddr, ramAddr + length)}; true if
     * any was set. Each word is tested and cleared atomically. QEMU:
     * {@code cpu_physical_memory_test_and_clear_dirty}.
     *
     * @throws IllegalArgumentException if the range is empty or outside {@link #ramAddrLimit()}
     */
    public boolean testAndClearDirty(long ramAddr, long length, DirtyClient client) {
        checkRange(ramAddr, length);
        return bitmap(client).clear(firstPage(ramAddr), lastPage(ramAddr, length));
    }

    /**
     * Number of pages of {@code [ramAddr, ramAddr + length)} dirty for {@code client}; not atomic
     * as a whole (for tests, statistics and migration's progress).
     *
     * @throws IllegalArgumentException if the range is empty or outside {@link #ramAddrLimit()}
     */
    public long dirtyPages(long ramAddr, long length, DirtyClient client) {
        checkRange(ramAddr, length);
        return bitmap(client).countDirty(firstPage(ramAddr), lastPage(ramAddr, length));
    }

    /**
     * Moves {@code client}'s bits of {@code [ramAddr, ramAddr + length)} into {@code into}, a
     * bitmap of the range (bit {@code i % 64} of word {@code i / 64} is the range's page
     * {@code i}): each bit set here is ORed into {@code into} and cleared here, atomically per
     * word, so a page marked concurrently is either moved or still dirty afterwards. Returns the
     * number of pages newly set in {@code into}. Does not sync: call
     * {@link DirtyLog#globalSync()} first. QEMU: {@code cpu_physical_memory_sync_dirty_bitmap}
     * (migration's {@code rb->bmap} is {@code into}).
     *
     * @throws IllegalArgumentException if the range is empty or outside {@link #ramAddrLimit()},
     *         if {@code ramAddr} is not a multiple of {@link DirtyLog#SNAPSHOT_ALIGN} or
     *         {@code length} of the page size, or if {@code into} is too short for the range
     */
    public long moveDirtyInto(long ramAddr, long length, DirtyClient client, long[] into) {
        checkRange(ramAddr, length);
        Objects.requireNonNull(into, "into");
        long pages = length / PAGE;
        if (ramAddr % DirtyLog.SNAPSHOT_ALIGN != 0 || length % PAGE != 0 || into.length < (pages + 63) / 64) {
            throw new IllegalArgumentException("range must start on a bitmap word and hold whole pages: ramAddr=0x"
                    + Long.toHexString(ramAddr) + " length=0x" + Long.toHexString(length)
                    + " intoWords=" + into.length);
        }
        return bitmap(client).moveInto(firstPage(ramAddr), pages, into);
    }

    // ---------------------------------------------------------------- for the dirty log

    /** Marks without checks: the hot path, ranges known to lie inside a placed block. Allocation-free. */
    void mark(int clients, long ramAddr, long length) {
        long first = firstPage(ramAddr);
        long last = lastPage(ramAddr, length);
        for (int c = 0; clients != 0; c++, clients >>>= 1) {
            if ((clients & 1) != 0) {
                bitmaps[c].mark(first, last);
            }
        }
    }

    /** Takes and clears {@code client}'s words {@code [fromWord, toWord)}, inside the covered range. */
    long[] snapshotAndClear(DirtyClient client, long fromWord, long toWord) {
        return bitmap(client).snapshotAndClear(fromWord, toWord);
    }

    DirtyBitmap bitmap(DirtyClient client) {
        return bitmaps[Objects.requireNonNull(client, "client").ordinal()];
    }

    private static long firstPage(long ramAddr) {
        return ramAddr / PAGE;
    }

    private static long lastPage(long ramAddr, long length) {
        return (ramAddr + length - 1) / PAGE;
    }

    private void checkRange(long ramAddr, long length) {
        long limit = ramAddrLimit();
        if (length <= 0 || ramAddr < 0 || ramAddr > limit - length) {
            throw new IllegalArgumentException("range outside the ram address space: ramAddr=0x"
                    + Long.toHexString(ramAddr) + " length=0x" + Long.toHexString(length)
                    + " ramAddrLimit=0x" + Long.toHexString(limit));
        }
    }
}
