package dev.physmem.mtree;

import static dev.physmem.mtree.MtreeText.hex16;

import dev.physmem.region.AliasRegion;
import dev.physmem.region.MemoryRegion;
import dev.physmem.space.AddressSpace;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;

/**
 * Tree mode, {@code info mtree [-o] [-D]} (FORMAT.md §3). QEMU counterpart: {@code mtree_info_as},
 * {@code mtree_print_as} and {@code mtree_print_mr}.
 *
 * <p>Output: one {@code address-space:} group per distinct root region (AS names in byte order), then
 * one {@code memory-region:} block per alias target, in the order the targets are first met while
 * printing (disabled aliases included, even when they are hidden). QEMU prints the groups in the order
 * of a pointer-keyed hash table; here they come in the order their first address space was created.
 *
 * <p>Addresses on a line are absolute within the block: a depth-0 line starts at the region's own
 * {@code addr()}, a child at its parent's start plus its own {@code addr()}, modulo 2<sup>64</sup>.
 * Without {@code -D} a disabled region's line is left out but its subtree is still printed, at its
 * true depth.
 */
final class TreePrinter {
    /**
     * Sibling print order: offset in the container ascending (unsigned), then priority descending; a
     * stable sort, so equal siblings keep their render (list) order.
     */
    private static final Comparator<MemoryRegion> SIBLING_ORDER =
            Comparator.<MemoryRegion>comparingLong(r -> r.addr() ^ Long.MIN_VALUE)
                    .thenComparing(Comparator.comparingInt(MemoryRegion::priority).reversed());

    private final StringBuilder out;
    private final boolean owners;
    private final boolean disabled;
    private final List<MemoryRegion> aliasTargets = new ArrayList<>();
    private final Set<MemoryRegion> queued = Collections.newSetFromMap(new IdentityHashMap<>());

    private TreePrinter(StringBuilder out, MtreeOptions options) {
        this.out = out;
        this.owners = options.owners();
        this.disabled = options.disabled();
    }

    /** Appends the tree output for {@code spaces} (in creation order) to {@code out}. */
    static void print(List<AddressSpace> spaces, MtreeOptions options, StringBuilder out) {
        new TreePrinter(out, options).printAll(spaces);
    }

    private void printAll(List<AddressSpace> spaces) {
        // MemoryRegion keeps Object's identity equality, so this groups by region identity.
        LinkedHashMap<MemoryRegion, List<String>> groups = new LinkedHashMap<>();
        for (AddressSpace as : spaces) {
            groups.computeIfAbsent(as.root(), r -> new ArrayList<>()).add(as.name());
        }
        groups.forEach((root, names) -> {
            names.sort(MtreeText.BYTE_ORDER);
            for (String name : names) {
                out.append("address-space: ").append(name).append('\n');
            }
            printRegion(root, 1, 0);
            out.append('\n');
        });
        // The list grows while it is printed: a block can meet new alias targets.
        for (int i = 0; i < aliasTargets.size(); i++) {
            MemoryRegion target = aliasTargets.get(i);
            out.append("memory-region: ").append(target.name()).append('\n');
            printRegion(target, 1, 0);
            out.append('\n');
        }
    }

    /**
     * @param level the indentation level (1 for a block's first region)
     * @param base the absolute start of {@code mr}'s container in this block
     */
    private void printRegion(MemoryRegion mr, int level, long base) {
        long start = base + mr.addr();
        long end = start + MtreeText.lastOffset(mr);
        if (Long.compareUnsigned(start, base) < 0 || Long.compareUnsigned(end, start) < 0) {
            // QEMU's warning comes before the indentation, even when the line itself is hidden.
            out.append("[DETECTED OVERFLOW!] ");
        }
        if (mr instanceof AliasRegion alias && queued.add(alias.target())) {
            aliasTargets.add(alias.target());
        }
        if (mr.isEnabled() || disabled) {
            printLine(mr, level, start, end);
        }
        List<MemoryRegion> children = new ArrayList<>(mr.subregions());
        children.sort(SIBLING_ORDER);
        for (MemoryRegion child : children) {
            printRegion(child, level + 1, start);
        }
    }

    private void printLine(MemoryRegion mr, int level, long start, long end) {
        out.append(MtreeText.INDENT.repeat(level));
        hex16(out, start).append('-');
        hex16(out, end).append(" (prio ").append(mr.priority()).append(", ");
        if (mr.isNonvolatile()) {
            out.append("nv-");
        }
        out.append(mr.typeName()).append("): ");
        if (mr instanceof AliasRegion alias) {
            out.append("alias ").append(mr.name()).append(" @").append(alias.target().name()).append(' ');
            hex16(out, alias.aliasOffset()).append('-');
            hex16(out, alias.aliasOffset() + MtreeText.lastOffset(mr));
        } else {
            out.append(mr.name());
        }
        if (!mr.isEnabled()) {
            out.append(" [disabled]");
        }
        if (owners) {
            out.append(' ').append(mr.owner().format());
        }
        out.append('\n');
    }
}
