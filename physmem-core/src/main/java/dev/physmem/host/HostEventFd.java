package dev.physmem.host;

/**
 * A Linux {@code eventfd(2)} counter: the host object behind QEMU's {@code EventNotifier}, which
 * another thread or process (a vhost-like backend, given {@link #fd()}) can poll. Created
 * close-on-exec and non-blocking. QEMU counterpart: {@code event_notifier_init} with
 * {@code event_notifier_set}/{@code event_notifier_test_and_clear}.
 *
 * <h2>Lifetime and thread safety</h2>
 * The object owns its descriptor until {@link #close()}; use after close throws
 * {@link IllegalStateException}. {@link #signal()} and {@link #readAndClear()} may run on any
 * thread concurrently (the kernel counter is atomic).
 */
public final class HostEventFd implements AutoCloseable {
    private final HostFd fd;

    private HostEventFd(HostFd fd) {
        this.fd = fd;
    }

    /**
     * A new eventfd with its counter at 0.
     *
     * @throws HostMemoryException if the host refuses (no native access, out of descriptors)
     */
    public static HostEventFd create() {
        return new HostEventFd(HostFd.adopt(Libc.eventfd()));
    }

    /** Adds 1 to the counter, waking pollers. QEMU: {@code event_notifier_set}. */
    public void signal() {
        Libc.eventfdTransfer(fd.value(), true, 1);
    }

    /** Takes the counter and resets it to 0; 0 if nothing was signalled. */
    public long readAndClear() {
        return Libc.eventfdTransfer(fd.value(), false, 0);
    }

    /** The descriptor, for pollers and for handing to other processes; owned by this object. */
    public HostFd fd() {
        return fd;
    }

    @Override
    public void close() {
        fd.close();
    }

    @Override
    public String toString() {
        return "HostEventFd[" + fd + "]";
    }
}
