package dev.physmem.iommu;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A consumer's subscription to changes of one IOMMU region's mappings: which kinds of event,
 * over which offsets of the region, for which IOMMU index. QEMU counterpart: {@code IOMMUNotifier}
 * ({@code iommu_notifier_init}).
 *
 * <p>{@code start} and {@code end} are offsets within the IOMMU region, both inclusive and
 * unsigned, so a notifier can cover all 2<sup>64</sup> offsets. A notifier receives an event only
 * if the event's type is among its flags, its index is the notifier's, and the event's page meets
 * {@code [start, end]}; it then receives the part of the page inside its range (see
 * {@link IommuMemoryRegion#notifyOne}).
 *
 * <p>A notifier is registered on at most one region at a time; identity, not the fields, tells
 * notifiers apart.
 */
public final class IommuNotifier {
    private final Consumer<IommuTlbEvent> callback;
    private final Set<IommuNotifierFlag> flags;
    private final long start;
    private final long end;
    private final int iommuIdx;
    /** The region this notifier is registered on; guarded by that region's system lock. */
    IommuMemoryRegion registeredOn;

    /**
     * A notifier that calls {@code callback} with each event it receives.
     *
     * @throws IllegalArgumentException if {@code flags} is empty, {@code start > end} (unsigned)
     *     or {@code iommuIdx} is negative
     */
    public IommuNotifier(Consumer<IommuTlbEvent> callback, Set<IommuNotifierFlag> flags, long start, long end,
            int iommuIdx) {
        this.callback = Objects.requireNonNull(callback, "callback");
        if (Objects.requireNonNull(flags, "flags").isEmpty()) {
            throw new IllegalArgumentException("a notifier needs at least one flag: flags=" + flags);
        }
        if (Long.compareUnsigned(start, end) > 0) {
            throw new IllegalArgumentException("notifier range ends before it starts: start=0x"
                    + Long.toHexString(start) + " end=0x" + Long.toHexString(end));
        }
        if (iommuIdx < 0) {
            throw new IllegalArgumentException("iommuIdx must not be negative: iommuIdx=" + iommuIdx);
        }
        this.flags = Collections.unmodifiableSet(EnumSet.copyOf(flags));
        this.start = start;
        this.end = end;
        this.iommuIdx = iommuIdx;
    }

    /** The kinds of event this notifier receives. */
    public Set<IommuNotifierFlag> flags() {
        return flags;
    }

    /** First offset within the IOMMU region of the range watched. */
    public long start() {
        return start;
    }

    /** Last offset within the IOMMU region of the range watched, inclusive. */
    public long end() {
        return end;
    }

    /** The IOMMU index whose events this notifier receives. */
    public int iommuIdx() {
        return iommuIdx;
    }

    /** True when page {@code [first, last]} (region offsets, inclusive) meets the watched range. */
    boolean overlaps(long first, long last) {
        return Long.compareUnsigned(first, end) <= 0 && Long.compareUnsigned(last, start) >= 0;
    }

    void deliver(IommuTlbEvent event) {
        callback.accept(event);
    }

    @Override
    public String toString() {
        return "IommuNotifier[" + flags + " 0x" + Long.toHexString(start) + "..0x" + Long.toHexString(end)
                + " idx=" + iommuIdx + "]";
    }
}
