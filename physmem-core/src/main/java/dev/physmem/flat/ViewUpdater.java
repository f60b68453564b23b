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
        SpliceBuilder b = new SpliceBuilder(tree, from, to);
        b.cutAndFill(Renderer.renderWindow(root, from, to));
        b.mergeWithNeighbours();
        b.keepUnchangedRanges();
        return b.build();
    }

    /**
     * The steps of one splice, over ranks {@code [a, b)} of the old tree (the ranges that meet the
     * window, then adjusted) and the new ranges in {@code list[head, tail)}. Single use.
     */
    private static final class SpliceBuilder {
        private final int n;
        private final long from;
        private final long to;
        /** Old ranks {@code [lo, lo + old.length)}: the window's ranges and two neighbours per side. */
        private final int lo;
        private final FlatRange[] old;
        private int a;
        private int b;
        private final ArrayList<FlatRange> list = new ArrayList<>();
        private int head;
        private int tail;

        SpliceBuilder(RangeTree tree, long from, long to) {
            this.n = tree.size();
            this.from = from;
            this.to = to;
            this.a = tree.firstMeeting(from);
            this.b = tree.floorIndex(to) + 1;
            // A merge with a neighbour moves an edge by one, and the next range is then the
            // unchanged neighbour: two per side, fetched in one walk of the tree.
            this.lo = Math.max(0, a - 2);
            this.old = tree.toArray(lo, Math.min(n, b + 2));
        }

        private FlatRange old(int rank) {
            return old[rank - lo];
        }

        /** The new ranges: the window rendered again, between the parts of old ranges outside it. */
        void cutAndFill(List<FlatRange> rendered) {
            if (a < b && Long.compareUnsigned(old(a).start(), from) < 0) {
                list.add(old(a).slice(old(a).start(), from - 1));
            }
            for (FlatRange r : rendered) {
                append(list, r);
            }
            if (a < b && Long.compareUnsigned(old(b - 1).last(), to) > 0) {
                append(list, old(b - 1).slice(to + 1, old(b - 1).last()));
            }
        }

        /** Merges the new ranges with untouched neighbours that they now continue. */
        void mergeWithNeighbours() {
            if (!list.isEmpty() && a > 0 && old(a - 1).canMergeWith(list.getFirst())) {
                a--;
                list.set(0, old(a).mergedWith(list.getFirst()));
            }
            if (!list.isEmpty() && b < n && list.getLast().canMergeWith(old(b))) {
                list.set(list.size() - 1, list.getLast().mergedWith(old(b)));
                b++;
            }
        }

        /** Keeps old range objects that came out the same: the dispatch tree already points to them. */
        void keepUnchangedRanges() {
            head = 0;
            tail = list.size();
            while (a < b && head < tail && list.get(head).equals(old(a))) {
                head++;
                a++;
            }
            while (a < b && tail > head && list.get(tail - 1).equals(old(b - 1))) {
                tail--;
                b--;
            }
        }

        /** The checked splice, or null when nothing changed. */
        Splice build() {
            if (a == b && head == tail) {
                return null;
            }
            FlatRange[] replacement = list.subList(head, tail).toArray(FlatRange[]::new);
            FlatRange before = a > 0 ? old(a - 1) : null;
            FlatRange after = b < n ? old(b) : null;
            check(replacement, before, after);
            long spanFirst = -1L;
            long spanLast = 0;
            if (a < b) {
                spanFirst = old(a).start();
                spanLast = old(b - 1).last();
            }
            if (replacement.length > 0) {
                spanFirst = minUnsigned(spanFirst, replacement[0].start());
                spanLast = maxUnsigned(spanLast, replacement[replacement.length - 1].last());
            }
            return new Splice(a, b, replacement, spanFirst, spanLast, before, after);
        }

        /** The view's invariants where it changes: inside the replacement and at both seams. */
        private void check(FlatRange[] replacement, FlatRange before, FlatRange after) {
            FlatView.checkOrdered(replacement, 0, replacement.length);
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
        }
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
