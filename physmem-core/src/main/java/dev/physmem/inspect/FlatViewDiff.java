package dev.physmem.inspect;

import dev.physmem.flat.FlatRange;
import dev.physmem.flat.FlatView;
import dev.physmem.space.AddressSpace;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Compares two memory maps flat view by flat view: which address ranges appeared, disappeared
 * or now show something else. Regions are compared by what the guest sees — name, printed type
 * and offset — so maps from different systems (a model and a QEMU dump) compare meaningfully.
 */
public final class FlatViewDiff {
    private FlatViewDiff() {
    }

    /**
     * What an address range shows on one side.
     *
     * @param region the terminal region's name
     * @param type the type {@code info mtree -f} prints
     * @param offset the offset within the region at the first address of the change
     */
    public record Side(String region, String type, long offset) {
        static Side at(FlatRange r, long addr) {
            return r == null ? null : new Side(r.region().name(), r.typeName(), r.offsetOf(addr));
        }

        boolean continues(Side next, long distance) {
            return next != null && region.equals(next.region) && type.equals(next.type)
                    && offset + distance == next.offset;
        }
    }

    /** How a range changed. */
    public enum Kind { ADDED, REMOVED, CHANGED }

    /**
     * One changed range, absolute addresses {@code [start, last]}.
     *
     * @param before what it showed in the first map, null when unassigned there
     * @param after what it shows in the second map, null when unassigned there
     */
    public record Change(Kind kind, long start, long last, Side before, Side after) {
    }

    /** Whether an address space is in both maps or only one. */
    public enum Presence { BOTH, ONLY_FIRST, ONLY_SECOND }

    /** The changes of one address space (all of its ranges, when it is in one map only). */
    public record SpaceDiff(String name, Presence presence, List<Change> changes) {
        public SpaceDiff {
            changes = List.copyOf(changes);
        }
    }

    /**
     * Pairs the address spaces of two maps by name (the k-th of a repeated name with the k-th)
     * and diffs each pair; address spaces without a partner are reported whole. Order: the first
     * map's spaces in its order, then the second map's extra ones.
     */
    public static List<SpaceDiff> diff(List<AddressSpace> first, List<AddressSpace> second) {
        Map<String, List<AddressSpace>> byName = new HashMap<>();
        for (AddressSpace as : second) {
            byName.computeIfAbsent(as.name(), k -> new ArrayList<>()).add(as);
        }
        List<SpaceDiff> out = new ArrayList<>();
        for (AddressSpace a : first) {
            List<AddressSpace> partners = byName.get(a.name());
            if (partners == null || partners.isEmpty()) {
                out.add(new SpaceDiff(a.name(), Presence.ONLY_FIRST, diff(a.view(), FlatView.empty())));
            } else {
                out.add(new SpaceDiff(a.name(), Presence.BOTH, diff(a.view(), partners.removeFirst().view())));
            }
        }
        for (AddressSpace b : second) {
            List<AddressSpace> left = byName.get(b.name());
            if (left != null && left.remove(b)) {
                out.add(new SpaceDiff(b.name(), Presence.ONLY_SECOND, diff(FlatView.empty(), b.view())));
            }
        }
        return out;
    }

    /** The changes from view {@code a} to view {@code b}, in address order, maximal runs merged. */
    public static List<Change> diff(FlatView a, FlatView b) {
        List<Change> out = new ArrayList<>();
        int i = 0; // first range of a that ends at or after cursor
        int j = 0;
        long cursor = 0;
        while (i < a.size() || j < b.size()) {
            FlatRange ra = covering(a, i, cursor);
            FlatRange rb = covering(b, j, cursor);
            long end = Math.min(boundary(a, i, ra) ^ Long.MIN_VALUE, boundary(b, j, rb) ^ Long.MIN_VALUE)
                    ^ Long.MIN_VALUE;
            Side sa = Side.at(ra, cursor);
            Side sb = Side.at(rb, cursor);
            if (!Objects.equals(sa, sb)) {
                Kind kind = sa == null ? Kind.ADDED : sb == null ? Kind.REMOVED : Kind.CHANGED;
                append(out, new Change(kind, cursor, end, sa, sb));
            }
            if (end == -1L) {
                break;
            }
            cursor = end + 1;
            while (i < a.size() && Long.compareUnsigned(a.range(i).last(), cursor) < 0) {
                i++;
            }
            while (j < b.size() && Long.compareUnsigned(b.range(j).last(), cursor) < 0) {
                j++;
            }
        }
        return out;
    }

    /** The range at {@code index} if it covers {@code addr}, else null (a hole before it). */
    private static FlatRange covering(FlatView v, int index, long addr) {
        if (index >= v.size()) {
            return null;
        }
        FlatRange r = v.range(index);
        return Long.compareUnsigned(r.start(), addr) <= 0 ? r : null;
    }

    /** The last address of the elementary interval on this side: the range's end or the hole's. */
    private static long boundary(FlatView v, int index, FlatRange covering) {
        if (covering != null) {
            return covering.last();
        }
        return index < v.size() ? v.range(index).start() - 1 : -1L;
    }

    private static void append(List<Change> out, Change c) {
        if (!out.isEmpty()) {
            Change p = out.getLast();
            long distance = c.start() - p.start();
            if (p.kind() == c.kind() && p.last() + 1 == c.start()
                    && (p.before() == null ? c.before() == null : p.before().continues(c.before(), distance))
                    && (p.after() == null ? c.after() == null : p.after().continues(c.after(), distance))) {
                out.set(out.size() - 1, new Change(p.kind(), p.start(), c.last(), p.before(), p.after()));
                return;
            }
        }
        out.add(c);
    }

    /** The diff as text: one block per address space with changes, one line per change. */
    public static String format(List<SpaceDiff> diffs) {
        StringBuilder sb = new StringBuilder();
        for (SpaceDiff d : diffs) {
            if (d.changes().isEmpty() && d.presence() == Presence.BOTH) {
                continue;
            }
            sb.append("address-space: ").append(d.name());
            switch (d.presence()) {
                case ONLY_FIRST -> sb.append(" (only in the first map)");
                case ONLY_SECOND -> sb.append(" (only in the second map)");
                case BOTH -> { }
            }
            sb.append('\n');
            for (Change c : d.changes()) {
                sb.append(switch (c.kind()) {
                    case ADDED -> "  + ";
                    case REMOVED -> "  - ";
                    case CHANGED -> "  ~ ";
                });
                sb.append(String.format("%016x-%016x ", c.start(), c.last()));
                switch (c.kind()) {
                    case ADDED -> sb.append(describe(c.after()));
                    case REMOVED -> sb.append(describe(c.before()));
                    case CHANGED -> sb.append(describe(c.before())).append(" -> ").append(describe(c.after()));
                }
                sb.append('\n');
            }
            sb.append('\n');
        }
        return sb.isEmpty() ? "no differences\n" : sb.toString();
    }

    private static String describe(Side s) {
        return s.region() + (s.offset() != 0 ? String.format(" @%016x", s.offset()) : "") + " (" + s.type() + ")";
    }
}
