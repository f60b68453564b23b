package dev.physmem.cli.board;

import dev.physmem.MemorySystem;
import dev.physmem.region.AliasRegion;
import dev.physmem.region.MemoryRegion;
import dev.physmem.space.AddressSpace;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A region tree printed like {@code info mtree -D}'s address-space lines (FORMAT.md §3.4), for
 * comparing whole trees in tests: children by start ascending, higher priority first.
 */
final class TreeText {
    private TreeText() {
    }

    /** The tree under the root of the address space named {@code space}. */
    static String of(MemorySystem system, String space) {
        AddressSpace as = system.addressSpaces().stream().filter(a -> a.name().equals(space)).findFirst()
                .orElseThrow();
        StringBuilder out = new StringBuilder();
        print(as.root(), 0, 0, out);
        return out.toString();
    }

    private static void print(MemoryRegion r, long base, int depth, StringBuilder out) {
        long start = base + r.addr();
        long end = r.size() == 0 ? start : start + r.lastOffset();
        out.append("  ".repeat(depth + 1))
                .append("%016x-%016x (prio %d, %s%s): ".formatted(start, end, r.priority(),
                        r.isNonvolatile() ? "nv-" : "", r.typeName()));
        if (r instanceof AliasRegion a) {
            long aStart = a.aliasOffset();
            out.append("alias ").append(a.name()).append(" @").append(a.target().name())
                    .append(" %016x-%016x".formatted(aStart, aStart + (end - start)));
        } else {
            out.append(r.name());
        }
        if (!r.isEnabled()) {
            out.append(" [disabled]");
        }
        out.append(" ").append(r.owner().format()).append('\n');
        List<MemoryRegion> children = new ArrayList<>(r.subregions());
        children.sort(Comparator.comparing((MemoryRegion c) -> c.addr(), Long::compareUnsigned)
                .thenComparing(MemoryRegion::priority, Comparator.reverseOrder()));
        for (MemoryRegion c : children) {
            print(c, start, depth + 1, out);
        }
    }
}
