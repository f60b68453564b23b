package dev.physmem.host;

import java.nio.file.Path;
import java.util.Objects;

/**
 * An owned Linux file descriptor: the handle {@code initRamFromFd} and file backends map. Java's
 * {@link java.io.FileDescriptor} does not expose its number, so memory shared with other
 * processes (a descriptor received over a UNIX socket, a memfd made elsewhere) comes in through
 * {@link #adopt(int)} or {@link #open(Path, boolean)}. QEMU counterpart: the plain {@code int fd}
 * of {@code memory_region_init_ram_from_fd}.
 *
 * <h2>Lifetime</h2>
 * The handle owns its descriptor and closes it on {@link #close()} (idempotent). Users that must
 * keep the file open longer, such as a backend, take a {@link #dup()} of their own.
 *
 * <h2>Thread safety</h2>
 * Safe for concurrent use; closing while another thread uses {@link #value()} leaves that
 * thread with a closed (and possibly reused) number, as with any descriptor.
 */
public final class HostFd implements AutoCloseable {
    private int fd;

    private HostFd(int fd) {
        this.fd = fd;
    }

    /**
     * Takes ownership of {@code fd}.
     *
     * @throws IllegalArgumentException if {@code fd} is negative
     */
    public static HostFd adopt(int fd) {
        if (fd < 0) {
            throw new IllegalArgumentException("fd must not be negative: fd=" + fd);
        }
        return new HostFd(fd);
    }

    /**
     * Opens an existing file, read-only or read-write, close-on-exec.
     *
     * @throws HostMemoryException if the file cannot be opened
     */
    public static HostFd open(Path path, boolean readonly) {
        Objects.requireNonNull(path, "path");
        int fd = Libc.openOrErrno(path, (readonly ? Libc.O_RDONLY : Libc.O_RDWR) | Libc.O_CLOEXEC, 0);
        if (fd < 0) {
            throw Libc.failure("open", -fd, "path=" + path + " readonly=" + readonly);
        }
        return new HostFd(fd);
    }

    /**
     * The descriptor number.
     *
     * @throws IllegalStateException if the handle is closed
     */
    public synchronized int value() {
        if (fd < 0) {
            throw new IllegalStateException("fd is closed");
        }
        return fd;
    }

    /**
     * A new handle on a duplicate of the descriptor (close-on-exec), owned by the caller.
     *
     * @throws IllegalStateException if the handle is closed
     * @throws HostMemoryException if the process is out of descriptors
     */
    public HostFd dup() {
        return new HostFd(Libc.dup(value()));
    }

    /**
     * The size of the file, or -1 for a descriptor that cannot seek (a device, a pipe).
     *
     * @throws IllegalStateException if the handle is closed
     */
    public long size() {
        return Libc.fileSize(value());
    }

    /** Whether the handle still owns its descriptor. */
    public synchronized boolean isOpen() {
        return fd >= 0;
    }

    /**
     * Closes the descriptor. Idempotent.
     *
     * @throws HostMemoryException if {@code close} reports an error (the descriptor is gone either way)
     */
    @Override
    public void close() {
        int old;
        synchronized (this) {
            old = fd;
            fd = -1;
        }
        if (old >= 0) {
            int errno = Libc.close(old);
            if (errno != 0) {
                throw Libc.failure("close", errno, "fd=" + old);
            }
        }
    }

    @Override
    public synchronized String toString() {
        return fd < 0 ? "HostFd[closed]" : "HostFd[" + fd + "]";
    }
}
