package dev.physmem.cli.view;

import dev.physmem.cli.view.MapModel.Alias;
import dev.physmem.cli.view.MapModel.Node;
import dev.physmem.cli.view.MapModel.Tree;
import dev.physmem.region.AliasRegion;
import dev.physmem.region.MemoryRegion;
import java.util.Comparator;
import java.util.List;

/**
 * The region tree of an address space as {@code info mtree -D} shows it: every region, disabled
 * ones marked, children by start address then priority, absolute addresses computed down the
 * path, and aliases as a leaf naming their target and window (the target's subtree is not
 * repeated). Caller holds the topology lock.
 */
final class RegionTreeModel {
    /**
     * Print order among siblings: start ascending (unsigned), then priority descending; the sort is
     * stable, so equal ones keep render order and the one printed first is the one that wins.
     */
    private static final Comparator<MemoryRegion> SIBLING_ORDER =
            Comparator.<MemoryRegion>comparingLong(r -> r.addr() ^ Long.MIN_VALUE)
                    .thenComparing(Comparator.comparingInt(MemoryRegion::priority).reversed());

    private RegionTreeModel() {
    }

    /** The tree under {@code root} for address spaces {@code spaces}, whose names it sorts as {@code info mtree} does. */
    static Tree tree(MemoryRegion root, List<String> spaces) {
        return new Tree(spaces.stream().sorted().toList(), node(root, 0));
    }

    /** {@code region} mapped so that its container's offset 0 is absolute {@code base}. */
    static Node node(MemoryRegion region, long base) {
        long start = base + region.addr();
        long last = region.isEmpty() ? start : start + region.lastOffset();
        Alias alias = null;
        if (region instanceof AliasRegion a) {
            long windowLast = a.isEmpty() ? a.aliasOffset() : a.aliasOffset() + a.lastOffset();
            alias = new Alias(a.target().name(), Hex.of(a.aliasOffset()), Hex.of(windowLast));
        }
        List<Node> children = region.subregions().stream()
                .sorted(SIBLING_ORDER)
                .map(child -> node(child, start))
                .toList();
        return new Node(region.name(), Hex.of(start), Hex.of(last), region.priority(), type(region),
                !region.isEnabled(), alias, children);
    }

    private static String type(MemoryRegion region) {
        return region.isNonvolatile() ? "nv-" + region.typeName() : region.typeName();
    }
}
