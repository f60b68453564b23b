package dev.physmem.flat;

import java.util.List;

/**
 * The lookup structure of one {@link FlatView}: a radix tree over target page numbers whose leaves
 * are the ranges that answer a page. QEMU counterpart: {@code AddressSpaceDispatch}
 * ({@code phys_map}, {@code phys_page_find}), 9 bits per level there, {@value #BITS_PER_LEVEL} here
 * (measured: smaller nodes make each commit's path copy cheaper; see docs/ARCHITECTURE.md).
 *
 * <h2>Entries</h2>
 * A node has {@link #SLOTS} entries. Level 0 indexes address bits 12 to
 * 12 + {@value #BITS_PER_LEVEL} − 1, each level above the next {@value #BITS_PER_LEVEL} bits;
 * {@link #LEVELS} levels cover 64-bit addresses. An entry is a child node (one level down), a
 * {@link FlatRange}, a {@link Subpage} (a page that several ranges share), or null (no range).
 * A node comes in one of two array types:
 * <ul>
 * <li>an <em>exact node</em>, a {@code FlatRange[SLOTS]}, when every entry is null or a range that
 * covers the whole span of its slot: the lookup returns the entry as it is, without loading the
 * range (the nodes are few and hot; a range object sits wherever the collector put it, usually
 * next to its region on a cold line). Runs of page-sized RAM regions are exact nodes;
 * <li>otherwise an {@code Object[SLOTS + 1]}, whose extra slot holds the editor's mark while the
 * editor writes it and null once built.
 * </ul>
 *
 * <h2>Invariants ("relaxed leaves")</h2>
 * For every page {@code p} under an entry: if a range of the view meets {@code p}, the lookup of
 * {@code p} through that entry reaches that range itself or a subpage listing it. A leaf may also
 * stand for pages that no range covers, because every lookup ends by checking that the range found
 * contains the address. This is what lets the tree stay shallow, as QEMU's
 * {@code phys_page_compact} does:
 * <ul>
 * <li>the root may be a node of any level; the levels above it are skipped (every other slot on
 * the way was empty), so the walk is as short as the populated block of the address space allows;
 * <li>a node whose non-empty slots all hold the same leaf is replaced by that leaf, so a large
 * aligned range sits high in the tree and a lone small region costs no chain of nodes;
 * <li>a page met by exactly one range (even partly) holds that range; only a page met by two or
 * more ranges gets a {@link Subpage}.
 * </ul>
 * Below the root, a node's children are always exactly one level down.
 *
 * <h2>Versions and thread safety</h2>
 * Deeply immutable once built. A commit derives a new version with {@link DispatchTrieEditor},
 * which copies the nodes on the paths to the pages it changes ({@code O(levels)} nodes) and shares
 * the rest; garbage is left to the Java collector. {@link #lookup(long)} allocates nothing, takes
 * no lock and may run while newer versions are being derived.
 */
public final class DispatchTrie {
    /** Bits of address inside a target page. */
    public static final int PAGE_BITS = 12;
    static final int PAGE_MASK = (1 << PAGE_BITS) - 1;
    /** Bits of page number that one level indexes. */
    public static final int BITS_PER_LEVEL = 6;
    /** Entries per node. */
    public static final int SLOTS = 1 << BITS_PER_LEVEL;
    static final int SLOT_MASK = SLOTS - 1;
    /** Levels needed for 64-bit addresses. */
    public static final int LEVELS = (64 - PAGE_BITS + BITS_PER_LEVEL - 1) / BITS_PER_LEVEL;
    /** The last page number of the 64-bit space. */
    static final long LAST_PAGE = -1L >>> PAGE_BITS;

    private static final DispatchTrie EMPTY = new DispatchTrie(null, 0, 0);

    /** Null, a leaf, or a node of level {@link #rootLevel}. */
    final Object root;
    /** For a node root: its level. */
    final int rootLevel;
    /** For a node root of level L: the page-number bits above it, {@code page >>> (BITS (L + 1))}. */
    final long rootPrefix;
    /** Shift of the address bits that the root node indexes. */
    final int rootShift;

    DispatchTrie(Object root, int rootLevel, long rootPrefix) {
        this.root = root;
        this.rootLevel = rootLevel;
        this.rootPrefix = rootPrefix;
        this.rootShift = PAGE_BITS + BITS_PER_LEVEL * rootLevel;
    }

    /** The tree of a view without ranges. */
    static DispatchTrie empty() {
        return EMPTY;
    }

    /** A tree over all of {@code ranges} (sorted, disjoint), built from scratch. */
    static DispatchTrie build(FlatRange[] ranges) {
        if (ranges.length == 0) {
            return EMPTY;
        }
        DispatchTrieEditor editor = new DispatchTrieEditor(EMPTY);
        editor.update(ranges, 0, ranges.length, 0, LAST_PAGE);
        return editor.build();
    }

    /** An editor that derives a new version from this one. */
    DispatchTrieEditor edit() {
        return new DispatchTrieEditor(this);
    }

