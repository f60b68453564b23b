package dev.physmem.flat;

import static dev.physmem.flat.DispatchTrie.BITS_PER_LEVEL;
import static dev.physmem.flat.DispatchTrie.LAST_PAGE;
import static dev.physmem.flat.DispatchTrie.LEVELS;
import static dev.physmem.flat.DispatchTrie.PAGE_BITS;
import static dev.physmem.flat.DispatchTrie.PAGE_MASK;
import static dev.physmem.flat.DispatchTrie.SLOTS;
import static dev.physmem.flat.DispatchTrie.SLOT_MASK;
import static dev.physmem.flat.DispatchTrie.isNode;

import java.util.Arrays;

/**
 * Derives a new {@link DispatchTrie} version: recomputes the leaves of the pages a commit changed,
 * copying each node of the older version the first time it writes to it. QEMU counterpart:
 * {@code register_subpage}/{@code register_multipage}/{@code phys_page_set} and
 * {@code phys_page_compact}, which QEMU runs over the whole view on every commit; here they run
 * over the changed pages only.
 *
 * <p>Single use, by the topology-lock holder: {@link #update} for each changed span, then
 * {@link #build} once. Nodes it allocated ("written" nodes) are {@code Object[]}s that carry a
 * {@link Mark} in their extra slot; an exact node of the older version is copied into one before
 * it is written. {@code build} clears the marks and turns each written node whose entries are all
 * exact into an exact node (see {@link DispatchTrie}).
 */
final class DispatchTrieEditor {
    /** The extra slot of a node, where a written node keeps its {@link Mark}. */
    private static final int MARK = SLOTS;
    private static final Object MIXED = new Object();

    /** Identifies a node written by this editor, and where it hangs. */
    private static final class Mark {
        final DispatchTrieEditor editor;
        final int level;
        /** The first page of the node's block. */
        final long base;
        /**
         * Slots that may not be exact: those written since the node was copied or allocated, and
         * every slot of a copy of a node that was not exact. The others need no look in
         * {@link #build}, so the commit path loads no range it did not write.
         */
        long unknown;
        /** The exact node this one copies, or null. */
        FlatRange[] exactSource;
        /** The written node whose slot points here, or null for the root. */
        Object[] parent;
        int slot;

        Mark(DispatchTrieEditor editor, int level, long base) {
            this.editor = editor;
            this.level = level;
            this.base = base;
        }
    }

    private Object root;
    private int rootLevel;
    private long rootPrefix;
    private Object[][] written = new Object[8][];
    private int writtenCount;
    private Object soleSlotValue;

    /** An editor deriving from {@code base}, which it does not change. */
    DispatchTrieEditor(DispatchTrie base) {
        root = base.root;
        rootLevel = base.rootLevel;
        rootPrefix = base.rootPrefix;
    }

    /**
     * Recomputes pages {@code [p0, p1]} (page numbers) from {@code rs[from, to)}: every range of the
     * new view that meets those pages, in address order.
     */
    void update(FlatRange[] rs, int from, int to, long p0, long p1) {
        int i = from;
        long p = p0;
        while (true) {
            while (i < to && (rs[i].last() >>> PAGE_BITS) < p) {
                i++;
            }
            if (i == to) {
                setRun(p, p1, null);
                return;
            }
            FlatRange r = rs[i];
            long firstPage = r.start() >>> PAGE_BITS;
            if (firstPage > p) {
                long end = Math.min(p1, firstPage - 1);
                setRun(p, end, null);
                if (end == p1) {
                    return;
                }
                p = end + 1;
                continue;
            }
            long pageStart = p << PAGE_BITS;
            long pageLast = pageStart | PAGE_MASK;
            if (Long.compareUnsigned(r.start(), pageStart) <= 0 && Long.compareUnsigned(r.last(), pageLast) >= 0) {
                long lastPage = r.last() >>> PAGE_BITS;
                long lastFull = (r.last() & PAGE_MASK) == PAGE_MASK ? lastPage : lastPage - 1;
                long end = Math.min(p1, lastFull);
                setRun(p, end, r);
                if (end == p1) {
                    return;
                }
                p = end + 1;
                continue;
            }
            int j = i + 1;
            while (j < to && Long.compareUnsigned(rs[j].start(), pageLast) <= 0) {
                j++;
            }
            setRun(p, p, j - i == 1 ? r : new Subpage(p, Arrays.copyOfRange(rs, i, j)));
            if (p == p1) {
                return;
            }
            p++;
        }
    }

