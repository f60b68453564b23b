package dev.physmem.listener;

import dev.physmem.dirty.DirtyClient;
import dev.physmem.dispatch.MemoryRegionSection;
import java.util.Objects;
import java.util.Set;

/**
 * One section event of a topology update, as {@link TopologyDiff} computes it: a value, delivered
 * to listeners by {@link #deliverTo}.
 *
 * @param kind what happened
 * @param section the section it happened to (for a deletion, the old section)
 * @param oldLog clients logging the section before (only meaningful for LOG_START / LOG_STOP)
 * @param newLog clients logging the section after (only meaningful for LOG_START / LOG_STOP)
 */
public record TopologyEvent(Kind kind, MemoryRegionSection section, Set<DirtyClient> oldLog,
        Set<DirtyClient> newLog) {

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
        LOG_STOP(true);

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
    }

    static TopologyEvent of(Kind kind, MemoryRegionSection section) {
        return new TopologyEvent(kind, section, section.dirtyLog(), section.dirtyLog());
    }

    /** Calls the matching callback of {@code listener}. */
    public void deliverTo(MemoryListener listener) {
        switch (kind) {
            case REGION_DEL -> listener.regionDel(section);
            case REGION_ADD -> listener.regionAdd(section);
            case REGION_NOP -> listener.regionNop(section);
            case LOG_START -> listener.logStart(section, oldLog, newLog);
            case LOG_STOP -> listener.logStop(section, oldLog, newLog);
        }
    }
}
