package dev.physmem.inspect;

import dev.physmem.MemorySystem;
import dev.physmem.flat.FlatRange;
import dev.physmem.inspect.LintFinding.Kind;
import dev.physmem.region.AliasRegion;
import dev.physmem.region.MemoryRegion;
import dev.physmem.space.AddressSpace;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * Finds the memory-map mistakes QEMU accepts without a word: regions completely hidden by
 * others, equal-priority overlaps between enabled siblings, aliases reaching past their target,
 * zero-size regions, and regions no address space reaches. Findings come in region creation
 * order, each with the region's path and a one-line reason.
 */
public final class Linter {
    private Linter() {
    }

    /** Lints every region of {@code system}. */
    public static List<LintFinding> lint(MemorySystem system) {
        system.lock();
        try {
            List<MemoryRegion> regions = system.regions();
            Set<MemoryRegion> reachable = reachable(system.addressSpaces(), false);
            Set<MemoryRegion> live = reachable(system.addressSpaces(), true);
            Set<MemoryRegion> rendered = rendered(system.addressSpaces());
            List<LintFinding> out = new ArrayList<>();
            for (MemoryRegion r : regions) {
                if (r.isEmpty()) {
                    out.add(finding(Kind.ZERO_SIZE, r, "size 0: it renders nothing"));
                }
                if (r instanceof AliasRegion a) {
                    aliasPastTarget(a, out);
                }
                if (!reachable.contains(r)) {
                    out.add(finding(Kind.UNREACHABLE, r, "no address space reaches it through subregions or aliases"));
                } else if (r.isTerminal() && !r.isEmpty() && live.contains(r) && !rendered.contains(r)) {
                    out.add(finding(Kind.HIDDEN, r,
                            "enabled and mapped, but no address of any address space reaches it (regions earlier in render order cover it, or no alias window shows it)"));
                }
                overlaps(r, out);
            }
            return out;
        } finally {
            system.unlock();
        }
    }

    private static void aliasPastTarget(AliasRegion a, List<LintFinding> out) {
        MemoryRegion t = a.target();
        if (a.isEmpty()) {
            return;
        }
        long last = a.aliasOffset() + a.lastOffset();
        boolean wraps = Long.compareUnsigned(last, a.aliasOffset()) < 0;
        if (t.isEmpty() || wraps || Long.compareUnsigned(last, t.lastOffset()) > 0) {
            out.add(finding(Kind.ALIAS_PAST_TARGET, a, String.format(
                    "window 0x%x-0x%x of %s, which ends at 0x%x", a.aliasOffset(), last, t.name(),
                    t.isEmpty() ? -1L : t.lastOffset())));
        }
    }

    private static void overlaps(MemoryRegion container, List<LintFinding> out) {
        List<MemoryRegion> subs = container.subregions();
        for (int i = 0; i < subs.size(); i++) {
            MemoryRegion later = subs.get(i);
            if (!later.isEnabled() || later.isEmpty()) {
                continue;
            }
            for (int j = i + 1; j < subs.size() && subs.get(j).priority() == later.priority(); j++) {
                MemoryRegion earlier = subs.get(j);
                if (earlier.isEnabled() && !earlier.isEmpty() && intersect(later, earlier)) {
                    out.add(finding(Kind.EQUAL_PRIORITY_OVERLAP, earlier, String.format(
                            "overlaps %s (same priority %d, added later) at 0x%x: %s wins there",
                            later.name(), later.priority(), Math.max(later.addr(), earlier.addr()), later.name())));
                }
            }
        }
    }

    private static boolean intersect(MemoryRegion a, MemoryRegion b) {
        long aLast = a.addr() + a.lastOffset();
        long bLast = b.addr() + b.lastOffset();
        if (Long.compareUnsigned(aLast, a.addr()) < 0) {
            aLast = -1L;
        }
        if (Long.compareUnsigned(bLast, b.addr()) < 0) {
            bLast = -1L;
        }
        return Long.compareUnsigned(a.addr(), bLast) <= 0 && Long.compareUnsigned(b.addr(), aLast) <= 0;
    }

    /** Regions reachable from the roots; with {@code enabledOnly}, through enabled regions only. */
    private static Set<MemoryRegion> reachable(List<AddressSpace> spaces, boolean enabledOnly) {
        Set<MemoryRegion> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        ArrayDeque<MemoryRegion> todo = new ArrayDeque<>();
        for (AddressSpace as : spaces) {
            todo.add(as.root());
        }
        while (!todo.isEmpty()) {
            MemoryRegion r = todo.pop();
            if ((enabledOnly && !r.isEnabled()) || !seen.add(r)) {
                continue;
            }
            if (r instanceof AliasRegion a) {
                todo.add(a.target());
            }
            todo.addAll(r.subregions());
        }
        return seen;
    }

    private static Set<MemoryRegion> rendered(List<AddressSpace> spaces) {
        Set<MemoryRegion> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (AddressSpace as : spaces) {
            for (FlatRange r : as.view().ranges()) {
                seen.add(r.region());
            }
        }
        return seen;
    }

    private static LintFinding finding(Kind kind, MemoryRegion r, String reason) {
        return new LintFinding(kind, r, path(r), reason);
    }

    /** {@code outer/inner/name}: the container chain down to {@code r}. */
    public static String path(MemoryRegion r) {
        StringBuilder sb = new StringBuilder(r.name());
        for (MemoryRegion c = r.container(); c != null; c = c.container()) {
            sb.insert(0, c.name() + "/");
        }
        return sb.toString();
    }
}
