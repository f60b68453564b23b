package dev.physmem.flat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * The ranges a {@link Renderer} has placed so far, disjoint, by start address (unsigned), with
 * the two questions a fill asks: the last range starting at or before an address, and the first
 * starting at or after one. QEMU counterpart: the {@code FlatView} being built by
 * {@code render_memory_region}.
 *
 * <p>A window render usually places one to a few ranges, so they start in a sorted array
 * (binary search, no boxing); past {@value #ARRAY_LIMIT} ranges they move to a {@link TreeMap},
 * which keeps a full render {@code O(n log n)}. Single use, single thread.
 */
final class PlacedRanges {
    private static final int ARRAY_LIMIT = 64;

    private FlatRange[] array = new FlatRange[4];
    private int size;
    /** Keyed by start with the sign bit flipped, so that signed order is unsigned order. */
    private TreeMap<Long, FlatRange> tree;

    /** The placed range with the greatest start {@code <= addr}, or null. */
    FlatRange floor(long addr) {
        if (tree != null) {
            Map.Entry<Long, FlatRange> e = tree.floorEntry(addr ^ Long.MIN_VALUE);
            return e == null ? null : e.getValue();
        }
        int i = lastAtOrBefore(addr);
        return i < 0 ? null : array[i];
    }

    /** The placed range with the least start {@code >= addr}, or null. */
    FlatRange ceiling(long addr) {
        if (tree != null) {
            Map.Entry<Long, FlatRange> e = tree.ceilingEntry(addr ^ Long.MIN_VALUE);
            return e == null ? null : e.getValue();
        }
        int i = lastAtOrBefore(addr);
        if (i >= 0 && array[i].start() == addr) {
            return array[i];
        }
        return i + 1 < size ? array[i + 1] : null;
    }

    /** Places {@code r}, which overlaps nothing placed. */
    void add(FlatRange r) {
        if (tree != null) {
            tree.put(r.start() ^ Long.MIN_VALUE, r);
            return;
        }
        if (size == ARRAY_LIMIT) {
            tree = new TreeMap<>();
            for (int i = 0; i < size; i++) {
                tree.put(array[i].start() ^ Long.MIN_VALUE, array[i]);
            }
            tree.put(r.start() ^ Long.MIN_VALUE, r);
            array = null;
            return;
        }
        if (size == array.length) {
            array = Arrays.copyOf(array, 2 * size);
        }
        int at = lastAtOrBefore(r.start()) + 1;
        System.arraycopy(array, at, array, at + 1, size - at);
        array[at] = r;
        size++;
    }

    /** The placed ranges in address order, neighbours that continue each other merged. */
    ArrayList<FlatRange> merged() {
        Iterable<FlatRange> all = tree != null ? tree.values() : Arrays.asList(array).subList(0, size);
        ArrayList<FlatRange> out = new ArrayList<>(tree != null ? tree.size() : size);
        for (FlatRange r : all) {
            int lastIndex = out.size() - 1;
            if (lastIndex >= 0 && out.get(lastIndex).canMergeWith(r)) {
                out.set(lastIndex, out.get(lastIndex).mergedWith(r));
            } else {
                out.add(r);
            }
        }
        return out;
    }

    /** Index of the last array range whose start is {@code <= addr} (unsigned), or -1. */
    private int lastAtOrBefore(long addr) {
        int lo = 0;
        int hi = size - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (Long.compareUnsigned(array[mid].start(), addr) <= 0) {
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return hi;
    }
}
