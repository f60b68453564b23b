package dev.physmem.mtree;

import java.util.ArrayList;
import java.util.List;

/**
 * One printed occurrence of a region in a dump: a {@link DumpLine} placed in its block's tree. A
 * region printed several times (as an AS root and as a subregion, or again in a
 * {@code memory-region:} block) has several nodes; {@link RegionIdentities} maps them to one
 * {@link RegionPlan}.
 */
final class DumpNode {
    final DumpLine line;
    final DumpBlock block;
    final DumpNode parent;
    final List<DumpNode> children = new ArrayList<>();
    /** Position in print order over the whole dump. */
    final int order;
    /** The structural signature (RENDER-RULES.md §2), set by {@link RegionIdentities}. */
    int signature;
    /** The region this line prints, set by {@link RegionIdentities}. */
    RegionPlan region;

    DumpNode(DumpLine line, DumpBlock block, DumpNode parent, int order) {
        this.line = line;
        this.block = block;
        this.parent = parent;
        this.order = order;
    }

    /** The region's offset in its container: START minus the parent's START, or START at depth 0. */
    long addr() {
        return parent == null ? line.start() : line.start() - parent.line.start();
    }

    /** True for a block's depth-0 line. */
    boolean isBlockRoot() {
        return parent == null;
    }

    @Override
    public String toString() {
        return "DumpNode[line=" + line.number() + " " + line.name() + "]";
    }
}
