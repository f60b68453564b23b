package dev.physmem.host;

/**
 * Anonymous host memory: {@code mmap(MAP_ANONYMOUS)}, zero-filled, committed page by page as the
 * guest touches it. With {@code share=on} it is backed by a sealed memfd instead, so that other
 * processes (vhost-user back ends, say) can map the same memory and
 * {@link HostMemoryRemap} can map pieces of it again. QEMU counterpart:
 * {@code memory-backend-ram} ({@code backends/hostmem-ram.c}).
 *
 * <h2>Characteristics</h2>
 * Page size: the host's. {@link #fd()} is empty for share=off; with share=on it is a memfd named
 * {@code memory-backend-ram}, sealed against growing and shrinking.
 *
 * <h2>Lifetime and thread safety</h2>
 * As {@link HostMemoryBackend}.
 */
public final class RamMemoryBackend extends HostMemoryBackend {
    static final String TYPE = "memory-backend-ram";

    private RamMemoryBackend(Builder options, int fd) {
        super(options, Libc.pageSize(), fd, 0, false, false);
    }

    @Override
    public String typeName() {
        return TYPE;
    }

    /**
     * Options of a {@code memory-backend-ram}: only the common ones.
     *
     * <h2>Thread safety</h2>
     * Not thread-safe: a builder belongs to one thread.
     */
    public static final class Builder extends HostMemoryBackend.Builder<Builder> {
        Builder() {
            super(false);
        }

        @Override
        Builder self() {
            return this;
        }

        @Override
        public RamMemoryBackend create() {
            validate(TYPE, Libc.pageSize());
            int fd = share ? MemfdMemoryBackend.createMemfd(TYPE, size, 0, true) : -1;
            try {
                return new RamMemoryBackend(this, fd);
            } catch (RuntimeException | Error e) {
                if (fd >= 0) {
                    Libc.close(fd);
                }
                throw e;
            }
        }
    }
}