    /** Finishes: collapses what it wrote, trims the root, and freezes the new version. */
    DispatchTrie build() {
        collapseWritten();
        while (isNode(root)) {
            Object s = sole((Object[]) root);
            if (s == MIXED) {
                break;
            }
            if (isNode(s)) {
                rootPrefix = (rootPrefix << BITS_PER_LEVEL) | soleSlot;
                rootLevel--;
            }
            root = s;
        }
        for (int i = 0; i < writtenCount; i++) {
            Object[] n = written[i];
            Mark m = (Mark) n[MARK];
            n[MARK] = null;
            if (isExact(n, m)) {
                // Its parent, if any, is a written Object[] (it holds a node): replaced in place.
                FlatRange[] exact = exactCopy(n, m);
                if (root == n) {
                    root = exact;
                } else if (m.parent != null && m.parent[m.slot] == n) {
                    m.parent[m.slot] = exact;
                }
            }
        }
        return root == null ? DispatchTrie.empty() : new DispatchTrie(root, rootLevel, rootPrefix);
    }

    /**
     * {@code n} as an exact node. Starts from the exact node it copies, so that only the slots
     * written since are stored with a type check: a check loads the range's header, and the
     * others would be cold lines.
     */
    private static FlatRange[] exactCopy(Object[] n, Mark m) {
        FlatRange[] exact = m.exactSource == null ? new FlatRange[SLOTS] : m.exactSource.clone();
        for (long u = m.unknown; u != 0; u &= u - 1) {
            int i = Long.numberOfTrailingZeros(u);
            exact[i] = (FlatRange) n[i];
        }
        return exact;
    }

    /** Whether every entry of written node {@code n} is null or a range covering its slot. */
    private static boolean isExact(Object[] n, Mark m) {
        for (long u = m.unknown; u != 0; u &= u - 1) {
            if (!DispatchTrie.exactOrEmpty(n, Long.numberOfTrailingZeros(u), m.level, m.base)) {
                return false;
            }
        }
        return true;
    }

    // ---------------------------------------------------------------- tree mechanics

    /** Sets the leaves of pages {@code [q0, q1]} to {@code value}. */
    private void setRun(long q0, long q1, Object value) {
        if (q0 == 0 && q1 == LAST_PAGE) {
            root = value;
            return;
        }
        coverRoot(q0, q1);
        long base = rootPrefix << (BITS_PER_LEVEL * (rootLevel + 1));
        Object[] n = set((Object[]) root, rootLevel, base, q0, q1, value);
        root = n;
        mark(n).parent = null;
    }

    /** Makes the root a node whose block holds pages {@code [q0, q1]}, adding levels above it. */
    private void coverRoot(long q0, long q1) {
        if (isNode(root)) {
            int sh = BITS_PER_LEVEL * (rootLevel + 1);
            if (q0 >>> sh == rootPrefix && q1 >>> sh == rootPrefix) {
                return;
            }
            long anyPage = rootPrefix << sh;
            int top = rootLevel + 1;
            while (!sameBlock(q0, q1, anyPage, top)) {
                top++;
            }
            Object child = root;
            for (int k = rootLevel + 1; k <= top; k++) {
                int ksh = BITS_PER_LEVEL * (k + 1);
                Object[] n = allocate(k, (anyPage >>> ksh) << ksh);
                int slot = slotOf(anyPage, k);
                n[slot] = child;
                mark(n).unknown |= 1L << slot;
                link(child, n, slot);
                child = n;
            }
            root = child;
            rootLevel = top;
            rootPrefix = anyPage >>> (BITS_PER_LEVEL * (top + 1));
        } else {
            long lo = q0;
            long hi = q1;
            if (root != null) {
                lo = Math.min(lo, firstPageOf(root));
                hi = Math.max(hi, lastPageOf(root));
            }
            int top = 0;
            while (!sameBlock(lo, hi, lo, top)) {
                top++;
            }
            int sh = BITS_PER_LEVEL * (top + 1);
            root = expand(root, top, (lo >>> sh) << sh);
            rootLevel = top;
            rootPrefix = lo >>> sh;
        }
    }

    private static boolean sameBlock(long p, long q, long r, int level) {
        int sh = BITS_PER_LEVEL * (level + 1);
        return p >>> sh == q >>> sh && q >>> sh == r >>> sh;
    }

    private static int slotOf(long page, int level) {
        return (int) ((page >>> (BITS_PER_LEVEL * level)) & SLOT_MASK);
    }

    /**
     * Sets pages {@code [q0, q1]} inside {@code node} of {@code level}, whose block starts at page
     * {@code base}; returns the node written (a copy unless it was already written by this editor).
     */
    private Object[] set(Object[] node, int level, long base, long q0, long q1, Object value) {
        node = writable(node, level, base);
        int shift = BITS_PER_LEVEL * level;
        long blockLast = base + (1L << (shift + BITS_PER_LEVEL)) - 1;
        int s0 = (int) ((Math.max(q0, base) - base) >>> shift);
        int s1 = (int) ((Math.min(q1, blockLast) - base) >>> shift);
        for (int s = s0; s <= s1; s++) {
            long sb = base + ((long) s << shift);
            long se = sb + (1L << shift) - 1;
            mark(node).unknown |= 1L << s;
            if (q0 <= sb && se <= q1) {
                node[s] = value;
            } else {
                Object e = node[s];
                Object[] child = isNode(e) ? (Object[]) e : expand(e, level - 1, sb);
                child = set(child, level - 1, sb, q0, q1, value);
                node[s] = child; // no collapsing here: see collapseWritten
                mark(child).parent = node;
                mark(child).slot = s;
            }
        }
        return node;
    }

