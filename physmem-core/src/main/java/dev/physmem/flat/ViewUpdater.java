package dev.physmem.flat;

import dev.physmem.region.MemoryRegion;
import java.util.ArrayList;
import java.util.List;

/**
 * Derives the new view of a root from its previous view and the absolute windows that a commit
 * changed: each window is rendered again ({@link Renderer#renderWindow}), spliced into the
 * previous ranges with merging at its edges, and the dispatch tree is updated for the pages whose
 * ranges changed. Everything outside the windows is shared with the previous view. QEMU has no
 * counterpart: {@code memory_region_transaction_commit} regenerates every FlatView in full.
 *
 * <h2>Contract</h2>
 * If the previous view was the render of {@code root} before the changes, and every address whose
 * rendering changed lies in a window, the result equals {@link Renderer#render(MemoryRegion)} of
 * {@code root} now (the same ranges; lookups agree). When the windows touch much of the view, a
 * full render is cheaper and is done instead.
 *
 * <p>Stateless; call with the topology lock held (it reads the region tree).
 */
public final class ViewUpdater {
    /** Replacing more than this share of the old ranges goes to a full render instead. */
    private static final int FULL_RENDER_DIVISOR = 2;
    private static final int FULL_RENDER_MINIMUM = 64;

    private ViewUpdater() {
    }

    /**
     * The view of {@code previous.root()} after changes confined to {@code windows}.
     *
     * @param previous the view rendered at the last commit; not modified
     * @param windows {@code count} pairs {@code [first, last]} of absolute addresses (inclusive),
     *        sorted and disjoint
     * @return {@code previous} itself if nothing changed, else the new view
     */
    public static FlatView update(FlatView previous, long[] windows, int count) {
        MemoryRegion root = previous.root();
        if (root == null) {
            throw new IllegalArgumentException("an empty view has no root to render again");
        }
        RangeTree tree = previous.tree();
        int budget = Math.max(FULL_RENDER_MINIMUM, tree.size() / FULL_RENDER_DIVISOR);
        DispatchTrieEditor editor = null;
        for (int w = 0; w < count; w++) {
            long from = windows[2 * w];
            long to = windows[2 * w + 1];
            Splice s = splice(tree, root, from, to);
            if (s == null) {
                continue;
            }
            budget -= s.to - s.from + s.replacement.length;
            if (budget < 0) {
                return Renderer.render(root);
            }
            tree = tree.replace(s.from, s.to, s.replacement);
            if (editor == null) {
                editor = previous.dispatch().edit();
            }
            updateDispatch(editor, tree, s);
        }
        if (editor == null) {
            return previous;
        }
        return new FlatView(root, tree, editor.build());
    }

    /**
     * Ranks {@code [from, to)} of the old tree become {@code replacement}; {@code spanFirst} to
     * {@code spanLast} is the address span of both; {@code before}/{@code after} are the unchanged
     * neighbours (null at the ends).
     */
    private record Splice(int from, int to, FlatRange[] replacement, long spanFirst, long spanLast,
            FlatRange before, FlatRange after) {
    }

