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
 * read and use it for a whole access without locks. The one mutable field, the most recently
 * used range, is only recorded for the dump: a race on it can never change a lookup.
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
    /** Most recently found range (QEMU: {@code mru_section}), for the dump; benign race, may be null. */
    private FlatRange mru;

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
     * Walks the dispatch tree, then records the range found as the most recently used one;
     * allocation-free and lock-free. QEMU: {@code address_space_lookup_region}.
     *
     * <p>Unlike QEMU this does not test the most recently used range before the walk: that test
     * reads the range object, which is usually on a cold line (next to its region, wherever the
     * collector placed it), while a page a range covers whole is answered from the tree's hot
     * nodes alone (see {@link DispatchTrie#find}). The field is still kept, for the dump.
     */
    public FlatRange lookup(long addr) {
        FlatRange r = DispatchTrie.find(dispatchRoot, dispatchShift, dispatchPrefix, addr);
        if (r != null && r != mru) {
            mru = r;
        }
        return r;
    }

    /** The most recently used range, as {@code info mtree -f -d} marks it; null if none yet. */
    public FlatRange mostRecentlyUsed() {
        return mru;
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
