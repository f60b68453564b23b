package dev.physmem.flat;

import dev.physmem.region.MemoryRegion;
import java.util.Arrays;
import java.util.List;

/**
 * The rendered, immutable picture of an address space: sorted, disjoint, merged
 * {@link FlatRange}s. QEMU counterpart: {@code FlatView}.
 *
 * <h2>Invariants</h2>
 * For consecutive ranges {@code a, b}: {@code a.last < b.start} (unsigned), and not
 * {@code a.canMergeWith(b)}. The constructor checks both.
 *
 * <h2>Sharing and thread safety</h2>
 * Deeply immutable. Every address space whose root renders to the same region shares one view;
 * readers take it with one volatile read and use it for a whole access without locks.
 */
public final class FlatView {
    private static final FlatView EMPTY = new FlatView(null, new FlatRange[0]);

    private final MemoryRegion root;
    private final FlatRange[] ranges;
    /** Range starts with the sign bit flipped, so signed comparison orders them unsigned. */
    private final long[] keys;
    private final List<FlatRange> rangeList;

    private FlatView(MemoryRegion root, FlatRange[] ranges) {
        this.root = root;
        this.ranges = ranges;
        this.keys = new long[ranges.length];
        for (int i = 0; i < ranges.length; i++) {
            keys[i] = ranges[i].start() ^ Long.MIN_VALUE;
            if (i > 0) {
                FlatRange prev = ranges[i - 1];
                if (Long.compareUnsigned(prev.last(), ranges[i].start()) >= 0) {
                    throw new IllegalArgumentException("ranges overlap or are unsorted: index=" + i
                            + " prev.last=0x" + Long.toHexString(prev.last())
                            + " start=0x" + Long.toHexString(ranges[i].start()));
                }
                if (prev.canMergeWith(ranges[i])) {
                    throw new IllegalArgumentException("ranges are not merged: index=" + i
                            + " region=" + ranges[i].region().name());
                }
            }
        }
        this.rangeList = List.of(ranges);
    }

    /** The view of an address space whose root renders nothing. */
    public static FlatView empty() {
        return EMPTY;
    }

    /**
     * A view of {@code root} from ranges that are sorted, disjoint and merged.
     *
     * @throws IllegalArgumentException if they are not
     */
    public static FlatView of(MemoryRegion root, List<FlatRange> ranges) {
        return new FlatView(root, ranges.toArray(FlatRange[]::new));
    }

    /** The region the view was rendered from, or null for an address space that renders nothing. */
    public MemoryRegion root() {
        return root;
    }

    /** The ranges in address order. */
    public List<FlatRange> ranges() {
        return rangeList;
    }

    /** Number of ranges. */
    public int size() {
        return ranges.length;
    }

    /** The range at {@code index} in address order. */
    public FlatRange range(int index) {
        return ranges[index];
    }

    /** Index of the range containing absolute address {@code addr}, or -1 for an unassigned address. */
    public int indexOf(long addr) {
        long key = addr ^ Long.MIN_VALUE;
        int i = Arrays.binarySearch(keys, key);
        if (i < 0) {
            i = -i - 2;
            if (i < 0) {
                return -1;
            }
        }
        return Long.compareUnsigned(addr, ranges[i].last()) <= 0 ? i : -1;
    }

    /** The range containing {@code addr}, or null for an unassigned address. */
    public FlatRange lookup(long addr) {
        int i = indexOf(addr);
        return i < 0 ? null : ranges[i];
    }

    @Override
    public String toString() {
        return "FlatView[root=" + (root == null ? "(none)" : root.name()) + ", ranges=" + ranges.length + "]";
    }
}
