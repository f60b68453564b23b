package dev.physmem.flat;

import dev.physmem.region.AliasRegion;
import dev.physmem.region.MemoryRegion;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders a region tree into a {@link FlatView}, following QEMU 7.2's rules: disabled regions and
 * their subtrees vanish, subregions render in priority order (the earlier in the list wins), an
 * alias renders its target through its window, a terminal region fills whatever its subregions
 * left uncovered, and neighbours that continue each other are merged. QEMU counterpart:
 * {@code generate_memory_topology} and {@code render_memory_region}.
 *
 * <p>Absolute bases are tracked as 65-bit values (a {@code long} plus a carry) so that an alias
 * whose target starts below 0 or ends past 2<sup>64</sup> clips exactly as QEMU's 128-bit
 * arithmetic does.
 */
public final class Renderer {
    /**
     * Containers with more children than this are asked for the children that meet the clip
     * ({@link MemoryRegion#subregionsOverlapping}) when rendering a window; smaller ones are walked.
     */
    static final int INDEXED_WALK_THRESHOLD = 8;

    private final PlacedRanges placed = new PlacedRanges();
    /** True for window renders, which look children up by address instead of walking them all. */
    private final boolean windowed;

    private Renderer(boolean windowed) {
        this.windowed = windowed;
    }

    /** Renders {@code root} (which contributes its own {@code addr}) over the whole 64-bit space. */
    public static FlatView render(MemoryRegion root) {
        if (root == null) {
            return FlatView.empty();
        }
        Renderer r = new Renderer(false);
        r.render(root, 0, 0, 0, -1L, false, false);
        return FlatView.of(root, r.placed.merged());
    }

    /**
     * Renders only the part of {@code root}'s view inside {@code [from, to]} (absolute, inclusive),
     * merged inside the window but not with anything outside it. Used to re-render the part of a
     * view a change touched. Large containers are not walked: only the children that meet the
     * window are visited, so the cost is {@code O(depth · log n + k log k)} for {@code k} ranges
     * placed.
     */
    public static ArrayList<FlatRange> renderWindow(MemoryRegion root, long from, long to) {
        Renderer r = new Renderer(true);
        r.render(root, 0, 0, from, to, false, false);
        return r.placed.merged();
    }

    /**
     * @param baseLo low 64 bits of the absolute address of the container's offset 0
     * @param baseHi the carry: -1 below 0, 0 inside the 64-bit space, 1 at or past 2^64
     */
    private void render(MemoryRegion mr, long baseLo, int baseHi, long clipLo, long clipHi, boolean ro, boolean nv) {
        if (!mr.isEnabled() || mr.isEmpty()) {
            return;
        }
        long lo = baseLo + mr.addr();
        int hi = baseHi + (Long.compareUnsigned(lo, baseLo) < 0 ? 1 : 0);
        ro |= mr.isReadonly();
        nv |= mr.isNonvolatile();
        // Intersect the clip with [base, base + size - 1].
        long newLo;
        if (hi > 0) {
            return;
        } else if (hi < 0) {
            newLo = clipLo;
        } else {
            newLo = Long.compareUnsigned(clipLo, lo) >= 0 ? clipLo : lo;
        }
        long endLo = lo + mr.lastOffset();
        int endHi = hi + (Long.compareUnsigned(endLo, lo) < 0 ? 1 : 0);
        long newHi;
        if (endHi < 0) {
            return;
        } else if (endHi > 0) {
            newHi = clipHi;
        } else {
            newHi = Long.compareUnsigned(clipHi, endLo) <= 0 ? clipHi : endLo;
        }
        if (Long.compareUnsigned(newLo, newHi) > 0) {
            return;
        }
        if (mr instanceof AliasRegion alias) {
            MemoryRegion target = alias.target();
            long sub = alias.aliasOffset() + target.addr();
            int carry = Long.compareUnsigned(sub, alias.aliasOffset()) < 0 ? 1 : 0;
            long tLo = lo - sub;
            int tHi = hi - carry - (Long.compareUnsigned(lo, sub) < 0 ? 1 : 0);
            render(target, tLo, tHi, newLo, newHi, ro, nv);
            return;
        }
        List<MemoryRegion> subs = mr.subregions();
        if (windowed && subs.size() > INDEXED_WALK_THRESHOLD) {
            // The clip lies inside the region, so clip - lo is a valid offset in its frame.
            subs = new ArrayList<>();
            mr.subregionsOverlapping(newLo - lo, newHi - lo, subs);
        }
        for (MemoryRegion sub : subs) {
            render(sub, lo, hi, newLo, newHi, ro, nv);
        }
        if (mr.isTerminal()) {
            fill(mr, lo, newLo, newHi, ro, nv);
        }
    }

    /** Places {@code mr} in every part of {@code [from, to]} not yet covered. */
    private void fill(MemoryRegion mr, long base, long from, long to, boolean ro, boolean nv) {
        long cursor = from;
        // A range placed earlier may start before 'from' and cover it.
        FlatRange before = placed.floor(cursor);
        if (before != null && Long.compareUnsigned(before.last(), cursor) >= 0) {
            if (Long.compareUnsigned(before.last(), to) >= 0) {
                return;
            }
            cursor = before.last() + 1;
        }
        while (true) {
            FlatRange n = placed.ceiling(cursor);
            if (n == null || Long.compareUnsigned(n.start(), to) > 0) {
                placed.add(new FlatRange(cursor, to, mr, cursor - base, ro, nv));
                return;
            }
            if (n.start() != cursor) {
                placed.add(new FlatRange(cursor, n.start() - 1, mr, cursor - base, ro, nv));
            }
            if (Long.compareUnsigned(n.last(), to) >= 0) {
                return;
            }
            cursor = n.last() + 1;
        }
    }
}