    /** A written node of {@code level} over the block at page {@code base} that says what leaf {@code e} said. */
    private Object[] expand(Object e, int level, long base) {
        Object[] n = allocate(level, base);
        if (e == null) {
            return n;
        }
        int shift = BITS_PER_LEVEL * level;
        long blockLast = base + (1L << (shift + BITS_PER_LEVEL)) - 1;
        long lo = Math.max(firstPageOf(e), base);
        long hi = Math.min(lastPageOf(e), blockLast);
        if (lo <= hi) {
            int from = (int) ((lo - base) >>> shift);
            int to = (int) ((hi - base) >>> shift) + 1;
            Arrays.fill(n, from, to, e);
            mark(n).unknown |= (to == SLOTS ? -1L : (1L << to) - 1) & (-1L << from);
        }
        return n;
    }

    /**
     * Collapses, bottom-up (level 0 first), every written node whose non-empty slots all hold one
     * leaf into that leaf. Nodes of the older version were collapsed when it was built, so only
     * written nodes need a look, and their marks say where they hang.
     *
     * <p>This waits until all updates are done because a leaf may stand for pages beyond its
     * range's only while that range is in the view. Collapsing mid-edit onto a range that the edit
     * is removing, then expanding it again for a later page, would resurrect it on pages already
     * recomputed. Once every update is done, every leaf left is in the new view.
     */
    private void collapseWritten() {
        for (int level = 0; level < LEVELS; level++) {
            for (int i = 0; i < writtenCount; i++) {
                Object[] node = written[i];
                Mark m = (Mark) node[MARK];
                if (m.level != level) {
                    continue;
                }
                Object s = sole(node);
                if (s == MIXED || isNode(s) || !attached(node)) {
                    continue;
                }
                if (m.parent == null) {
                    root = s;
                } else {
                    m.parent[m.slot] = s;
                    mark(m.parent).unknown |= 1L << m.slot;
                }
            }
        }
    }

    /** Whether written {@code node} is still reachable from the root. */
    private boolean attached(Object[] node) {
        while (true) {
            Mark m = (Mark) node[MARK];
            if (m.parent == null) {
                return root == node;
            }
            if (m.parent[m.slot] != node) {
                return false;
            }
            node = m.parent;
        }
    }

    private int soleSlot;

    /** Null if every slot is empty, the one leaf or node if all non-empty slots hold it, else {@link #MIXED}. */
    private Object sole(Object[] node) {
        Object v = null;
        for (int i = 0; i < SLOTS; i++) {
            Object x = node[i];
            if (x != null && x != v) {
                if (v != null) {
                    return MIXED;
                }
                v = x;
                soleSlot = i;
            }
        }
        return v;
    }

    private Object[] writable(Object[] node, int level, long base) {
        if (node instanceof FlatRange[] exact) {
            Object[] copy = Arrays.copyOf(node, SLOTS + 1, Object[].class);
            register(copy, level, base);
            mark(copy).exactSource = exact;
            return copy;
        }
        if (node[MARK] instanceof Mark m && m.editor == this) {
            return node;
        }
        Object[] copy = node.clone();
        register(copy, level, base);
        mark(copy).unknown = -1L;
        return copy;
    }

    private Object[] allocate(int level, long base) {
        Object[] n = new Object[SLOTS + 1];
        register(n, level, base);
        return n;
    }

    private void register(Object[] n, int level, long base) {
        n[MARK] = new Mark(this, level, base);
        if (writtenCount == written.length) {
            written = Arrays.copyOf(written, 2 * writtenCount);
        }
        written[writtenCount++] = n;
    }

    private static Mark mark(Object[] node) {
        return (Mark) node[MARK];
    }

    /** Records that {@code child}, if written by this editor, hangs from {@code parent}'s {@code slot}. */
    private void link(Object child, Object[] parent, int slot) {
        if (child != null && child.getClass() == Object[].class && ((Object[]) child)[MARK] instanceof Mark m
                && m.editor == this) {
            m.parent = parent;
            m.slot = slot;
        }
    }

    private static long firstPageOf(Object leaf) {
        return leaf instanceof Subpage s ? s.page : ((FlatRange) leaf).start() >>> PAGE_BITS;
    }

    private static long lastPageOf(Object leaf) {
        return leaf instanceof Subpage s ? s.page : ((FlatRange) leaf).last() >>> PAGE_BITS;
    }
}