    /**
     * The range containing absolute address {@code addr}, or null. Walks at most {@link #LEVELS}
     * nodes, usually two; allocation-free.
     */
    public FlatRange lookup(long addr) {
        return find(root, rootShift, rootPrefix, addr);
    }

    /**
     * {@link #lookup} from a root entry, its shift and prefix, for callers that keep them in their
     * own fields to save the load of the tree object on the hot path.
     *
     * <p>Each step tells a node from a leaf by the entry's exact class, which it loads anyway; an
     * exact node's entry is the answer, returned without touching the range. The root's prefix is
     * checked first because an exact node's entries, unlike relaxed leaves, are not re-checked
     * against the address.
     */
    static FlatRange find(Object root, int rootShift, long rootPrefix, long addr) {
        Object e = root;
        if (e == null) {
            return null;
        }
        Class<?> c = e.getClass();
        if (c == Object[].class || c == FlatRange[].class) {
            if (addr >>> rootShift >>> BITS_PER_LEVEL != rootPrefix) {
                return null;
            }
            int shift = rootShift;
            while (true) {
                int i = (int) (addr >>> shift) & SLOT_MASK;
                if (c == FlatRange[].class) {
                    return ((FlatRange[]) e)[i];
                }
                e = ((Object[]) e)[i];
                if (e == null) {
                    return null;
                }
                c = e.getClass();
                if (c != Object[].class && c != FlatRange[].class) {
                    break;
                }
                shift -= BITS_PER_LEVEL;
            }
        }
        if (e instanceof FlatRange r) {
            return r.contains(addr) ? r : null;
        }
        return e instanceof Subpage s ? s.lookup(addr) : null;
    }

    /**
     * Whether {@code node[i]} is null or a range covering every address of slot {@code i}'s span,
     * for a node of {@code level} whose block starts at page {@code basePage}: what every entry of
     * an exact node must be.
     */
    static boolean exactOrEmpty(Object[] node, int i, int level, long basePage) {
        Object e = node[i];
        if (e == null) {
            return true;
        }
        if (!(e instanceof FlatRange r)) {
            return false;
        }
        int shift = BITS_PER_LEVEL * level;
        long first = (basePage + ((long) i << shift)) << PAGE_BITS;
        long last = first + ((1L << (shift + PAGE_BITS)) - 1);
        return Long.compareUnsigned(r.start(), first) <= 0 && Long.compareUnsigned(r.last(), last) >= 0;
    }

    /**
     * Whether an entry is a node (of either array type): exact class checks, cheaper than
     * {@code instanceof Object[]}. Either type is read through {@code (Object[])}.
     */
    static boolean isNode(Object e) {
        if (e == null) {
            return false;
        }
        Class<?> c = e.getClass();
        return c == Object[].class || c == FlatRange[].class;
    }

    // ---------------------------------------------------------------- structure, for dumps and tests

    /** Visits the structure in address order; see {@link DispatchTrieVisitor}. */
    public void accept(DispatchTrieVisitor visitor) {
        if (isNode(root)) {
            visitor.root(rootLevel, LEVELS - rootLevel);
            visit((Object[]) root, rootLevel, visitor);
        } else {
            visitor.root(-1, 0);
            visitLeaf(-1, root, visitor);
        }
    }

    private static void visit(Object[] node, int level, DispatchTrieVisitor v) {
        v.enterNode(level);
        for (int i = 0; i < SLOTS; i++) {
            Object e = node[i];
            if (isNode(e)) {
                v.slotNode(i);
                visit((Object[]) e, level - 1, v);
            } else {
                visitLeaf(i, e, v);
            }
        }
        v.exitNode(level);
    }

    private static void visitLeaf(int slot, Object e, DispatchTrieVisitor v) {
        if (e instanceof FlatRange r) {
            v.slotRange(slot, r);
        } else if (e instanceof Subpage s) {
            v.slotSubpage(slot, s.page << PAGE_BITS, List.of(s.ranges));
        } else {
            v.slotEmpty(slot);
        }
    }

    /** Number of nodes reachable from the root. */
    public int nodeCount() {
        return isNode(root) ? count((Object[]) root) : 0;
    }

    private static int count(Object[] node) {
        int n = 1;
        for (int i = 0; i < SLOTS; i++) {
            if (isNode(node[i])) {
                n += count((Object[]) node[i]);
            }
        }
        return n;
    }

    /** How many nodes the lookup of {@code addr} visits (0 when the root is a leaf). */
    public int depthOf(long addr) {
        Object e = root;
        int shift = rootShift;
        int depth = 0;
        while (isNode(e)) {
            e = ((Object[]) e)[(int) (addr >>> shift) & SLOT_MASK];
            shift -= BITS_PER_LEVEL;
            depth++;
        }
        return depth;
    }

    @Override
    public String toString() {
        return "DispatchTrie[nodes=" + nodeCount() + ", root=" + (isNode(root) ? "level " + rootLevel : "leaf") + "]";
    }
}
