package dev.physmem.flat;

/**
 * The lookup structure of one {@link FlatView}: a radix tree over target page numbers, 9 bits per
 * level, 6 levels, whose leaves name the range that answers a page. QEMU counterpart:
 * {@code AddressSpaceDispatch} ({@code phys_map}, {@code phys_page_find}).
 *
 * <h2>Entries</h2>
 * An entry is an {@code int}. Its top byte is 0 for a leaf and {@code level + 1} for a pointer to
 * a node of that level (level 0 indexes address bits 12–20, level 5 bits 57–63). A leaf is
 * {@link #NIL} (no range), a section number (a range from {@code sections}), or
 * {@link #SUBPAGE_FLAG} plus a subpage number (a page that several ranges share).
 *
 * <h2>Invariants ("relaxed leaves")</h2>
 * For every page {@code p} under an entry: if a range of the view meets {@code p}, the lookup of
 * {@code p} through that entry reaches the range itself (a section) or a subpage listing it.
 * A leaf may also stand for pages that no range covers, because every lookup finishes by checking
 * that the range found contains the address. This is what lets a lone child collapse into its
 * parent's slot (QEMU's {@code phys_page_compact}) and a large aligned range sit high in the tree:
 * <ul>
 * <li>the root may be a node of any level: the levels above it are skipped (their only non-empty
 * slot led to it), so the walk is as short as the populated part of the address space allows;
 * <li>a node whose non-empty slots all hold the same leaf is replaced by that leaf;
 * <li>a page met by exactly one range (even partly) holds that range's section; only pages met by
 * two or more ranges get a subpage.
 * </ul>
 * Nodes below the root always point to the next level (no skipping inside the tree).
 *
 * <h2>Versions</h2>
 * Deeply immutable in effect: nodes, sections and subpages live in a {@link DispatchArena} shared
 * with later versions, which append and never overwrite what this version reaches. A commit that
 * changes a few pages copies the nodes on their paths ({@code O(levels)} nodes of 2 KiB) and
 * allocates one section per new range. See {@link DispatchTrieEditor}.
 *
 * <h2>Thread safety</h2>
 * {@link #lookup(long)} allocates nothing, takes no lock, and may run concurrently with the
 * derivation of newer versions.
 */
public final class DispatchTrie {
    /** Bits of address inside a target page. */
    public static final int PAGE_BITS = 12;
    static final int PAGE_MASK = (1 << PAGE_BITS) - 1;
    /** Bits of page number that one level indexes. */
    public static final int BITS_PER_LEVEL = 9;
    /** Slots per node. */
    public static final int SLOTS = 1 << BITS_PER_LEVEL;
    static final int SLOT_MASK = SLOTS - 1;
    /** Levels needed for 64-bit addresses (6 × 9 ≥ 64 − 12). */
    public static final int LEVELS = 6;
    /** The last page number of the 64-bit space. */
    static final long LAST_PAGE = -1L >>> PAGE_BITS;

    /** The leaf that names no range. */
    static final int NIL = 0;
    /** Leaf flag: the rest is a subpage number. */
    static final int SUBPAGE_FLAG = 1 << 23;
    static final int TAG_SHIFT = 24;
    static final int PTR_MASK = (1 << TAG_SHIFT) - 1;
    /** Nodes addressable in one {@code int[]} of 512-entry nodes. */
    static final int MAX_NODES = 1 << (31 - BITS_PER_LEVEL);

    private static final DispatchTrie EMPTY = new DispatchTrie(new DispatchArena(1, 2, 1), NIL, 0, 0);

    final DispatchArena arena;
    final int[] nodes;
    final FlatRange[] sections;
    final Subpage[] subpages;
    final int nodeCount;
    final int sectionCount;
    final int subpageCount;
    /** The root entry: a leaf, or a pointer to a node of any level. */
    final int root;
    /** For a node root of level L: the page number bits above the node, {@code page >>> 9(L+1)}. */
    final long rootPrefix;
    /** Nodes reachable from the root (the rest of {@code [0, nodeCount)} is garbage or older versions'). */
    final int liveNodes;

    DispatchTrie(DispatchArena arena, int root, long rootPrefix, int liveNodes) {
        this.arena = arena;
        this.nodes = arena.nodes;
        this.sections = arena.sections;
        this.subpages = arena.subpages;
        this.nodeCount = arena.nodeCount;
        this.sectionCount = arena.sectionCount;
        this.subpageCount = arena.subpageCount;
        this.root = root;
        this.rootPrefix = rootPrefix;
        this.liveNodes = liveNodes;
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
        DispatchTrieEditor editor = new DispatchTrieEditor(ranges.length);
        editor.update(ranges, 0, ranges.length, 0, LAST_PAGE);
        return editor.build(ranges.length);
    }

    /** An editor that derives a new version from this one. */
    DispatchTrieEditor edit() {
        return new DispatchTrieEditor(this);
    }

    /** True when no version derived from this one has appended to the arena yet. */
    boolean isTip() {
        return arena.nodeCount == nodeCount && arena.sectionCount == sectionCount
                && arena.subpageCount == subpageCount;
    }

    /**
     * The range containing absolute address {@code addr}, or null. Walks at most
     * {@link #LEVELS} nodes, usually two or three; allocation-free.
     */
    public FlatRange lookup(long addr) {
        int e = root;
        int tag;
        int[] n = nodes;
        while ((tag = e >>> TAG_SHIFT) != 0) {
            // A node of level tag-1 indexes address bits 12 + 9(tag-1) = 9 tag + 3 upwards.
            e = n[((e & PTR_MASK) << BITS_PER_LEVEL) | (int) ((addr >>> (tag * BITS_PER_LEVEL + 3)) & SLOT_MASK)];
        }
        if (e < SUBPAGE_FLAG) {
            FlatRange r = sections[e];
            return r != null && r.contains(addr) ? r : null;
        }
        return subpages[e - SUBPAGE_FLAG].lookup(addr);
    }

    // ---------------------------------------------------------------- structure, for dumps and tests

    /** Whether {@code entry} points to a node. */
    static boolean isNode(int entry) {
        return (entry >>> TAG_SHIFT) != 0;
    }

    /** The level of the node {@code entry} points to. */
    static int levelOf(int entry) {
        return (entry >>> TAG_SHIFT) - 1;
    }

    /** The node number {@code entry} points to. */
    static int nodeOf(int entry) {
        return entry & PTR_MASK;
    }

    /** An entry pointing to node {@code node} of level {@code level}. */
    static int nodeEntry(int node, int level) {
        return ((level + 1) << TAG_SHIFT) | node;
    }

    /** Slot {@code slot} of node {@code node}. */
    int slot(int node, int slot) {
        return nodes[(node << BITS_PER_LEVEL) | slot];
    }

    /** Number of nodes reachable from the root. */
    public int nodeCount() {
        return liveNodes;
    }

    /** The walk this tree does for {@code addr}: how many nodes it visits (0 for a leaf root). */
    public int depthOf(long addr) {
        int e = root;
        int depth = 0;
        while (isNode(e)) {
            e = slot(nodeOf(e), (int) ((addr >>> (PAGE_BITS + levelOf(e) * BITS_PER_LEVEL)) & SLOT_MASK));
            depth++;
        }
        return depth;
    }

    @Override
    public String toString() {
        return "DispatchTrie[nodes=" + liveNodes + ", root=" + (isNode(root) ? "level " + levelOf(root) : "leaf") + "]";
    }
}
