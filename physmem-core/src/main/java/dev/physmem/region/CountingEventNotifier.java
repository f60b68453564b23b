package dev.physmem.region;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An {@link EventNotifier} that counts its signals in memory, as an eventfd's counter does: each
 * {@link #set()} adds one, {@link #testAndClear()} takes the count and resets it. QEMU
 * counterpart: an {@code EventNotifier} with {@code event_notifier_set} and
 * {@code event_notifier_test_and_clear}.
 *
 * <p>Thread-safe and lock-free.
 */
public final class CountingEventNotifier implements EventNotifier {
    private final AtomicLong count = new AtomicLong();
    private final String name;

    /** A notifier that prints as {@code CountingEventNotifier}. */
    public CountingEventNotifier() {
        this("CountingEventNotifier");
    }

    /** A notifier that prints as {@code name} (in listener logs and error messages). */
    public CountingEventNotifier(String name) {
        this.name = Objects.requireNonNull(name, "name");
    }

    @Override
    public void set() {
        count.incrementAndGet();
    }

    /** The signals since creation or the last {@link #testAndClear()}. */
    public long count() {
        return count.get();
    }

    /**
     * Whether the notifier was signalled since the last call; resets the count. QEMU:
     * {@code event_notifier_test_and_clear}.
     */
    public boolean testAndClear() {
        return count.getAndSet(0) != 0;
    }

    @Override
    public String toString() {
        return name;
    }
}
