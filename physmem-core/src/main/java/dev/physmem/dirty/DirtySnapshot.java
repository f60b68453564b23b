package dev.physmem.dirty;

import dev.physmem.region.RamRegion;

/**
 * The dirty bits of one client over a range of a RAM region, taken and cleared at once by
 * {@link DirtyLog#snapshotAndClearDirty}. QEMU counterpart: {@code DirtyBitmapSnapshot}.
 *
 * <p>The range is the requested one rounded out to whole bitmap words ({@link DirtyLog#SNAPSHOT_ALIGN}
 * bytes) in the ram address space, given here as offsets within the region: {@code [start, end)}.
 * The region's block starts on such a word, so the rounding is the same in both frames and never
 * reaches another block; {@code end} may pass the region's size (those pages are clean).
 * Immutable; valid for as long as the caller keeps it, and independent of later writes.
 */
public final class DirtySnapshot {
    private final RamRegion region;
    private final DirtyClient client;
    private final long start;
    private final long end;
    private final long[] words;

    DirtySnapshot(RamRegion region, DirtyClient client, long start, long end, long[] words) {
        this.region = region;
        this.client = client;
        this.start = start;
        this.end = end;
        this.words = words;
    }

    /** The region the snapshot was taken of. */
    public RamRegion region() {
        return region;
    }

    /** The client whose bits these are. */
    public DirtyClient client() {
        return client;
    }

    /** First offset within the region the snapshot covers (a multiple of {@link DirtyLog#SNAPSHOT_ALIGN}). */
    public long start() {
        return start;
    }

    /** One past the last offset within the region the snapshot covers. */
    public long end() {
        return end;
    }

    /**
     * True if any page overlapping {@code [offset, offset + size)} (offsets within the region) was
     * dirty when the snapshot was taken. QEMU: {@code memory_region_snapshot_get_dirty}.
     *
     * @throws IllegalArgumentException if the range is empty or not inside {@code [start, end)}
     */
    public boolean isDirty(long offset, long size) {
        if (size <= 0 || offset < start || offset > end - size) {
            throw new IllegalArgumentException("range outside snapshot: offset=0x" + Long.toHexString(offset)
                    + " size=0x" + Long.toHexString(size) + " start=0x" + Long.toHexString(start)
                    + " end=0x" + Long.toHexString(end));
        }
        long first = (offset - start) / DirtyLog.PAGE_SIZE;
        long last = (offset - start + size - 1) / DirtyLog.PAGE_SIZE;
        for (long p = first; p <= last; p++) {
            if ((words[(int) (p >>> 6)] & (1L << p)) != 0) {
                return true;
            }
        }
        return false;
    }

    /** Number of dirty pages in the snapshot. */
    public long dirtyPages() {
        long n = 0;
        for (long w : words) {
            n += Long.bitCount(w);
        }
        return n;
    }

    @Override
    public String toString() {
        return "DirtySnapshot[region=" + region.name() + " client=" + client + " start=0x" + Long.toHexString(start)
                + " end=0x" + Long.toHexString(end) + " dirtyPages=" + dirtyPages() + "]";
    }
}
