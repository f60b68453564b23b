package dev.physmem.dirty;

import dev.physmem.region.RamRegion;

/**
 * The dirty-logging state of one RAM region: which clients log it, and their bitmaps over its
 * pages. Every write that reaches the region's memory through the API calls
 * {@link #markWritten}; everything else goes through {@link DirtyLog}. QEMU counterpart:
 * {@code MemoryRegion.dirty_log_mask} and {@code vga_logging_count}, with the region's share of
 * {@code ram_list.dirty_memory}.
 *
 * <h2>Frames of reference</h2>
 * Offsets are offsets within the region; page {@code p} is offsets
 * {@code [p * PAGE_SIZE, (p + 1) * PAGE_SIZE)}. The bitmaps cover the region's whole backing, so
 * a region that grows keeps its bits. (When RAM blocks give every region a place in the ram
 * address space, this class turns into a window onto the global per-client bitmaps at the
 * block's ram address; nothing outside it changes.)
 *
 * <h2>Initial state</h2>
 * As in QEMU's {@code ram_block_add}, every page starts dirty for every client: a client that
 * starts logging sees the whole region once before it sees only changes.
 *
 * <h2>Thread safety</h2>
 * {@link #markWritten} may run on any thread without locks: one volatile read of the mask, then
 * per client a plain read of the bitmap word before an atomic OR. Changes to the logging state
 * happen under the memory system's topology lock.
 */
public final class RamDirtyLog {
    private final RamRegion region;
    /** Per client: how many {@code setLog(on)} are outstanding. Topology lock. */
    private final int[] logCount = new int[DirtyClient.values().length];
    /** Per client bitmap, made on first use; final-field publication makes a racy read safe. */
    private final DirtyBitmap[] bitmaps = new DirtyBitmap[DirtyClient.values().length];
    /** Clients whose bits writes set: the region's own logging plus MIGRATION while global logging is on. */
    private volatile int mask;
    /** The region's own mask (without global logging). Topology lock. */
    private int ownMask;

    /**
     * The state of {@code region}, logging MIGRATION from the start if {@code globalLogging}.
     * Made by the region itself.
     */
    public RamDirtyLog(RamRegion region, boolean globalLogging) {
        this.region = region;
        this.mask = globalLogging ? DirtyClient.MIGRATION.bit() : 0;
    }

    /**
     * Marks the pages of {@code [offset, offset + length)} dirty for every client logging the
     * region. Called by every RAM write path after the bytes are stored; allocation-free. QEMU:
     * {@code invalidate_and_set_dirty}.
     */
    public void markWritten(long offset, long length) {
        int m = mask;
        if (m != 0 && length > 0) {
            mark(m, offset, length);
        }
    }

    /** The clients writes currently mark, as a mask of {@link DirtyClient#bit()}. */
    public int mask() {
        return mask;
    }

    void mark(int clients, long offset, long length) {
        long first = offset / DirtyLog.PAGE_SIZE;
        long last = (offset + length - 1) / DirtyLog.PAGE_SIZE;
        for (int c = 0; clients != 0; c++, clients >>>= 1) {
            if ((clients & 1) != 0) {
                bitmap(c).mark(first, last);
            }
        }
    }

    /** The bitmap of client number {@code c}, made (every page dirty) on first use. */
    DirtyBitmap bitmap(int c) {
        DirtyBitmap b = bitmaps[c];
        return b != null ? b : makeBitmap(c);
    }

    private synchronized DirtyBitmap makeBitmap(int c) {
        DirtyBitmap b = bitmaps[c];
        if (b == null) {
            long bytes = region.backing().byteSize();
            b = new DirtyBitmap((bytes + DirtyLog.PAGE_SIZE - 1) / DirtyLog.PAGE_SIZE, true);
            bitmaps[c] = b;
        }
        return b;
    }

    /** Counts a {@code setLog}; true when the client's bit in the region's own mask changed. Lock held. */
    boolean count(DirtyClient client, boolean on) {
        int c = client.ordinal();
        if (!on && logCount[c] == 0) {
            throw new IllegalStateException("dirty logging was not started: region=" + region.name()
                    + " client=" + client);
        }
        logCount[c] += on ? 1 : -1;
        boolean logging = logCount[c] > 0;
        if (logging == ((ownMask & client.bit()) != 0)) {
            return false;
        }
        ownMask ^= client.bit();
        return true;
    }

    /** Recomputes the mask writes use from the own mask and the global state. Lock held. */
    void update(boolean globalLogging) {
        int m = ownMask | (globalLogging ? DirtyClient.MIGRATION.bit() : 0);
        for (int c = 0; c < bitmaps.length; c++) {
            if ((m & (1 << c)) != 0) {
                bitmap(c);
            }
        }
        mask = m;
    }
}
