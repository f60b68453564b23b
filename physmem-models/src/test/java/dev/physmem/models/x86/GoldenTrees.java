package dev.physmem.models.x86;

import dev.physmem.MemorySystem;
import dev.physmem.region.AliasRegion;
import dev.physmem.region.MemoryRegion;
import dev.physmem.space.AddressSpace;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Test helper: formats a model's region tree as {@code info mtree -o -D} does, for comparison
 * with a QEMU 7.2 capture as a sorted list of blocks ({@link GoldenFlatViews#blocks}). It
 * follows FORMAT.md §3: one {@code address-space:} block per distinct root (names sorted), one
 * {@code memory-region:} block per alias target, children in the order (address ascending,
 * priority descending, then list order). It stays a test helper until the project's
 * {@code info mtree} printer exists.
 */
final class GoldenTrees {
    private static final Comparator<MemoryRegion> PRINT_ORDER = (a, b) -> {
        int byAddress = Long.compareUnsigned(a.addr(), b.addr());
        return byAddress != 0 ? byAddress : Integer.compare(b.priority(), a.priority());
    };

    private GoldenTrees() {
    }

    /** The {@code info mtree -o -D} text of {@code system}. */
    static String tree(MemorySystem system) {
        Map<MemoryRegion, TreeSet<String>> groups = new LinkedHashMap<>();
        for (AddressSpace as : system.addressSpaces()) {
            groups.computeIfAbsent(as.root(), r -> new TreeSet<>()).add(as.name());
        }
        StringBuilder out = new StringBuilder();
        Map<MemoryRegion, Boolean> targets = new IdentityHashMap<>();
        List<MemoryRegion> targetOrder = new ArrayList<>();
        for (var group : groups.entrySet()) {
            for (String name : group.getValue()) {
                out.append("address-space: ").append(name).append('\n');
            }
            print(out, group.getKey(), 0, 1, targets, targetOrder);
            out.append('\n');
        }
        for (int i = 0; i < targetOrder.size(); i++) {
            MemoryRegion target = targetOrder.get(i);
            out.append("memory-region: ").append(target.name()).append('\n');
            print(out, target, 0, 1, targets, targetOrder);
            out.append('\n');
        }
        return out.toString();
    }

    private static void print(StringBuilder out, MemoryRegion mr, long base, int depth,
            Map<MemoryRegion, Boolean> targets, List<MemoryRegion> targetOrder) {
        long start = base + mr.addr();
        long end = mr.isEmpty() ? start : start + mr.lastOffset();
        out.append("  ".repeat(depth)).append("%016x-%016x (prio %d, %s): ".formatted(
                start, end, mr.priority(), mr.typeName()));
        if (mr instanceof AliasRegion alias) {
            long aliasEnd = mr.isEmpty() ? alias.aliasOffset() : alias.aliasOffset() + mr.lastOffset();
            out.append("alias ").append(mr.name()).append(" @").append(alias.target().name())
                    .append(" %016x-%016x".formatted(alias.aliasOffset(), aliasEnd));
            if (targets.put(alias.target(), Boolean.TRUE) == null) {
                targetOrder.add(alias.target());
            }
        } else {
            out.append(mr.name());
        }
        if (!mr.isEnabled()) {
            out.append(" [disabled]");
        }
        out.append(' ').append(mr.owner().format()).append('\n');
        List<MemoryRegion> children = new ArrayList<>(mr.subregions());
        children.sort(PRINT_ORDER);
        for (MemoryRegion child : children) {
            print(out, child, start, depth + 1, targets, targetOrder);
        }
    }
}
