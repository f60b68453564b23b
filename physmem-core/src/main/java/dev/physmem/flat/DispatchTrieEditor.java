package dev.physmem.flat;

import static dev.physmem.flat.DispatchTrie.BITS_PER_LEVEL;
import static dev.physmem.flat.DispatchTrie.LAST_PAGE;
import static dev.physmem.flat.DispatchTrie.NIL;
import static dev.physmem.flat.DispatchTrie.PAGE_BITS;
import static dev.physmem.flat.DispatchTrie.PAGE_MASK;
import static dev.physmem.flat.DispatchTrie.SLOTS;
import static dev.physmem.flat.DispatchTrie.SLOT_MASK;
import static dev.physmem.flat.DispatchTrie.SUBPAGE_FLAG;
import static dev.physmem.flat.DispatchTrie.isNode;
import static dev.physmem.flat.DispatchTrie.levelOf;
import static dev.physmem.flat.DispatchTrie.nodeEntry;
import static dev.physmem.flat.DispatchTrie.nodeOf;

import java.util.Arrays;

/**
 * Derives a new {@link DispatchTrie} version: recomputes the leaves of the pages a commit
 * touched, copying each node of an older version the first time it writes to it. QEMU counterpart:
 * {@code register_subpage}/{@code register_multipage}/{@code phys_page_set} and
 * {@code phys_page_compact}, which QEMU runs over the whole view on every commit; here they run
 * over the changed pages only.
 *
 * <p>Single use, by the topology-lock holder: call {@link #update} for each changed span, then
 * {@link #build} once.
 */
final class DispatchTrieEditor {
    /** Garbage nodes tolerated beyond the live ones before the arena is compacted. */
    private static final int NODE_SLACK = 256;
    /** Dead sections and subpages tolerated beyond twice the view's range count. */
    private static final int SECTION_SLACK = 256;
    private static final int MIXED = -1;

    private DispatchArena a;
    /** Nodes numbered from here were allocated by this editor and may be written in place. */
    private int freshFrom;
    private int root;
    private long rootPrefix;
    private int live;
    private FlatRange lastRange;
    private int lastSection;
    private int soleSlot;

    /** An editor over an empty tree in a new arena sized for about {@code expectedRanges}. */
    DispatchTrieEditor(int expectedRanges) {
        a = new DispatchArena(Math.max(4, expectedRanges / 64), expectedRanges + 2, 4);
        freshFrom = 0;
        root = NIL;
    }

