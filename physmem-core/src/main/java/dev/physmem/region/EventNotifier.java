package dev.physmem.region;

/**
 * Something a guest write can signal instead of calling a device: the host side of an ioeventfd.
 * QEMU counterpart: {@code EventNotifier} ({@code include/qemu/event_notifier.h}), of which
 * physmem needs only {@code event_notifier_set}.
 *
 * <p>{@link #set()} runs on the thread that performs the guest access, under no lock of the
 * memory system; an implementation must be thread-safe and should not block.
 * {@link CountingEventNotifier} counts in memory; {@link EventFdNotifier} signals a Linux
 * {@code eventfd(2)} that other threads or processes can poll.
 */
@FunctionalInterface
public interface EventNotifier {

    /** Signals the notifier. QEMU: {@code event_notifier_set}. */
    void set();
}
