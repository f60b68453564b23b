package dev.physmem.host;

/**
 * A failure of the host, not of the guest or the caller: mmap refused, a file could not be
 * opened, a native call is not available. The one checked-style boundary exception of physmem
 * (unchecked, so that region factories stay usable in expressions).
 */
public final class HostMemoryException extends RuntimeException {
    public HostMemoryException(String message) {
        super(message);
    }

    public HostMemoryException(String message, Throwable cause) {
        super(message, cause);
    }
}
