package dev.physmem.flat;

import dev.physmem.region.MemoryRegion;
import java.util.AbstractList;
import java.util.Iterator;
import java.util.List;

/**
 * The rendered, immutable picture of an address space: sorted, disjoint, merged
 * {@link FlatRange}s, with the dispatch structure that finds the range of an address. QEMU
 * counterpart: {@code FlatView} together with its {@code AddressSpaceDispatch}.
 *
 * <h2>Invariants</h2>
 * For consecutive ranges {@code a, b}: {@code a.last < b.start} (unsigned), and not
 * {@code a.canMergeWith(b)}. {@link #of} checks both; views derived incrementally by
 * {@link ViewUpdater} check them where they changed. {@link #lookup(long)} returns exactly the
 * range of {@link #ranges()} that contains the address.
 *
 * <h2>Representation</h2>
 * The ranges live in a persistent B+-tree ({@code RangeTree}) and the lookup structure is a
 * persistent radix tree over page numbers ({@link DispatchTrie}). A view derived from another
 * shares all but the changed leaves and the paths above them, so deriving costs
 * {@code O(log n)} per changed range, never a copy of all {@code n}. {@link #ranges()} is a view
 * of the tree, not a copy.
 *
 * <h2>Sharing and thread safety</h2>
 * Deeply immutable: nothing reachable from a view changes after it is published (views derived
 * later append to shared storage but never write what an older view reaches). Every address
 * space whose root renders to the same region shares one view; readers take it with one volatile
 * read and use it for a whole access without locks. A view has no mutable field at all: unlike
 * QEMU's {@code AddressSpaceDispatch} it keeps no most recently used section (see
 * {@link #lookup}).
 */
public final class FlatView {
    private static final FlatView EMPTY = new FlatView(null, RangeTree.empty(), DispatchTrie.empty());

    private final MemoryRegion root;
    private final RangeTree tree;
    private final DispatchTrie dispatch;
    /** {@code dispatch.root}, {@code rootShift} and {@code rootPrefix}, copied: one load less per lookup. */
    private final Object dispatchRoot;
    private final int dispatchShift;
    private final long dispatchPrefix;
    private final List<FlatRange> rangeList;

    FlatView(MemoryRegion root, RangeTree tree, DispatchTrie dispatch) {
        this.root = root;
        this.tree = tree;
        this.dispatch = dispatch;
        this.dispatchRoot = dispatch.root;
        this.dispatchShift = dispatch.rootShift;
        this.dispatchPrefix = dispatch.rootPrefix;
        this.rangeList = new RangeList(tree);
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
        FlatRange[] array = ranges.toArray(FlatRange[]::new);
        checkOrdered(array, 0, array.length);
        return new FlatView(root, RangeTree.of(array), DispatchTrie.build(array));
    }

    /** Checks that {@code ranges[from, to)} are sorted, disjoint and merged. */
    static void checkOrdered(FlatRange[] ranges, int from, int to) {
        for (int i = from + 1; i < to; i++) {
            checkAdjacent(ranges[i - 1], ranges[i], i);
        }
    }

    static void checkAdjacent(FlatRange prev, FlatRange next, int index) {
        if (Long.compareUnsigned(prev.last(), next.start()) >= 0) {
            throw new IllegalArgumentException("ranges overlap or are unsorted: index=" + index
                    + " prev.last=0x" + Long.toHexString(prev.last())
                    + " start=0x" + Long.toHexString(next.start()));
        }
        if (prev.canMergeWith(next)) {
            throw new IllegalArgumentException("ranges are not merged: index=" + index
                    + " region=" + next.region().name());
        }
    }

    /** The region the view was rendered from, or null for an address space that renders nothing. */
    public MemoryRegion root() {
        return root;
    }

    /** The ranges in address order: an unmodifiable view, iterated in O(1) per range. */
    public List<FlatRange> ranges() {
        return rangeList;
    }

    /** Number of ranges. */
    public int size() {
        return tree.size();
    }

    /** The range at {@code index} in address order; O(log n). */
    public FlatRange range(int index) {
        return tree.get(index);
    }

    /** Index of the range containing absolute address {@code addr}, or -1 for an unassigned address. */
    public int indexOf(long addr) {
        return tree.indexOf(addr);
    }

    /**
     * Index of the first range that starts after absolute address {@code addr} (unsigned), or
     * {@link #size()} if none does; O(log n). With {@link #indexOf} it finds where a hole ends.
     */
    public int nextIndex(long addr) {
        return tree.floorIndex(addr) + 1;
    }

    /**
     * The range containing absolute address {@code addr}, or null for an unassigned address.
     * Walks the dispatch tree; allocation-free, lock-free, and it writes nothing.
     * QEMU: {@code address_space_lookup_region}.
     *
     * <p>Unlike QEMU there is no most recently used section ({@code mru_section}), checked first
     * and stored after every miss. Measured (docs/PERFORMANCE.md): the check reads the range
     * object, usually on a cold line next to its region, while a page that a range covers whole is
     * answered from the tree's few hot nodes alone (see {@link DispatchTrie#find}); and the store
     * of a reference into a view that has reached the old generation costs G1's post-write barrier,
     * a fence, on every miss. Together they took a random lookup at 4k sections from about 6 ns to
     * 13–16 ns. Writing nothing also keeps the view's cache line shared between vCPU threads. A
     * caller that touches one area repeatedly keeps a {@code MemoryRegionCache} instead.
     */
    public FlatRange lookup(long addr) {
        return DispatchTrie.find(dispatchRoot, dispatchShift, dispatchPrefix, addr);
    }

    /** The dispatch structure behind {@link #lookup(long)}, for dumps and diagnostics. */
    public DispatchTrie dispatch() {
        return dispatch;
    }

    RangeTree tree() {
        return tree;
    }

    @Override
    public String toString() {
        return "FlatView[root=" + (root == null ? "(none)" : root.name()) + ", ranges=" + tree.size() + "]";
    }

    /** {@link FlatView#ranges()}: the tree as an unmodifiable list. */
    private static final class RangeList extends AbstractList<FlatRange> {
        private final RangeTree tree;

        RangeList(RangeTree tree) {
            this.tree = tree;
        }

        @Override
        public FlatRange get(int index) {
            return tree.get(index);
        }

        @Override
        public int size() {
            return tree.size();
        }

        @Override
        public Iterator<FlatRange> iterator() {
            return tree.cursor(0);
        }
    }
}
