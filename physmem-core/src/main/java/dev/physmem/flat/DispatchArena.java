package dev.physmem.flat;

import java.util.Arrays;

/**
 * Append-only storage shared by the successive versions of one {@link DispatchTrie} lineage:
 * radix nodes (512 {@code int} entries each, back to back in one array), sections (the ranges
 * that leaves point to) and subpages. QEMU counterpart: {@code PhysPageMap}.
 *
 * <h2>Sharing between versions</h2>
 * A version records the arrays and counts it was built with. Later versions only append (past
 * every count handed out so far) or write into nodes they allocated themselves, so what an older
 * version can reach never changes: it stays valid, immutable in effect, and readable without
 * locks. Growing an array copies it; older versions keep the old copy. When the garbage left by
 * copy-on-write exceeds what is live, the editor moves the live part into a fresh arena.
 *
 * <h2>Thread safety</h2>
 * Written only by the topology-lock holder; published to readers through the final fields of a
 * {@link DispatchTrie} inside a {@link FlatView} stored in a volatile field.
 */
final class DispatchArena {
    int[] nodes;
    int nodeCount;
    FlatRange[] sections;
    int sectionCount;
    Subpage[] subpages;
    int subpageCount;

    DispatchArena(int nodeCapacity, int sectionCapacity, int subpageCapacity) {
        nodes = new int[Math.max(1, nodeCapacity) << DispatchTrie.BITS_PER_LEVEL];
        sections = new FlatRange[Math.max(2, sectionCapacity)];
        subpages = new Subpage[Math.max(1, subpageCapacity)];
        sectionCount = 1; // section 0 is "unassigned"
    }

    /** A new node, all entries {@link DispatchTrie#NIL}. */
    int allocateNode() {
        int n = nodeCount;
        if (n >= DispatchTrie.MAX_NODES) {
            throw new IllegalStateException("dispatch tree too large: nodes=" + n);
        }
        int need = (n + 1) << DispatchTrie.BITS_PER_LEVEL;
        if (need > nodes.length) {
            nodes = Arrays.copyOf(nodes, (int) Math.min((long) nodes.length * 2, (long) DispatchTrie.MAX_NODES
                    << DispatchTrie.BITS_PER_LEVEL));
        }
        nodeCount = n + 1;
        return n;
    }

    int addSection(FlatRange r) {
        if (sectionCount >= DispatchTrie.SUBPAGE_FLAG) {
            throw new IllegalStateException("dispatch tree too large: sections=" + sectionCount);
        }
        if (sectionCount == sections.length) {
            sections = Arrays.copyOf(sections, sections.length * 2);
        }
        sections[sectionCount] = r;
        return sectionCount++;
    }

    int addSubpage(Subpage s) {
        if (subpageCount >= DispatchTrie.SUBPAGE_FLAG) {
            throw new IllegalStateException("dispatch tree too large: subpages=" + subpageCount);
        }
        if (subpageCount == subpages.length) {
            subpages = Arrays.copyOf(subpages, subpages.length * 2);
        }
        subpages[subpageCount] = s;
        return subpageCount++;
    }
}