    /** An editor deriving from {@code base}; an arena that already moved on is left alone. */
    DispatchTrieEditor(DispatchTrie base) {
        if (base.isTip() && base != DispatchTrie.empty()) {
            a = base.arena;
            root = base.root;
            rootPrefix = base.rootPrefix;
            live = base.liveNodes;
        } else {
            compactFrom(base.nodes, base.sections, base.subpages, base.nodeCount, base.sectionCount,
                    base.subpageCount, base.root, base.rootPrefix, base.liveNodes);
        }
        freshFrom = a.nodeCount;
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
                setRun(p, p1, NIL);
                return;
            }
            FlatRange r = rs[i];
            long firstPage = r.start() >>> PAGE_BITS;
            if (firstPage > p) {
                long end = Math.min(p1, firstPage - 1);
                setRun(p, end, NIL);
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
                setRun(p, end, sectionOf(r));
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
            setRun(p, p, j - i == 1 ? sectionOf(r) : subpageOf(rs, i, j, p));
            if (p == p1) {
                return;
            }
            p++;
        }
    }

    /** Finishes: collapses the root, compacts the arena if it is mostly garbage, and freezes. */
    DispatchTrie build(int viewSize) {
        root = normalizeFresh(root);
        while (isNode(root)) {
            int s = sole(nodeOf(root));
            if (s == MIXED) {
                break;
            }
            live--;
            if (isNode(s)) {
                rootPrefix = (rootPrefix << BITS_PER_LEVEL) | soleSlot;
                root = s;
            } else {
                root = s;
            }
        }
        if (root == NIL) {
            return DispatchTrie.empty();
        }
        boolean nodeGarbage = a.nodeCount - live > live + NODE_SLACK;
        boolean sectionGarbage = a.sectionCount > 2L * viewSize + SECTION_SLACK
                || a.subpageCount > 2L * viewSize + SECTION_SLACK;
        if (nodeGarbage || sectionGarbage) {
            compactFrom(a.nodes, a.sections, a.subpages, a.nodeCount, a.sectionCount, a.subpageCount, root,
                    rootPrefix, live);
        }
        return new DispatchTrie(a, root, rootPrefix, live);
    }

    // ---------------------------------------------------------------- tree mechanics

    /** Sets the leaves of pages {@code [q0, q1]} to {@code value}. */
    private void setRun(long q0, long q1, int value) {
        if (q0 == 0 && q1 == LAST_PAGE) {
            drop(root);
            root = value;
            return;
        }
        coverRoot(q0, q1);
        int level = levelOf(root);
        long base = rootPrefix << (BITS_PER_LEVEL * (level + 1));
        int n = set(nodeOf(root), level, base, q0, q1, value);
        root = nodeEntry(n, level);
    }

    /** Makes the root a node whose block holds pages {@code [q0, q1]}, adding levels above it. */
    private void coverRoot(long q0, long q1) {
        if (isNode(root)) {
            int level = levelOf(root);
            int sh = BITS_PER_LEVEL * (level + 1);
            if (q0 >>> sh == rootPrefix && q1 >>> sh == rootPrefix) {
                return;
            }
            long anyPage = rootPrefix << sh;
            int top = level + 1;
            while (!sameBlock(q0, q1, anyPage, top)) {
                top++;
            }
            int child = root;
            for (int k = level + 1; k <= top; k++) {
                int n = allocate();
                a.nodes[(n << BITS_PER_LEVEL) | slotOf(anyPage, k)] = child;
                child = nodeEntry(n, k);
            }
            root = child;
            rootPrefix = anyPage >>> (BITS_PER_LEVEL * (top + 1));
        } else {
            long lo = q0;
            long hi = q1;
            if (root != NIL) {
                lo = Math.min(lo, firstPageOf(root));
                hi = Math.max(hi, lastPageOf(root));
            }
            int top = 0;
            while (!sameBlock(lo, hi, lo, top)) {
                top++;
            }
            int sh = BITS_PER_LEVEL * (top + 1);
            long base = (lo >>> sh) << sh;
            int n = expand(root, top, base);
            root = nodeEntry(n, top);
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
     * Sets pages {@code [q0, q1]} inside node {@code node} of {@code level} whose block starts at
     * page {@code base}; returns the node's (possibly new) number.
     */
    private int set(int node, int level, long base, long q0, long q1, int value) {
        node = writable(node);
        int shift = BITS_PER_LEVEL * level;
        long blockLast = base + (1L << (shift + BITS_PER_LEVEL)) - 1;
        long lo = Math.max(q0, base);
        long hi = Math.min(q1, blockLast);
        int s0 = (int) ((lo - base) >>> shift);
        int s1 = (int) ((hi - base) >>> shift);
        for (int s = s0; s <= s1; s++) {
            long sb = base + ((long) s << shift);
            long se = sb + (1L << shift) - 1;
            int idx = (node << BITS_PER_LEVEL) | s;
            if (q0 <= sb && se <= q1) {
                drop(a.nodes[idx]);
                a.nodes[idx] = value;
            } else {
                int e = a.nodes[idx];
                int child = isNode(e) ? nodeOf(e) : expand(e, level - 1, sb);
                child = set(child, level - 1, sb, q0, q1, value);
                // No collapsing here: see normalizeFresh.
                a.nodes[idx] = nodeEntry(child, level - 1); // a.nodes may have grown: read it again
            }
        }
        return node;
    }

    /** A fresh node of {@code level} over the block at page {@code base} that says what leaf {@code e} said. */
    private int expand(int e, int level, long base) {
        int n = allocate();
        if (e == NIL) {
            return n;
        }
        int shift = BITS_PER_LEVEL * level;
        long blockLast = base + (1L << (shift + BITS_PER_LEVEL)) - 1;
        long lo = Math.max(firstPageOf(e), base);
        long hi = Math.min(lastPageOf(e), blockLast);
        if (lo <= hi) {
            int from = (n << BITS_PER_LEVEL) + (int) ((lo - base) >>> shift);
            int to = (n << BITS_PER_LEVEL) + (int) ((hi - base) >>> shift) + 1;
            Arrays.fill(a.nodes, from, to, e);
        }
        return n;
    }

    /**
     * Collapses, bottom-up, every node this editor wrote whose non-empty slots all hold one leaf,
     * and returns what should stand in place of {@code e}. Nodes of older versions were collapsed
     * when they were built, and every path to a written node consists of written nodes, so only
     * those are visited.
     *
     * <p>This must wait until all updates are done: a leaf may stand for pages beyond its range's
     * pages only while that range is in the view. Collapsing mid-edit onto a range that the edit
     * is removing, then expanding it again for a later page, would resurrect it on pages already
     * recomputed.
     */
    private int normalizeFresh(int e) {
        if (!isNode(e) || nodeOf(e) < freshFrom) {
            return e;
        }
        int base = nodeOf(e) << BITS_PER_LEVEL;
        for (int i = 0; i < SLOTS; i++) {
            int x = a.nodes[base + i];
            if (isNode(x)) {
                int y = normalizeFresh(x);
                if (y != x) {
                    a.nodes[base + i] = y;
                }
            }
        }
        int s = sole(nodeOf(e));
        if (s == MIXED || isNode(s)) {
            return e;
        }
        live--;
        return s;
    }

    /**
     * {@link #NIL} if every slot of {@code node} is NIL, the one non-NIL value if all non-NIL
     * slots hold it (its slot in {@link #soleSlot}), else {@link #MIXED}.
     */
    private int sole(int node) {
        int[] ns = a.nodes;
        int base = node << BITS_PER_LEVEL;
        int v = NIL;
        for (int i = 0; i < SLOTS; i++) {
            int x = ns[base + i];
            if (x != NIL && x != v) {
                if (v != NIL) {
                    return MIXED;
                }
                v = x;
                soleSlot = i;
            }
        }
        return v;
    }

    private int writable(int node) {
        if (node >= freshFrom) {
            return node;
        }
        int m = a.allocateNode(); // the copy replaces the original in this version: live unchanged
        System.arraycopy(a.nodes, node << BITS_PER_LEVEL, a.nodes, m << BITS_PER_LEVEL, SLOTS);
        return m;
    }

    private int allocate() {
        live++;
        return a.allocateNode();
    }

    /** Accounts for a subtree that this version no longer reaches. */
    private void drop(int e) {
        if (isNode(e)) {
            live -= countNodes(e);
        }
    }

    private int countNodes(int e) {
        int count = 1;
        int base = nodeOf(e) << BITS_PER_LEVEL;
        for (int i = 0; i < SLOTS; i++) {
            int x = a.nodes[base + i];
            if (isNode(x)) {
                count += countNodes(x);
            }
        }
        return count;
    }

    private long firstPageOf(int leaf) {
        return leaf >= SUBPAGE_FLAG ? a.subpages[leaf - SUBPAGE_FLAG].page : a.sections[leaf].start() >>> PAGE_BITS;
    }

    private long lastPageOf(int leaf) {
        return leaf >= SUBPAGE_FLAG ? a.subpages[leaf - SUBPAGE_FLAG].page : a.sections[leaf].last() >>> PAGE_BITS;
    }

    private int sectionOf(FlatRange r) {
        if (r != lastRange) {
            lastSection = a.addSection(r);
            lastRange = r;
        }
        return lastSection;
    }

    private int subpageOf(FlatRange[] rs, int from, int to, long page) {
        return SUBPAGE_FLAG + a.addSubpage(new Subpage(page, Arrays.copyOfRange(rs, from, to)));
    }

    // ---------------------------------------------------------------- compaction

    /** Replaces the arena by a fresh one holding only what {@code root} reaches. */
    private void compactFrom(int[] nodes, FlatRange[] sections, Subpage[] subpages, int nodeCount, int sectionCount,
            int subpageCount, int oldRoot, long oldPrefix, int liveHint) {
        DispatchArena fresh = new DispatchArena(liveHint + 4, sectionCount / 2 + 2, subpageCount / 2 + 1);
        Compactor c = new Compactor(nodes, sections, subpages, sectionCount, subpageCount, fresh);
        root = c.copy(oldRoot);
        rootPrefix = oldPrefix;
        live = c.nodes;
        a = fresh;
        freshFrom = fresh.nodeCount;
        lastRange = null;
    }

    /** Copies the part of an arena that one root reaches, renumbering nodes, sections and subpages. */
    private static final class Compactor {
        private final int[] src;
        private final FlatRange[] sections;
        private final Subpage[] subpages;
        private final int[] sectionMap;
        private final int[] subpageMap;
        private final DispatchArena dst;
        int nodes;

        Compactor(int[] src, FlatRange[] sections, Subpage[] subpages, int sectionCount, int subpageCount,
                DispatchArena dst) {
            this.src = src;
            this.sections = sections;
            this.subpages = subpages;
            this.sectionMap = new int[sectionCount];
            this.subpageMap = new int[subpageCount];
            this.dst = dst;
        }

        int copy(int e) {
            if (isNode(e)) {
                int n = dst.allocateNode();
                nodes++;
                int from = nodeOf(e) << BITS_PER_LEVEL;
                for (int i = 0; i < SLOTS; i++) {
                    int x = src[from + i];
                    if (x != NIL) {
                        int y = copy(x);
                        dst.nodes[(n << BITS_PER_LEVEL) | i] = y;
                    }
                }
                return nodeEntry(n, levelOf(e));
            }
            if (e == NIL) {
                return NIL;
            }
            if (e < SUBPAGE_FLAG) {
                if (sectionMap[e] == 0) {
                    sectionMap[e] = dst.addSection(sections[e]);
                }
                return sectionMap[e];
            }
            int s = e - SUBPAGE_FLAG;
            if (subpageMap[s] == 0) {
                subpageMap[s] = dst.addSubpage(subpages[s]) + 1;
            }
            return SUBPAGE_FLAG + subpageMap[s] - 1;
        }
    }
}
