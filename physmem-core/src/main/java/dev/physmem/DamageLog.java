package dev.physmem;

import dev.physmem.region.AliasRegion;
import dev.physmem.region.MemoryRegion;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * What the open transaction changed, as windows of offsets per region: for every region that can
 * see a change, the part of its own frame where its rendering may differ. A commit asks it, for
 * each flat-view root, which absolute windows to render again. QEMU has no counterpart (it
 * re-renders everything).
 *
 * <h2>How a change becomes windows</h2>
 * {@link #damage(MemoryRegion)} is called with a region at its current place: after an insertion,
 * before a removal, before and after a move or resize, once for a change of flags or alias offset.
 * The region's extent {@code [0, size)} is recorded at the region, then carried upwards: into its
 * container (shifted by {@code addr()}, clipped to the container's size) and into every alias of it
 * (shifted by {@code -aliasOffset()}, clipped to the alias's size), recursively. A disabled region
 * above the changed one hides the change, so the walk stops there. Because windows are taken
 * while the tree is in the state the change happened in, a region that is later removed or moved
 * in the same transaction is still accounted for where it was.
 *
 * <h2>When the answer is "render it all"</h2>
 * A region that was itself changed (its address, size, flags, enablement) gets a full render if
 * it is a root ({@link #changedItself}; no windows are kept for it); so does one with more than
 * {@value #MAX_WINDOWS} windows; and every root does if a transaction records more than
 * {@value #MAX_RECORDS} windows in total (alias fan-out).
 *
 * <h2>Thread safety</h2>
 * Used only by the topology-lock holder.
 */
final class DamageLog {
    static final int MAX_WINDOWS = 32;
    static final int MAX_RECORDS = 1 << 16;

    /** The windows of one region, in its own frame, in arrival order. */
    static final class Windows {
        private long[] bounds = new long[4];
        private int count;
        /** Render in full: the region itself changed, or too many windows. */
        boolean full;

        void add(long first, long last) {
            if (full) {
                return;
            }
            if (count == MAX_WINDOWS) {
                full = true;
                return;
            }
            if (2 * count + 2 > bounds.length) {
                bounds = Arrays.copyOf(bounds, bounds.length * 2);
            }
            bounds[2 * count] = first;
            bounds[2 * count + 1] = last;
            count++;
        }

        /**
         * The windows as absolute addresses of a root placed at {@code base}: shifted, cut at
         * 2<sup>64</sup>, sorted and coalesced (overlapping or touching windows become one).
         * Returns the number of windows written into {@code out[0..2n)}.
         */
        int absolute(long base, long[] out) {
            int n = 0;
            for (int i = 0; i < count; i++) {
                long first = base + bounds[2 * i];
                if (Long.compareUnsigned(first, base) < 0) {
                    continue; // starts at or past 2^64
                }
                long last = base + bounds[2 * i + 1];
                if (Long.compareUnsigned(last, base) < 0) {
                    last = -1L;
                }
                out[2 * n] = first;
                out[2 * n + 1] = last;
                n++;
            }
            sortPairs(out, n);
            int m = 0;
            for (int i = 0; i < n; i++) {
                long first = out[2 * i];
                long last = out[2 * i + 1];
                if (m > 0) {
                    long prevLast = out[2 * m - 1];
                    if (prevLast == -1L || Long.compareUnsigned(first, prevLast + 1) <= 0) {
                        if (Long.compareUnsigned(last, prevLast) > 0) {
                            out[2 * m - 1] = last;
                        }
                        continue;
                    }
                }
                out[2 * m] = first;
                out[2 * m + 1] = last;
                m++;
            }
            return m;
        }

        private static void sortPairs(long[] a, int n) {
            for (int i = 1; i < n; i++) {
                long f = a[2 * i];
                long l = a[2 * i + 1];
                int j = i - 1;
                while (j >= 0 && Long.compareUnsigned(a[2 * j], f) > 0) {
                    a[2 * j + 2] = a[2 * j];
                    a[2 * j + 3] = a[2 * j + 1];
                    j--;
                }
                a[2 * j + 2] = f;
                a[2 * j + 3] = l;
            }
        }
    }

    private static final int LINEAR_ORIGINS = 16;

    private final IdentityHashMap<MemoryRegion, Windows> byRegion = new IdentityHashMap<>();
    /** The regions changed themselves, in a list while few, then also in a set. */
    private final ArrayList<MemoryRegion> origins = new ArrayList<>();
    private final Set<MemoryRegion> originSet = Collections.newSetFromMap(new IdentityHashMap<>());
    private int records;
    private boolean everything;

    /** Records that {@code region}'s rendering at its current place is changing. */
    void damage(MemoryRegion region) {
        if (everything) {
            return;
        }
        if (!changedItself(region)) {
            origins.add(region);
            if (origins.size() > LINEAR_ORIGINS) {
                if (originSet.isEmpty()) {
                    originSet.addAll(origins);
                } else {
                    originSet.add(region);
                }
            }
        }
        record(region, 0, region.lastOffset(), true);
    }

    /**
     * True when {@code region} itself was changed (added, removed, moved, resized, its flags): as
     * a root it must be rendered in full, since a move shifts every address of its view.
     */
    boolean changedItself(MemoryRegion region) {
        if (origins.size() > LINEAR_ORIGINS) {
            return originSet.contains(region);
        }
        for (int i = 0; i < origins.size(); i++) {
            if (origins.get(i) == region) {
                return true;
            }
        }
        return false;
    }


    /** True when the transaction was too broad to track: every root renders in full. */
    boolean everything() {
        return everything;
    }

    /** The windows recorded at {@code region}, or null if none. */
    Windows at(MemoryRegion region) {
        return byRegion.get(region);
    }

    /** Forgets everything; called after each commit. */
    void clear() {
        if (!byRegion.isEmpty()) {
            byRegion.clear();
        }
        if (!originSet.isEmpty()) {
            originSet.clear();
        }
        origins.clear();
        records = 0;
        everything = false;
    }

    private Windows windowsOf(MemoryRegion r) {
        Windows w = byRegion.get(r);
        if (w == null) {
            w = new Windows();
            byRegion.put(r, w);
        }
        return w;
    }

    private void record(MemoryRegion r, long first, long last, boolean origin) {
        if (r.isEmpty() || everything) {
            return;
        }
        if (Long.compareUnsigned(last, r.lastOffset()) > 0) {
            last = r.lastOffset();
        }
        if (Long.compareUnsigned(first, last) > 0) {
            return;
        }
        if (++records > MAX_RECORDS) {
            everything = true;
            return;
        }
        if (origin) {
            // No windows here: if this region is a root, it renders in full (changedItself).
        } else if (r.isEnabled()) {
            windowsOf(r).add(first, last);
        } else {
            windowsOf(r).add(first, last);
            return; // a disabled region hides the change from everything above it
        }
        MemoryRegion c = r.container();
        if (c != null) {
            long at = r.addr();
            long cFirst = at + first;
            if (Long.compareUnsigned(cFirst, at) >= 0) {
                long cLast = at + last;
                record(c, cFirst, Long.compareUnsigned(cLast, at) < 0 ? -1L : cLast, false);
            }
        }
        for (AliasRegion alias : r.aliasedBy()) {
            long off = alias.aliasOffset();
            if (Long.compareUnsigned(last, off) >= 0) {
                long aFirst = Long.compareUnsigned(first, off) >= 0 ? first - off : 0;
                record(alias, aFirst, last - off, false);
            }
        }
    }
}