    /** What re-rendering {@code [from, to]} does to {@code tree}, or null if nothing changes. */
    private static Splice splice(RangeTree tree, MemoryRegion root, long from, long to) {
        List<FlatRange> rendered = Renderer.renderWindow(root, from, to);
        int n = tree.size();
        int a = tree.firstMeeting(from);
        int b = tree.floorIndex(to) + 1;
        // The old ranges the window meets and two neighbours on each side (a merge with a neighbour
        // moves the edge by one, and the next one is then the unchanged neighbour): one tree walk.
        int lo = Math.max(0, a - 2);
        FlatRange[] old = tree.toArray(lo, Math.min(n, b + 2));
        ArrayList<FlatRange> list = new ArrayList<>(rendered.size() + 4);
        if (a < b) {
            FlatRange head = old[a - lo];
            if (Long.compareUnsigned(head.start(), from) < 0) {
                list.add(head.slice(head.start(), from - 1));
            }
        }
        for (FlatRange r : rendered) {
            append(list, r);
        }
        if (a < b) {
            FlatRange tail = old[b - 1 - lo];
            if (Long.compareUnsigned(tail.last(), to) > 0) {
                append(list, tail.slice(to + 1, tail.last()));
            }
        }
        // Merge with untouched neighbours that now continue the new ranges.
        if (!list.isEmpty() && a > 0 && old[a - 1 - lo].canMergeWith(list.getFirst())) {
            a--;
            list.set(0, old[a - lo].mergedWith(list.getFirst()));
        }
        if (!list.isEmpty() && b < n && list.getLast().canMergeWith(old[b - lo])) {
            list.set(list.size() - 1, list.getLast().mergedWith(old[b - lo]));
            b++;
        }
        // Keep old range objects that came out the same: the dispatch tree already points to them.
        int head = 0;
        while (a < b && head < list.size() && list.get(head).equals(old[a - lo])) {
            head++;
            a++;
        }
        int tail = list.size();
        while (a < b && tail > head && list.get(tail - 1).equals(old[b - 1 - lo])) {
            tail--;
            b--;
        }
        if (a == b && head == tail) {
            return null;
        }
        FlatRange[] replacement = list.subList(head, tail).toArray(FlatRange[]::new);
        FlatView.checkOrdered(replacement, 0, replacement.length);
        FlatRange before = a > 0 ? old[a - 1 - lo] : null;
        FlatRange after = b < n ? old[b - lo] : null;
        if (replacement.length > 0) {
            if (before != null) {
                FlatView.checkAdjacent(before, replacement[0], a);
            }
            if (after != null) {
                FlatView.checkAdjacent(replacement[replacement.length - 1], after, a + replacement.length);
            }
        } else if (before != null && after != null) {
            FlatView.checkAdjacent(before, after, a);
        }
        long spanFirst = -1L;
        long spanLast = 0;
        if (a < b) {
            spanFirst = old[a - lo].start();
            spanLast = old[b - 1 - lo].last();
        }
        if (replacement.length > 0) {
            spanFirst = minUnsigned(spanFirst, replacement[0].start());
            spanLast = maxUnsigned(spanLast, replacement[replacement.length - 1].last());
        }
        return new Splice(a, b, replacement, spanFirst, spanLast, before, after);
    }

    /** Adds {@code r} to {@code list}, merging it into the last range when it continues it. */
    private static void append(ArrayList<FlatRange> list, FlatRange r) {
        if (!list.isEmpty() && list.getLast().canMergeWith(r)) {
            list.set(list.size() - 1, list.getLast().mergedWith(r));
        } else {
            list.add(r);
        }
    }

    /**
     * Recomputes the dispatch leaves of every page that meets the splice's span, from the new
     * tree. The ranges meeting those pages are the replacement plus unchanged neighbours that share
     * the first or last page; only when a neighbour does is the tree searched for more.
     */
    private static void updateDispatch(DispatchTrieEditor editor, RangeTree tree, Splice s) {
        long p0 = s.spanFirst >>> DispatchTrie.PAGE_BITS;
        long p1 = s.spanLast >>> DispatchTrie.PAGE_BITS;
        boolean sharedBefore = s.before != null && s.before.last() >>> DispatchTrie.PAGE_BITS == p0;
        boolean sharedAfter = s.after != null && s.after.start() >>> DispatchTrie.PAGE_BITS == p1;
        FlatRange[] meeting;
        if (!sharedBefore && !sharedAfter) {
            meeting = s.replacement;
        } else {
            int i0 = tree.firstMeeting(p0 << DispatchTrie.PAGE_BITS);
            int i1 = tree.floorIndex((p1 << DispatchTrie.PAGE_BITS) | DispatchTrie.PAGE_MASK) + 1;
            meeting = tree.toArray(i0, i1);
        }
        editor.update(meeting, 0, meeting.length, p0, p1);
    }

    private static long minUnsigned(long x, long y) {
        return Long.compareUnsigned(x, y) <= 0 ? x : y;
    }

    private static long maxUnsigned(long x, long y) {
        return Long.compareUnsigned(x, y) >= 0 ? x : y;
    }
}
