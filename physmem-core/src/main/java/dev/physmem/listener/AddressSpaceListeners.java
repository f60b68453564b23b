package dev.physmem.listener;

import dev.physmem.dirty.DirtyClient;
import dev.physmem.dirty.DirtyLog;
import dev.physmem.dispatch.MemoryRegionSection;
import dev.physmem.flat.FlatRange;
import dev.physmem.flat.FlatView;
import dev.physmem.region.CoalescedMemoryRange;
import dev.physmem.region.IoRegion;
import dev.physmem.region.MemoryRegion;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The listeners of one address space and the topology they were last told about. QEMU
 * counterpart: {@code AddressSpace.listeners} with {@code listener_add_address_space},
 * {@code listener_del_address_space} and {@code address_space_set_flatview}'s topology passes.
 *
 * <p>Owned by its {@link dev.physmem.space.AddressSpace}; the memory system calls
 * {@link #update} after every outermost commit. An address space without listeners keeps no
 * sections and its update returns at once.
 *
 * <h2>Thread safety</h2>
 * Every method runs under the memory system's topology lock.
 */
public final class AddressSpaceListeners {
    /** Registration order within equal priorities is kept: insertion after the last equal one. */
    private final ArrayList<MemoryListener> listeners = new ArrayList<>();
    private final ArrayList<Integer> priorities = new ArrayList<>();
    /** What the listeners were last told: the sections and eventfds, and the view and section epoch they came from. */
    private List<MemoryRegionSection> delivered = List.of();
    private List<AddressSpaceIoeventfd> deliveredIoeventfds = List.of();
    private FlatView deliveredView;
    private long deliveredEpoch = -1;
    private boolean delivering;

    /** Whether no listener is registered. */
    public boolean isEmpty() {
        return listeners.isEmpty();
    }

    /** The listeners in forward order (ascending priority, then registration order). */
    public List<MemoryListener> listeners() {
        return Collections.unmodifiableList(new ArrayList<>(listeners));
    }

    /** The priority the listener at {@code index} (forward order) was registered with. */
    int priorityAt(int index) {
        return priorities.get(index);
    }

    /** The sections the listeners were last told about, in address order. */
    public List<MemoryRegionSection> sections() {
        return delivered;
    }

    /** The eventfds the listeners were last told about, in QEMU's order (address first). */
    public List<AddressSpaceIoeventfd> ioeventfds() {
        return deliveredIoeventfds;
    }

    /**
     * Adds {@code listener} and replays {@code view} to it alone: {@code logGlobalStart} if
     * {@code globalLogging}, {@code begin}, {@code regionAdd} (and {@code logStart} where logged)
     * per section in address order, {@code eventfdAdd} per eventfd in order, {@code commit}.
     * QEMU: {@code memory_listener_register}, which replays no eventfds (physmem does, so that a
     * listener registered late sees the same eventfds as one registered early).
     *
     * @throws IllegalArgumentException if {@code listener} is already registered here
     */
    public void register(MemoryListener listener, FlatView view, long sectionEpoch, boolean globalLogging) {
        Objects.requireNonNull(listener, "listener");
        if (listeners.contains(listener)) {
            throw new IllegalArgumentException("listener already registered: listener=" + listener);
        }
        checkNotDelivering();
        if (listeners.isEmpty()) {
            // Nothing is kept for an address space without listeners: take the current view now.
            // Otherwise replay what the others were told; a change since reaches all at the commit.
            remember(view, sectionEpoch, sectionsOf(view), IoeventfdDiff.ioeventfdsOf(view));
        }
        int priority = listener.priority();
        int at = 0;
        while (at < priorities.size() && priorities.get(at) <= priority) {
            at++;
        }
        listeners.add(at, listener);
        priorities.add(at, priority);
        delivering = true;
        try {
            if (globalLogging) {
                listener.logGlobalStart();
            }
            listener.begin();
            for (MemoryRegionSection s : delivered) {
                listener.regionAdd(s);
                coalesced(s, true, List.of(listener));
                if (!s.dirtyLog().isEmpty()) {
                    listener.logStart(s, DirtyClient.setOf(0), s.dirtyLog());
                }
            }
            for (AddressSpaceIoeventfd fd : deliveredIoeventfds) {
                TopologyEvent.eventfd(TopologyEvent.Kind.EVENTFD_ADD, fd).deliverTo(listener);
            }
            listener.commit();
        } finally {
            delivering = false;
        }
    }

    /**
     * Removes {@code listener}, telling it the topology is going away: {@code begin},
     * {@code eventfdDel} per eventfd in order, then per section in address order {@code logStop}
     * (to no clients) where logged and {@code regionDel}, then {@code commit}. QEMU:
     * {@code memory_listener_unregister} (without the eventfds, which QEMU never replayed).
     *
     * @throws IllegalArgumentException if {@code listener} is not registered here
     */
    public void unregister(MemoryListener listener) {
        int at = listeners.indexOf(listener);
        if (at < 0) {
            throw new IllegalArgumentException("listener not registered: listener=" + listener);
        }
        checkNotDelivering();
        listeners.remove(at);
        priorities.remove(at);
        delivering = true;
        try {
            listener.begin();
            for (AddressSpaceIoeventfd fd : deliveredIoeventfds) {
                TopologyEvent.eventfd(TopologyEvent.Kind.EVENTFD_DEL, fd).deliverTo(listener);
            }
            for (MemoryRegionSection s : delivered) {
                if (!s.dirtyLog().isEmpty()) {
                    listener.logStop(s, s.dirtyLog(), DirtyClient.setOf(0));
                }
                coalesced(s, false, List.of(listener));
                listener.regionDel(s);
            }
            listener.commit();
        } finally {
            delivering = false;
        }
        if (listeners.isEmpty()) {
            remember(null, -1, List.of(), List.of());
        }
    }

    /**
     * Brings the listeners from what they were last told to {@code view} with the section state
     * (dirty-log clients, romd modes, eventfds) of {@code sectionEpoch}
     * ({@code MemorySystem.sectionEpoch()}). If the sections changed: {@code begin}, the events of
     * {@link TopologyDiff}, then those of {@link IoeventfdDiff}, each to every listener in its
     * order, and {@code commit}. If only eventfds changed: their events alone, without
     * {@code begin}/{@code commit}, as QEMU's commit delivers an eventfd-only change. Returns at
     * once when there are no listeners, or the view and epoch are those last delivered.
     *
     * @throws IllegalStateException if called from inside a callback (a listener changed the topology)
     */
    public void update(FlatView view, long sectionEpoch) {
        update(view, sectionEpoch, new ListenerUpdates());
    }

    /**
     * {@link #update(FlatView, long)} taking the sections, eventfds and diff from {@code shared},
     * which builds each once for all the address spaces of a commit that show the same view.
     */
    public void update(FlatView view, long sectionEpoch, ListenerUpdates shared) {
        if (listeners.isEmpty() || (view == deliveredView && sectionEpoch == deliveredEpoch)) {
            return;
        }
        checkNotDelivering();
        List<MemoryRegionSection> next = shared.sectionsOf(view, sectionEpoch);
        List<AddressSpaceIoeventfd> nextIoeventfds = shared.ioeventfdsOf(view, sectionEpoch);
        List<TopologyEvent> events = shared.diff(delivered, next);
        List<TopologyEvent> eventfdEvents = IoeventfdDiff.diff(deliveredIoeventfds, nextIoeventfds);
        remember(view, sectionEpoch, next, nextIoeventfds);
        boolean bracket = TopologyDiff.hasChanges(events);
        if (!bracket && eventfdEvents.isEmpty()) {
            return;
        }
        delivering = true;
        try {
            if (bracket) {
                forEachForward(MemoryListener::begin);
                deliver(events);
            }
            deliver(eventfdEvents);
            if (bracket) {
                forEachForward(MemoryListener::commit);
            }
        } finally {
            delivering = false;
        }
    }

    /**
     * Each event to every listener, forward or reverse as its kind says, before the next event; a
     * section's coalesced ranges go right before its deletion and right after its addition.
     */
    private void deliver(List<TopologyEvent> events) {
        for (TopologyEvent e : events) {
            if (e.kind() == TopologyEvent.Kind.REGION_DEL) {
                coalesced(e.section(), false, listeners);
            }
            if (e.kind().reverse()) {
                for (int i = listeners.size() - 1; i >= 0; i--) {
                    e.deliverTo(listeners.get(i));
                }
            } else {
                for (MemoryListener l : listeners) {
                    e.deliverTo(l);
                }
            }
            if (e.kind() == TopologyEvent.Kind.REGION_ADD) {
                coalesced(e.section(), true, listeners);
            }
        }
    }

    /**
     * Tells the listeners that coalesced range {@code range} of {@code region} appeared or went
     * away in every section that shows {@code region}. QEMU:
     * {@code memory_region_update_coalesced_range} for one address space.
     *
     * @throws IllegalStateException if called from inside a callback
     */
    public void coalescedRangeChanged(IoRegion region, CoalescedMemoryRange range, boolean add) {
        if (listeners.isEmpty()) {
            return;
        }
        checkNotDelivering();
        delivering = true;
        try {
            for (MemoryRegionSection s : delivered) {
                if (s.region() == region) {
                    coalesced(s, range, add, listeners);
                }
            }
        } finally {
            delivering = false;
        }
    }

    /**
     * {@code coalescedIoAdd} (forward) or {@code coalescedIoDel} (reverse) to {@code targets} for
     * each coalesced range of {@code section}'s region that the section shows. QEMU:
     * {@code flat_range_coalesced_io_add}/{@code del}.
     */
    private static void coalesced(MemoryRegionSection section, boolean add, List<MemoryListener> targets) {
        if (section.region() instanceof IoRegion io) {
            List<CoalescedMemoryRange> ranges = io.coalescedRanges();
            for (int i = 0; i < ranges.size(); i++) {
                coalesced(section, ranges.get(i), add, targets);
            }
        }
    }

    /** The part of {@code range} that {@code section} shows, as QEMU's {@code flat_range_coalesced_io_notify}. */
    private static void coalesced(MemoryRegionSection section, CoalescedMemoryRange range, boolean add,
            List<MemoryListener> targets) {
        long first = section.offsetWithinRegion();
        long last = first + section.size() - 1;
        long from = Long.compareUnsigned(range.offset(), first) > 0 ? range.offset() : first;
        long to = Long.compareUnsigned(range.lastOffset(), last) < 0 ? range.lastOffset() : last;
        if (Long.compareUnsigned(from, to) > 0) {
            return;
        }
        long addr = section.offsetWithinAddressSpace() + (from - first);
        long size = to - from + 1;
        if (add) {
            for (MemoryListener l : targets) {
                l.coalescedIoAdd(section, addr, size);
            }
        } else {
            for (int i = targets.size() - 1; i >= 0; i--) {
                targets.get(i).coalescedIoDel(section, addr, size);
            }
        }
    }

    /**
     * Calls {@code logSync} of every listener, in forward order, for every logged section that
     * shows {@code region} (every logged section if {@code region} is null). QEMU:
     * {@code memory_region_sync_dirty_bitmap}.
     */
    public void sync(MemoryRegion region) {
        for (MemoryListener l : listeners) {
            for (MemoryRegionSection s : delivered) {
                if (!s.dirtyLog().isEmpty() && (region == null || s.region() == region)) {
                    l.logSync(s);
                }
            }
        }
    }

    private void forEachForward(Consumer<MemoryListener> call) {
        for (MemoryListener l : listeners) {
            call.accept(l);
        }
    }

    private void remember(FlatView view, long epoch, List<MemoryRegionSection> sections,
            List<AddressSpaceIoeventfd> ioeventfds) {
        deliveredView = view;
        deliveredEpoch = epoch;
        delivered = sections;
        deliveredIoeventfds = ioeventfds;
    }

    private void checkNotDelivering() {
        if (delivering) {
            throw new IllegalStateException("a memory listener callback may not change listeners or the topology");
        }
    }

    /** The sections of {@code view} with the dirty-log clients and romd modes of their regions now. */
    static List<MemoryRegionSection> sectionsOf(FlatView view) {
        List<MemoryRegionSection> out = new ArrayList<>(view.size());
        for (FlatRange r : view.ranges()) {
            out.add(MemoryRegionSection.of(r, DirtyLog.maskOf(r.region())));
        }
        return Collections.unmodifiableList(out);
    }
}
