package dev.physmem.listener;

import dev.physmem.dispatch.MemoryRegionSection;
import dev.physmem.flat.FlatView;
import java.util.IdentityHashMap;
import java.util.List;

/**
 * What one outermost commit computes for the memory listeners, shared by every address space that
 * shows the same view: the sections and eventfds of a view (built once per view and section epoch), and the
 * events from one delivered section list to another (diffed once per pair). Address spaces that
 * share a flat view (a PCI bus-master alias of system memory per device) were told the same
 * sections at the last commit, so they hold the same list and one diff serves all of them.
 *
 * <p>Owned by the memory system; {@link #clear()} at the end of each commit, so nothing here
 * outlives the views it was built from. Topology lock held.
 */
public final class ListenerUpdates {
    private final IdentityHashMap<FlatView, List<MemoryRegionSection>> sections = new IdentityHashMap<>();
    private final IdentityHashMap<List<MemoryRegionSection>, Diff> diffs = new IdentityHashMap<>();
    private final IdentityHashMap<FlatView, List<AddressSpaceIoeventfd>> ioeventfds = new IdentityHashMap<>();
    private long epoch = -1;

    /** The diff of one delivered list to one new list. */
    record Diff(List<MemoryRegionSection> next, List<TopologyEvent> events) {
    }

    /** The sections of {@code view} in section epoch {@code sectionEpoch}, built on first use. */
    List<MemoryRegionSection> sectionsOf(FlatView view, long sectionEpoch) {
        if (sectionEpoch != epoch) {
            clear();
            epoch = sectionEpoch;
        }
        return sections.computeIfAbsent(view, AddressSpaceListeners::sectionsOf);
    }

    /** The eventfds {@code view} shows in section epoch {@code sectionEpoch}, built on first use. */
    List<AddressSpaceIoeventfd> ioeventfdsOf(FlatView view, long sectionEpoch) {
        if (sectionEpoch != epoch) {
            clear();
            epoch = sectionEpoch;
        }
        return ioeventfds.computeIfAbsent(view, IoeventfdDiff::ioeventfdsOf);
    }

    /** The events from {@code delivered} to {@code next}, diffed on first use of the pair. */
    List<TopologyEvent> diff(List<MemoryRegionSection> delivered, List<MemoryRegionSection> next) {
        Diff d = diffs.get(delivered);
        if (d == null || d.next != next) {
            d = new Diff(next, TopologyDiff.diff(delivered, next));
            diffs.put(delivered, d);
        }
        return d.events;
    }

    /** Forgets everything; the next commit starts afresh. */
    public void clear() {
        // IdentityHashMap.clear() wipes its whole table even when empty, and most commits told
        // no listener anything (profiled: 8% of a one-region commit).
        clear(sections);
        clear(diffs);
        clear(ioeventfds);
        epoch = -1;
    }

    private static void clear(IdentityHashMap<?, ?> map) {
        if (!map.isEmpty()) {
            map.clear();
        }
    }
}
