package dev.physmem.space;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An address space's one bounce buffer, and the map clients waiting for it. QEMU counterpart:
 * {@code BounceBuffer bounce} with {@code cpu_register_map_client},
 * {@code cpu_unregister_map_client} and {@code cpu_notify_map_clients} ({@code softmmu/physmem.c}).
 *
 * <h2>Rules</h2>
 * <ul>
 *   <li>At most one bounce mapping is live at a time: {@link #tryAcquire} is QEMU's
 *       {@code qatomic_xchg(&bounce.in_use, true)}; a second map fails until the first is
 *       unmapped.</li>
 *   <li>A map client is a one-shot callback: it runs once, the next time the buffer is free, and is
 *       forgotten. Registered while the buffer is free, it runs at once, on the registering thread
 *       (QEMU schedules its bottom half at once). Otherwise it runs on the thread whose unmap frees
 *       the buffer, after the buffer is free, so it may map again. Clients run in registration order,
 *       outside any lock.</li>
 * </ul>
 *
 * <h2>Thread safety</h2>
 * Every method may be called from any thread. A client registered concurrently with the release
 * of the buffer runs exactly once: the list is drained under this object's lock by whoever sees
 * the buffer free after adding or freeing.
 */
final class BounceBuffer {
    private final AtomicBoolean inUse = new AtomicBoolean();
    /** Clients waiting for the buffer, in registration order. Guarded by {@code this}. */
    private final List<Runnable> clients = new ArrayList<>();

    /** Takes the buffer; false if a bounce mapping already holds it. */
    boolean tryAcquire() {
        return inUse.compareAndSet(false, true);
    }

    /** Whether a bounce mapping holds the buffer now. */
    boolean isInUse() {
        return inUse.get();
    }

    /** Gives the buffer back and runs the clients that were waiting. */
    void release() {
        if (!inUse.compareAndSet(true, false)) {
            throw new IllegalStateException("bounce buffer released but not in use");
        }
        run(drainIfFree());
    }

    /**
     * Registers a one-shot client; runs it at once if the buffer is free.
     *
     * @throws IllegalArgumentException if {@code client} is already waiting
     */
    void register(Runnable client) {
        List<Runnable> due;
        synchronized (this) {
            if (containsIdentical(client)) {
                throw new IllegalArgumentException("map client is already registered: client=" + client);
            }
            clients.add(client);
            due = drainIfFree();
        }
        run(due);
    }

    /** Removes a waiting client; false if it was not waiting (it may have run already). */
    synchronized boolean unregister(Runnable client) {
        for (int i = 0; i < clients.size(); i++) {
            if (clients.get(i) == client) {
                clients.remove(i);
                return true;
            }
        }
        return false;
    }

    /** How many clients are waiting; for tests and diagnostics. */
    synchronized int waitingClients() {
        return clients.size();
    }

    private synchronized List<Runnable> drainIfFree() {
        if (inUse.get() || clients.isEmpty()) {
            return List.of();
        }
        List<Runnable> due = new ArrayList<>(clients);
        clients.clear();
        return due;
    }

    private boolean containsIdentical(Runnable client) {
        for (Runnable c : clients) {
            if (c == client) {
                return true;
            }
        }
        return false;
    }

    /** Runs every client even if one throws; the first failure is rethrown with the others suppressed. */
    private static void run(List<Runnable> due) {
        RuntimeException failure = null;
        for (Runnable client : due) {
            try {
                client.run();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
