package dev.physmem.flat;

/**
 * One target page that two or more ranges share: the dispatch tree's leaf for it lists them by
 * their first offset inside the page. QEMU counterpart: {@code subpage_t}.
 *
 * <p>Invariant: {@code ranges} are sorted, disjoint, each meets the page, and
 * {@code firstOffsets[i]} is the offset within the page where {@code ranges[i]} starts (0 for a
 * range that begins on an earlier page). Deeply immutable.
 */
final class Subpage {
    private static final int LINEAR_SCAN = 8;

    /** The page number ({@code address >>> 12}). */
    final long page;
    final int[] firstOffsets;
    final FlatRange[] ranges;

    Subpage(long page, FlatRange[] ranges) {
        this.page = page;
        this.ranges = ranges;
        this.firstOffsets = new int[ranges.length];
        long pageStart = page << DispatchTrie.PAGE_BITS;
        for (int i = 0; i < ranges.length; i++) {
            long start = ranges[i].start();
            firstOffsets[i] = Long.compareUnsigned(start, pageStart) <= 0 ? 0 : (int) (start - pageStart);
        }
    }

    /** The range containing {@code addr}, or null (also for an address on another page). */
    FlatRange lookup(long addr) {
        int off = (int) addr & DispatchTrie.PAGE_MASK;
        int[] firsts = firstOffsets;
        int i;
        if (firsts.length <= LINEAR_SCAN) {
            i = 0;
            while (i + 1 < firsts.length && firsts[i + 1] <= off) {
                i++;
            }
        } else {
            int lo = 0;
            int hi = firsts.length - 1;
            while (lo < hi) {
                int mid = (lo + hi + 1) >>> 1;
                if (firsts[mid] <= off) {
                    lo = mid;
                } else {
                    hi = mid - 1;
                }
            }
            i = lo;
        }
        FlatRange r = ranges[i];
        return r.contains(addr) ? r : null;
    }
}
