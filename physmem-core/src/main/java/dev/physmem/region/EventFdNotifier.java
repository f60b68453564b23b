package dev.physmem.region;

import dev.physmem.host.HostEventFd;
import dev.physmem.host.HostMemoryException;

/**
 * An {@link EventNotifier} over a Linux {@code eventfd(2)}: a matching guest write adds 1 to the
 * kernel counter, which a poller of {@link #eventFd()} (another thread, or a process the
 * descriptor was passed to) sees. QEMU counterpart: an {@code EventNotifier} made with
 * {@code event_notifier_init}.
 *
 * <p>Owns its eventfd until {@link #close()}; a signal after close throws
 * {@link IllegalStateException} on the writing thread. Delete the notifier's eventfds from their
 * regions before closing it. Thread-safe.
 */
public final class EventFdNotifier implements EventNotifier, AutoCloseable {
    private final HostEventFd eventFd;

    /**
     * A notifier over a new eventfd.
     *
     * @throws HostMemoryException if the host refuses
     */
    public EventFdNotifier() {
        this.eventFd = HostEventFd.create();
    }

    @Override
    public void set() {
        eventFd.signal();
    }

    /**
     * Whether the notifier was signalled since the last call; resets the counter. QEMU:
     * {@code event_notifier_test_and_clear}.
     */
    public boolean testAndClear() {
        return eventFd.readAndClear() != 0;
    }

    /** The eventfd, for pollers. */
    public HostEventFd eventFd() {
        return eventFd;
    }

    @Override
    public void close() {
        eventFd.close();
    }

    @Override
    public String toString() {
        return "EventFdNotifier[" + eventFd.fd() + "]";
    }
}
