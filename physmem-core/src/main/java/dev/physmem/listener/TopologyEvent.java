package dev.physmem.listener;

import dev.physmem.dirty.DirtyClient;
import dev.physmem.dispatch.MemoryRegionSection;
import dev.physmem.region.Ioeventfd;
import java.util.Objects;
import java.util.Set;

/**
 * One section event of a topology update, as {@link TopologyDiff} or {@link IoeventfdDiff}
 * computes it: a value, delivered to listeners by {@link #deliverTo}.
 *
 * @param kind what happened
 * @param section the section it happened to (for a deletion, the old section)
 * @param oldLog clients logging the section before (only meaningful for LOG_START / LOG_STOP)
 * @param newLog clients logging the section after (only meaningful for LOG_START / LOG_STOP)
 * @param eventfd the eventfd added or deleted (EVENTFD_ADD / EVENTFD_DEL); null for the other kinds
 */
public record TopologyEvent(Kind kind, MemoryRegionSection section, Set<DirtyClient> oldLog,
        Set<DirtyClient> newLog, Ioeventfd eventfd) {

    /** The section callbacks of {@link MemoryListener}, with their delivery order. */
    public enum Kind {
        /** {@link MemoryListener#regionDel}, reverse. */
        REGION_DEL(true),
        /** {@link MemoryListener#regionAdd}, forward. */
        REGION_ADD(false),
        /** {@link MemoryListener#regionNop}, forward. */
        REGION_NOP(false),
        /** {@link MemoryListener#logStart}, forward. */
        LOG_START(false),
        /** {@link MemoryListener#logStop}, reverse. */
        LOG_STOP(true),
        /** {@link MemoryListener#eventfdDel}, forward (as QEMU's {@code address_space_add_del_ioeventfds}). */
        EVENTFD_DEL(false),
        /** {@link MemoryListener#eventfdAdd}, reverse (as QEMU's {@code address_space_add_del_ioeventfds}). */
        EVENTFD_ADD(true);

        private final boolean reverse;

        Kind(boolean reverse) {
            this.reverse = reverse;
        }

        /** True when listeners get this event in descending priority order. */
        public boolean reverse() {
            return reverse;
        }
    }

    public TopologyEvent {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(section, "section");
        Objects.requireNonNull(oldLog, "oldLog");
        Objects.requireNonNull(newLog, "newLog");
        if ((eventfd != null) != (kind == Kind.EVENTFD_ADD || kind == Kind.EVENTFD_DEL)) {
            throw new IllegalArgumentException("an eventfd goes with EVENTFD_ADD and EVENTFD_DEL only: kind=" + kind);
        }
    }

    /** A section event without dirty-log change or eventfd. */
    public TopologyEvent(Kind kind, MemoryRegionSection section, Set<DirtyClient> oldLog, Set<DirtyClient> newLog) {
        this(kind, section, oldLog, newLog, null);
    }

    static TopologyEvent of(Kind kind, MemoryRegionSection section) {
        return new TopologyEvent(kind, section, section.dirtyLog(), section.dirtyLog());
    }

    /** EVENTFD_ADD or EVENTFD_DEL of {@code fd}. */
    static TopologyEvent eventfd(Kind kind, AddressSpaceIoeventfd fd) {
        return new TopologyEvent(kind, fd.section(), Set.of(), Set.of(), fd.eventfd());
    }

    /** Calls the matching callback of {@code listener}. */
    public void deliverTo(MemoryListener listener) {
        switch (kind) {
            case REGION_DEL -> listener.regionDel(section);
            case REGION_ADD -> listener.regionAdd(section);
            case REGION_NOP -> listener.regionNop(section);
            case LOG_START -> listener.logStart(section, oldLog, newLog);
            case LOG_STOP -> listener.logStop(section, oldLog, newLog);
            case EVENTFD_DEL -> listener.eventfdDel(section, eventfd.matchData(), eventfd.data(), eventfd.notifier());
            case EVENTFD_ADD -> listener.eventfdAdd(section, eventfd.matchData(), eventfd.data(), eventfd.notifier());
        }
    }
}
