package dev.physmem.flat;

import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * The ranges of a {@link FlatView} in address order, as a persistent B+-tree: replacing a few
 * ranges copies one leaf and the path above it ({@code O(B · log_B n)}), and every other node is
 * shared with the version it was derived from. QEMU has no counterpart (it rebuilds a flat array
 * per commit).
 *
 * <h2>Shape</h2>
 * Leaves are {@code FlatRange[]} of 1 to {@link #LEAF_MAX} ranges; inner nodes hold 1 to
 * {@link #INNER_MAX} children with cumulative counts (for rank) and each child's first start (for
 * address search). Inner nodes are narrower because a child costs 16 bytes there and a range 4 in
 * a leaf: a commit's path copy stays around half a kilobyte.
 * All leaves are at the same depth. Nodes never underflow by rule; instead a tree whose height
 * exceeds the minimum for its size by more than one is rebuilt, so height stays
 * {@code O(log n)} and node count {@code O(n)}.
 *
 * <h2>Thread safety</h2>
 * Deeply immutable once built; nodes are never written after construction.
 */
final class RangeTree {
    /** Maximum ranges per leaf. */
    static final int LEAF_MAX = 64;
    /** Maximum children per inner node. */
    static final int INNER_MAX = 16;

    private static final RangeTree EMPTY = new RangeTree(null, 0, 0);
    private static final FlatRange[] NONE = new FlatRange[0];

    /** An inner node: children (all of one height) with cumulative sizes and first starts. */
    private static final class Inner {
        final Object[] children;
        /** {@code ends[i]} = number of ranges in children {@code 0..i}. */
        final int[] ends;
        /** First start (unsigned) of each child. */
        final long[] firsts;

        Inner(Object[] children, int height) {
            this.children = children;
            this.ends = new int[children.length];
            this.firsts = new long[children.length];
            int total = 0;
            for (int i = 0; i < children.length; i++) {
                total += count(children[i], height - 1);
                ends[i] = total;
                firsts[i] = first(children[i], height - 1);
            }
        }

        private Inner(Object[] children, int[] ends, long[] firsts) {
            this.children = children;
            this.ends = ends;
            this.firsts = firsts;
        }

        int size() {
            return ends[ends.length - 1];
        }
    }

    /** {@code FlatRange[]} (a leaf), {@link Inner}, or null when empty. */
    private final Object root;
    private final int size;
    /** 0 when the root is a leaf. */
    private final int height;

    private RangeTree(Object root, int size, int height) {
        this.root = root;
        this.size = size;
        this.height = height;
    }

    /** The empty sequence. */
    static RangeTree empty() {
        return EMPTY;
    }

    /** A balanced tree over {@code ranges}, which the caller has checked (sorted, disjoint, merged). */
    static RangeTree of(FlatRange[] ranges) {
        if (ranges.length == 0) {
            return EMPTY;
        }
        Object[] level = chunk(ranges, 0, ranges.length);
        int height = 0;
        while (level.length > 1) {
            level = group(level, 0, level.length, height + 1);
            height++;
        }
        return new RangeTree(level[0], ranges.length, height);
    }

    int size() {
        return size;
    }

    int height() {
        return height;
    }

    /** The range at rank {@code index}. */
    FlatRange get(int index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException("index=" + index + " size=" + size);
        }
        Object n = root;
        for (int h = height; h > 0; h--) {
            Inner in = (Inner) n;
            int c = childOfRank(in.ends, index);
            if (c > 0) {
                index -= in.ends[c - 1];
            }
            n = in.children[c];
        }
        return ((FlatRange[]) n)[index];
    }

    /** Rank of the last range whose start is {@code <= addr} (unsigned), or -1 if there is none. */
    int floorIndex(long addr) {
        if (root == null) {
            return -1;
        }
        Object n = root;
        int base = 0;
        for (int h = height; h > 0; h--) {
            Inner in = (Inner) n;
            int c = floor(in.firsts, in.firsts.length, addr);
            if (c < 0) {
                return -1;
            }
            if (c > 0) {
                base += in.ends[c - 1];
            }
            n = in.children[c];
        }
        FlatRange[] leaf = (FlatRange[]) n;
        int hi = lastStartingAtOrBefore(leaf, addr);
        return hi < 0 ? -1 : base + hi;
    }

    /** Index in {@code leaf} of the last range starting at or before {@code addr} (unsigned); -1 if none. */
    private static int lastStartingAtOrBefore(FlatRange[] leaf, long addr) {
        int lo = 0;
        int hi = leaf.length - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (Long.compareUnsigned(leaf[mid].start(), addr) <= 0) {
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return hi;
    }

    /** Rank of the first range whose last address is {@code >= addr} (unsigned); {@code size()} if none. */
    int firstMeeting(long addr) {
        if (root == null) {
            return 0;
        }
        Object n = root;
        int base = 0;
        for (int h = height; h > 0; h--) {
            Inner in = (Inner) n;
            int c = Math.max(0, floor(in.firsts, in.firsts.length, addr));
            if (c > 0) {
                base += in.ends[c - 1];
            }
            n = in.children[c];
        }
        FlatRange[] leaf = (FlatRange[]) n;
        int hi = lastStartingAtOrBefore(leaf, addr);
        // leaf[hi] is the last range starting at or before addr (hi = -1: none in this leaf).
        if (hi >= 0 && Long.compareUnsigned(leaf[hi].last(), addr) < 0) {
            hi++;
        }
        return base + Math.max(hi, 0);
    }

    /** Rank of the range containing {@code addr}, or -1. */
    int indexOf(long addr) {
        int i = floorIndex(addr);
        return i >= 0 && Long.compareUnsigned(addr, get(i).last()) <= 0 ? i : -1;
    }

    /**
     * A tree whose ranks {@code [from, to)} are replaced by {@code replacement}; this tree is not
     * changed. The caller guarantees that the result is sorted, disjoint and merged.
     */
    RangeTree replace(int from, int to, FlatRange[] replacement) {
        if (from < 0 || to < from || to > size) {
            throw new IndexOutOfBoundsException("from=" + from + " to=" + to + " size=" + size);
        }
        int newSize = size - (to - from) + replacement.length;
        if (root == null) {
            return of(replacement);
        }
        if (newSize == 0) {
            return EMPTY;
        }
        Object[] nodes = replaceIn(root, height, from, to, replacement);
        int h = height;
        while (nodes.length > 1) {
            nodes = group(nodes, 0, nodes.length, h + 1);
            h++;
        }
        Object r = nodes[0];
        while (h > 0 && ((Inner) r).children.length == 1) {
            r = ((Inner) r).children[0];
            h--;
        }
        RangeTree t = new RangeTree(r, newSize, h);
        return h > minimumHeight(newSize) + 1 ? of(t.toArray(0, newSize)) : t;
    }

    /** The ranges of ranks {@code [from, to)} in a new array. */
    FlatRange[] toArray(int from, int to) {
        FlatRange[] out = new FlatRange[to - from];
        Cursor c = cursor(from);
        for (int i = 0; i < out.length; i++) {
            out[i] = c.next();
        }
        return out;
    }

    /** A cursor positioned before rank {@code from}. */
    Cursor cursor(int from) {
        return new Cursor(from);
    }

    /**
     * Iterates ranges in address order from a rank, in {@code O(1)} amortized per step (it keeps
     * the path to the current leaf).
     */
    final class Cursor implements Iterator<FlatRange> {
        private final Object[] path = new Object[height + 1];
        private final int[] slot = new int[height + 1];
        private int remaining;

        private Cursor(int from) {
            if (from < 0 || from > size) {
                throw new IndexOutOfBoundsException("from=" + from + " size=" + size);
            }
            remaining = size - from;
            if (remaining == 0) {
                return;
            }
            Object n = root;
            int index = from;
            for (int h = height; h > 0; h--) {
                Inner in = (Inner) n;
                int c = childOfRank(in.ends, index);
                if (c > 0) {
                    index -= in.ends[c - 1];
                }
                path[h] = in;
                slot[h] = c;
                n = in.children[c];
            }
            path[0] = n;
            slot[0] = index;
        }

        @Override
        public boolean hasNext() {
            return remaining > 0;
        }

        @Override
        public FlatRange next() {
            if (remaining <= 0) {
                throw new NoSuchElementException();
            }
            FlatRange[] leaf = (FlatRange[]) path[0];
            FlatRange r = leaf[slot[0]];
            if (--remaining > 0 && ++slot[0] == leaf.length) {
                advanceLeaf();
            }
            return r;
        }

        private void advanceLeaf() {
            int h = 1;
            while (++slot[h] == ((Inner) path[h]).children.length) {
                h++;
            }
            for (; h > 0; h--) {
                Object child = ((Inner) path[h]).children[slot[h]];
                path[h - 1] = child;
                slot[h - 1] = 0;
            }
        }
    }

    // ---------------------------------------------------------------- mechanics

    private static Object[] replaceIn(Object node, int h, int from, int to, FlatRange[] repl) {
        if (h == 0) {
            FlatRange[] items = (FlatRange[]) node;
            int len = items.length - (to - from) + repl.length;
            if (len == 0) {
                return new Object[0];
            }
            FlatRange[] out = new FlatRange[len];
            System.arraycopy(items, 0, out, 0, from);
            System.arraycopy(repl, 0, out, from, repl.length);
            System.arraycopy(items, to, out, from + repl.length, items.length - to);
            return len <= LEAF_MAX ? new Object[] {out} : chunk(out, 0, len);
        }
        Inner in = (Inner) node;
        int n = in.children.length;
        int total = in.size();
        int c0 = from == total ? n - 1 : childOfRank(in.ends, from);
        int c1 = to > from ? childOfRank(in.ends, to - 1) : c0;
        int start0 = c0 == 0 ? 0 : in.ends[c0 - 1];
        Object[] res0;
        Object[] res1;
        if (c0 == c1) {
            res0 = replaceIn(in.children[c0], h - 1, from - start0, to - start0, repl);
            res1 = new Object[0];
        } else {
            res0 = replaceIn(in.children[c0], h - 1, from - start0, in.ends[c0] - start0, repl);
            int start1 = in.ends[c1 - 1];
            res1 = replaceIn(in.children[c1], h - 1, 0, to - start1, NONE);
        }
        int mid = res0.length + res1.length;
        int suffix = n - c1 - 1;
        int len = c0 + mid + suffix;
        if (len == 0) {
            return new Object[0];
        }
        Object[] kids = new Object[len];
        System.arraycopy(in.children, 0, kids, 0, c0);
        System.arraycopy(res0, 0, kids, c0, res0.length);
        System.arraycopy(res1, 0, kids, c0 + res0.length, res1.length);
        System.arraycopy(in.children, c1 + 1, kids, c0 + mid, suffix);
        if (len > INNER_MAX) {
            return group(kids, 0, len, h);
        }
        // Counts and first starts of untouched children are copied, not read from the children.
        int[] ends = new int[len];
        long[] firsts = new long[len];
        System.arraycopy(in.ends, 0, ends, 0, c0);
        System.arraycopy(in.firsts, 0, firsts, 0, c0);
        int end = start0;
        for (int i = c0; i < c0 + mid; i++) {
            end += count(kids[i], h - 1);
            ends[i] = end;
            firsts[i] = first(kids[i], h - 1);
        }
        int delta = end - in.ends[c1];
        for (int i = c0 + mid, j = c1 + 1; i < len; i++, j++) {
            ends[i] = in.ends[j] + delta;
            firsts[i] = in.firsts[j];
        }
        return new Object[] {new Inner(kids, ends, firsts)};
    }

    /** Splits {@code ranges[from, to)} into evenly filled leaves of at most {@link #LEAF_MAX}. */
    private static Object[] chunk(FlatRange[] ranges, int from, int to) {
        int len = to - from;
        int k = (len + LEAF_MAX - 1) / LEAF_MAX;
        Object[] out = new Object[k];
        int pos = from;
        for (int i = 0; i < k; i++) {
            int n = len / k + (i < len % k ? 1 : 0);
            out[i] = Arrays.copyOfRange(ranges, pos, pos + n);
            pos += n;
        }
        return out;
    }

    /** Groups nodes of height {@code h - 1} into evenly filled inner nodes of {@link #INNER_MAX} at most. */
    private static Object[] group(Object[] nodes, int from, int to, int h) {
        int len = to - from;
        int k = (len + INNER_MAX - 1) / INNER_MAX;
        Object[] out = new Object[k];
        int pos = from;
        for (int i = 0; i < k; i++) {
            int n = len / k + (i < len % k ? 1 : 0);
            out[i] = new Inner(Arrays.copyOfRange(nodes, pos, pos + n), h);
            pos += n;
        }
        return out;
    }

    private static int count(Object node, int h) {
        return h == 0 ? ((FlatRange[]) node).length : ((Inner) node).size();
    }

    private static long first(Object node, int h) {
        return h == 0 ? ((FlatRange[]) node)[0].start() : ((Inner) node).firsts[0];
    }

    /** The child whose cumulative end first exceeds {@code index}. */
    private static int childOfRank(int[] ends, int index) {
        int lo = 0;
        int hi = ends.length - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (ends[mid] > index) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    /** Last {@code i < n} with {@code keys[i] <= key} (unsigned), or -1. */
    private static int floor(long[] keys, int n, long key) {
        int lo = 0;
        int hi = n - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (Long.compareUnsigned(keys[mid], key) <= 0) {
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return hi;
    }

    private static int minimumHeight(int n) {
        int h = 0;
        long capacity = LEAF_MAX;
        while (capacity < n) {
            capacity *= INNER_MAX;
            h++;
        }
        return h;
    }
}
