package dev.physmem.listener;

import dev.physmem.dispatch.MemoryRegionSection;
import dev.physmem.listener.TopologyEvent.Kind;
import java.util.ArrayList;
import java.util.List;

/**
 * The events that take a listener from one topology to the next: a pure function of the old and
 * the new sections. QEMU counterpart: the two calls of {@code address_space_update_topology_pass}.
 *
 * <p>Both inputs are the sections of a flat view, sorted by address and disjoint. The result is
 * the deletion pass followed by the addition pass, each in increasing address order:
 * <ul>
 *   <li>deletion pass: {@code REGION_DEL} of every old section that has no new section with the
 *       {@linkplain MemoryRegionSection#sameMapping same mapping} at its address;</li>
 *   <li>addition pass: {@code REGION_ADD} of every new section without such an old one, and for
 *       every section in both {@code REGION_NOP}, then {@code LOG_START} if the new one is logged
 *       by a client the old one was not, then {@code LOG_STOP} if the old one was logged by a
 *       client the new one is not.</li>
 * </ul>
 * {@link #hasChanges} tells whether a list has anything but {@code REGION_NOP}s.
 */
public final class TopologyDiff {
    private TopologyDiff() {
    }

    /** The ordered events from {@code oldSections} to {@code newSections}. */
    public static List<TopologyEvent> diff(List<MemoryRegionSection> oldSections,
            List<MemoryRegionSection> newSections) {
        List<TopologyEvent> out = new ArrayList<>();
        pass(oldSections, newSections, false, out);
        pass(oldSections, newSections, true, out);
        return out;
    }

    /** True if {@code events} holds an event other than {@code REGION_NOP}. */
    public static boolean hasChanges(List<TopologyEvent> events) {
        for (TopologyEvent e : events) {
            if (e.kind() != Kind.REGION_NOP) {
                return true;
            }
        }
        return false;
    }

    private static void pass(List<MemoryRegionSection> olds, List<MemoryRegionSection> news, boolean adding,
            List<TopologyEvent> out) {
        int iold = 0;
        int inew = 0;
        while (iold < olds.size() || inew < news.size()) {
            MemoryRegionSection o = iold < olds.size() ? olds.get(iold) : null;
            MemoryRegionSection n = inew < news.size() ? news.get(inew) : null;
            if (o != null && (n == null
                    || Long.compareUnsigned(o.offsetWithinAddressSpace(), n.offsetWithinAddressSpace()) < 0
                    || (o.offsetWithinAddressSpace() == n.offsetWithinAddressSpace() && !o.sameMapping(n)))) {
                if (!adding) {
                    out.add(TopologyEvent.of(Kind.REGION_DEL, o));
                }
                iold++;
            } else if (o != null && o.sameMapping(n)) {
                if (adding) {
                    out.add(TopologyEvent.of(Kind.REGION_NOP, n));
                    int oldMask = o.dirtyLogMask();
                    int newMask = n.dirtyLogMask();
                    if ((newMask & ~oldMask) != 0) {
                        out.add(new TopologyEvent(Kind.LOG_START, n, o.dirtyLog(), n.dirtyLog()));
                    }
                    if ((oldMask & ~newMask) != 0) {
                        out.add(new TopologyEvent(Kind.LOG_STOP, n, o.dirtyLog(), n.dirtyLog()));
                    }
                }
                iold++;
                inew++;
            } else {
                if (adding) {
                    out.add(TopologyEvent.of(Kind.REGION_ADD, n));
                }
                inew++;
            }
        }
    }
}
