package dev.physmem.host;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.OptionalInt;

/**
 * Host memory for guest RAM, mapped once and shared by the RAM regions made from it. QEMU
 * counterpart: {@code HostMemoryBackend} ({@code backends/hostmem.c}) and its kinds
 * {@code memory-backend-ram}, {@code memory-backend-memfd} and {@code memory-backend-file}.
 *
 * <h2>Characteristics</h2>
 * A backend is {@link #size()} bytes of host memory at one host address, a multiple of
 * {@link #align()}, zero-filled unless it maps a file with contents. The properties are QEMU's,
 * with QEMU's defaults:
 * <table class="striped">
 * <caption>Properties common to every kind</caption>
 * <tr><th>property</th><th>default</th><th>meaning</th></tr>
 * <tr><td>{@code size}</td><td>(required)</td><td>bytes, a multiple of the backend's page size</td></tr>
 * <tr><td>{@code share}</td><td>off (memfd: on)</td><td>{@code MAP_SHARED}: other mappings of the same
 *     memory see the guest's writes, which makes the backend {@link #isRemappable() remappable}</td></tr>
 * <tr><td>{@code prealloc}</td><td>off</td><td>populate every page now
 *     ({@code MADV_POPULATE_WRITE}); fails with {@link HostMemoryException} if the host cannot</td></tr>
 * <tr><td>{@code reserve}</td><td>on</td><td>off maps with {@code MAP_NORESERVE}; incompatible with prealloc</td></tr>
 * <tr><td>{@code merge}</td><td>on</td><td>{@code MADV_MERGEABLE} (KSM), advisory as in QEMU</td></tr>
 * <tr><td>{@code dump}</td><td>on</td><td>off marks the memory {@code MADV_DONTDUMP}</td></tr>
 * <tr><td>{@code align}</td><td>page size</td><td>the host address is a multiple of it (a power of two)</td></tr>
 * </table>
 * Options are checked as they are set and again, together, by {@code create()}; misuse throws
 * {@link IllegalArgumentException} with a {@code key=value} message, host refusals throw
 * {@link HostMemoryException}.
 * {@snippet :
 * try (var backend = HostMemoryBackend.memfd().size(64 << 20).prealloc(true).create()) {
 *     RamRegion ram = system.initRamFromBackend(owner, "pc.ram", backend);
 *     // ... the region holds its own reference; closing the backend here defers the unmap
 * }
 * HostMemoryBackend.ram().size(0);        // IllegalArgumentException: size must be positive: size=0
 * }
 *
 * <h2>Lifetime</h2>
 * A backend is reference counted. The creator holds the first reference and gives it up with
 * {@link #close()}; each user (a RAM region, a {@link HostMemoryRemap} view) takes one with
 * {@link #retain()} and gives it up by closing its {@link Lease}. The memory is unmapped, and a
 * file kind's {@code discard-data} applied, when the creator has closed and the last lease is
 * closed: closing a backend that regions still use defers the unmap. After the unmap,
 * {@link #segment()} and every segment sliced from it throw {@link IllegalStateException} on
 * access (their shared arena is closed). A backend that is never closed stays mapped until the
 * process exits.
 *
 * <h2>Thread safety</h2>
 * Safe for concurrent use. Reference counting is serialized on the backend; the segment may be
 * read and written by any thread, with the memory's own (absent) ordering guarantees. Unmapping
 * while another thread accesses the segment makes that access throw, never crash.
 */
public abstract sealed class HostMemoryBackend implements AutoCloseable
        permits RamMemoryBackend, MemfdMemoryBackend, FileMemoryBackend {

    private final long size;
    private final long pageSize;
    private final long align;
    private final boolean share;
    private final boolean prealloc;
    private final boolean reserve;
    private final boolean merge;
    private final boolean dump;
    private final boolean rom;
    private final int fd;
    private final long fdOffset;
    private final long address;
    private final Unmapper unmapper;
    private final Arena arena;
    private final MemorySegment segment;

    private final Object lock = new Object();
    private int users;
    private boolean closed;
    private boolean released;

    /**
     * Maps the memory. On failure nothing stays mapped, and {@code fd} is left for the caller to
     * close; on success the backend owns {@code fd}.
     */
    @SuppressWarnings("restricted") // the mapping's size and lifetime are set here, once
    HostMemoryBackend(Builder<?> options, long pageSize, int fd, long fdOffset, boolean rom, boolean discard) {
        this.size = options.size;
        this.pageSize = pageSize;
        this.align = Math.max(options.align, pageSize);
        this.share = options.share;
        this.prealloc = options.prealloc;
        this.reserve = options.reserve;
        this.merge = options.merge;
        this.dump = options.dump;
        this.rom = rom;
        this.fd = fd;
        this.fdOffset = fdOffset;
        this.address = map(size, align, fd, fdOffset, share, rom, reserve);
        try {
            advise(address, size, merge, dump);
            if (prealloc) {
                populate(address, size, fd, fdOffset, share);
            }
            this.unmapper = new Unmapper(address, size, fd, fdOffset, discard && share && !rom);
            this.arena = Arena.ofShared();
            MemorySegment mapped = MemorySegment.ofAddress(address).reinterpret(size, arena, unmapper::run);
            this.segment = rom ? mapped.asReadOnly() : mapped;
        } catch (RuntimeException | Error e) {
            AddressReservation.releaseQuietly(address, size);
            throw e;
        }
    }

    // ---------------------------------------------------------------- builders

    /** Options for anonymous memory ({@code memory-backend-ram}); share=on backs it with a memfd. */
    public static RamMemoryBackend.Builder ram() {
        return new RamMemoryBackend.Builder();
    }

    /** Options for a memfd ({@code memory-backend-memfd}): shared and sealed by default. */
    public static MemfdMemoryBackend.Builder memfd() {
        return new MemfdMemoryBackend.Builder();
    }

    /** Options for a file or directory ({@code memory-backend-file}); set {@code mem-path} or an fd. */
    public static FileMemoryBackend.Builder file() {
        return new FileMemoryBackend.Builder();
    }

    /** The host's base page size in bytes ({@code sysconf(_SC_PAGESIZE)}). */
    public static long hostPageSize() {
        return Libc.pageSize();
    }

    // ---------------------------------------------------------------- properties

    /** QEMU's type name: {@code memory-backend-ram}, {@code memory-backend-memfd} or {@code memory-backend-file}. */
    public abstract String typeName();

    /** Bytes mapped. */
    public final long size() {
        return size;
    }

    /** The page size of the memory: the host's, or the huge page size of a hugetlb memfd. */
    public final long pageSize() {
        return pageSize;
    }

    /** The alignment of {@link #address()}: the {@code align} option, at least {@link #pageSize()}. */
    public final long align() {
        return align;
    }

    /** Whether the memory is mapped {@code MAP_SHARED}. */
    public final boolean isShared() {
        return share;
    }

    /** Whether every page was populated when the backend was created. */
    public final boolean isPrealloc() {
        return prealloc;
    }

    /** Whether swap space was reserved (no {@code MAP_NORESERVE}). */
    public final boolean isReserve() {
        return reserve;
    }

    /** Whether the memory was offered to KSM ({@code MADV_MERGEABLE}). */
    public final boolean isMerge() {
        return merge;
    }

    /** Whether the memory is included in core dumps. */
    public final boolean isDump() {
        return dump;
    }

    /**
     * Whether the mapping is read-only ({@code PROT_READ}): {@link #segment()} is then a read-only
     * segment, and regions made from the backend are ROM. QEMU: {@code RAM_READONLY}.
     */
    public final boolean isRom() {
        return rom;
    }

    /**
     * Whether pieces of this backend can be mapped again elsewhere by {@link HostMemoryRemap}:
     * true for shared memory behind a file descriptor (memfd, file, or ram with share=on).
     */
    public final boolean isRemappable() {
        return fd >= 0 && share;
    }

    /** The host address of the first byte, a multiple of {@link #align()}. */
    public final long address() {
        return address;
    }

    /**
     * The file descriptor behind the memory, or empty for anonymous memory. QEMU:
     * {@code memory_region_get_fd}. The descriptor stays owned by the backend and is valid until
     * the memory is unmapped; do not close it.
     *
     * @throws IllegalStateException if the memory has been unmapped
     */
    public final OptionalInt fd() {
        synchronized (lock) {
            if (released) {
                throw new IllegalStateException("backend memory is unmapped: " + describe());
            }
        }
        return fd < 0 ? OptionalInt.empty() : OptionalInt.of(fd);
    }

    /** Offset of the memory's first byte within {@link #fd()}: 0 except for a file backend's {@code offset}. */
    public final long fdOffset() {
        return fdOffset;
    }

    /**
     * The memory: {@link #size()} bytes at {@link #address()}, read-only when {@link #isRom()}.
     * Access throws {@link IllegalStateException} once the memory is unmapped.
     */
    public final MemorySegment segment() {
        return segment;
    }

    // ---------------------------------------------------------------- lifetime

    /**
     * Takes a reference for a user of the memory; the memory stays mapped until the lease is closed.
     * Possible as long as the memory is mapped, also after the creator's {@link #close()} while
     * other leases keep it mapped (a region that owns its backend can still be remapped). QEMU:
     * {@code object_ref} on the backend by the device that maps it.
     *
     * @throws IllegalStateException if the memory has been unmapped
     */
    public final Lease retain() {
        synchronized (lock) {
            if (released) {
                throw new IllegalStateException("backend memory is unmapped: " + describe());
            }
            users++;
            return new Lease();
        }
    }

    /** The number of open leases. */
    public final int users() {
        synchronized (lock) {
            return users;
        }
    }

    /** Whether the creator has closed the backend. */
    public final boolean isClosed() {
        synchronized (lock) {
            return closed;
        }
    }

    /** Whether the memory has been unmapped (closed, and no lease left). */
    public final boolean isReleased() {
        synchronized (lock) {
            return released;
        }
    }

    /**
     * Gives up the creator's reference: unmaps now if no lease is open, otherwise when the last
     * lease closes. Idempotent.
     *
     * @throws HostMemoryException if unmapping failed (the memory is unusable either way)
     */
    @Override
    public final void close() {
        boolean unmap;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            unmap = users == 0;
            released = unmap;
        }
        if (unmap) {
            unmap();
        }
    }

    private void releaseLease() {
        boolean unmap;
        synchronized (lock) {
            users--;
            unmap = closed && users == 0;
            released |= unmap;
        }
        if (unmap) {
            unmap();
        }
    }

    private void unmap() {
        arena.close();
        HostMemoryException failure = unmapper.failure;
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public String toString() {
        return typeName() + "[" + describe() + "]";
    }

    /** {@code key=value} pairs for messages. */
    String describe() {
        return "type=" + typeName() + " size=0x" + Long.toHexString(size) + " share=" + share
                + (rom ? " rom=true" : "");
    }

    /**
     * One user's reference on a backend: the memory stays mapped while any lease is open.
     *
     * <h2>Lifetime</h2>
     * Closing is idempotent; the last close (after the creator's) unmaps the memory.
     *
     * <h2>Thread safety</h2>
     * Safe for concurrent use.
     */
    public final class Lease implements AutoCloseable {
        private boolean open = true;

        private Lease() {
        }

        /** The backend this lease holds. */
        public HostMemoryBackend backend() {
            return HostMemoryBackend.this;
        }

        /** The backend's memory, as {@link HostMemoryBackend#segment()}. */
        public MemorySegment segment() {
            return segment;
        }

        /** Whether this lease still holds its reference. */
        public boolean isOpen() {
            synchronized (lock) {
                return open;
            }
        }

        /**
         * Gives the reference up; the memory is unmapped if the creator has closed the backend and
         * this was the last lease.
         *
         * @throws HostMemoryException if unmapping failed
         */
        @Override
        public void close() {
            synchronized (lock) {
                if (!open) {
                    return;
                }
                open = false;
            }
            releaseLease();
        }
    }

    // ---------------------------------------------------------------- mapping

    private static long map(long size, long align, int fd, long fdOffset, boolean share, boolean rom,
            boolean reserve) {
        int prot = Libc.PROT_READ | (rom ? 0 : Libc.PROT_WRITE);
        int flags = (share ? Libc.MAP_SHARED : Libc.MAP_PRIVATE) | (reserve ? 0 : Libc.MAP_NORESERVE);
        long address = AddressReservation.reserve(size, align);
        try {
            AddressReservation.mapFixed(address, size, prot, flags, fd, fdOffset);
        } catch (RuntimeException e) {
            AddressReservation.releaseQuietly(address, size);
            throw e;
        }
        return address;
    }

    private static void advise(long address, long size, boolean merge, boolean dump) {
        if (merge) {
            // Advisory, as in QEMU: a kernel without KSM says EINVAL and the memory is simply not merged.
            Libc.madvise(address, size, Libc.MADV_MERGEABLE);
        }
        if (!dump) {
            int errno = Libc.madvise(address, size, Libc.MADV_DONTDUMP);
            if (errno != 0) {
                throw Libc.failure("madvise(MADV_DONTDUMP)", errno, "size=0x" + Long.toHexString(size));
            }
        }
    }

    /**
     * Populates every page, as QEMU's {@code qemu_prealloc_mem}: {@code MADV_POPULATE_WRITE}
     * reports a page the host cannot provide as an errno where touching it would raise SIGBUS.
     * Kernels before 5.14 lack it (EINVAL); then shared file memory is first allocated with
     * {@code fallocate} (so that touching cannot fault) and every page is touched.
     */
    static void populate(long address, long size, int fd, long fdOffset, boolean share) {
        int errno = Libc.madvise(address, size, Libc.MADV_POPULATE_WRITE);
        if (errno == 0) {
            return;
        }
        if (errno != Libc.EINVAL) {
            throw Libc.failure("prealloc: madvise(MADV_POPULATE_WRITE)", errno,
                    "size=0x" + Long.toHexString(size) + " (the host cannot provide the memory)");
        }
        populateByTouching(address, size, fd, fdOffset, share);
    }

    /** The fallback of {@link #populate}: allocate file blocks, then write every page's byte back to it. */
    @SuppressWarnings("restricted") // a transient view of memory this backend just mapped
    static void populateByTouching(long address, long size, int fd, long fdOffset, boolean share) {
        if (fd >= 0 && share) {
            int errno = Libc.fallocate(fd, 0, fdOffset, size);
            if (errno != 0) {
                throw Libc.failure("prealloc: fallocate", errno, "fd=" + fd + " offset=0x"
                        + Long.toHexString(fdOffset) + " size=0x" + Long.toHexString(size));
            }
        }
        MemorySegment memory = MemorySegment.ofAddress(address).reinterpret(size);
        long page = Libc.pageSize();
        for (long offset = 0; offset < size; offset += page) {
            memory.set(ValueLayout.JAVA_BYTE, offset, memory.get(ValueLayout.JAVA_BYTE, offset));
        }
    }

    /**
     * What closing the arena does: discard the data (file backends with discard-data), unmap,
     * close the descriptor. Failures are kept for the closing thread to throw.
     */
    private static final class Unmapper {
        private final long address;
        private final long size;
        private final int fd;
        private final long fdOffset;
        private final boolean discard;
        private volatile HostMemoryException failure;

        Unmapper(long address, long size, int fd, long fdOffset, boolean discard) {
            this.address = address;
            this.size = size;
            this.fd = fd;
            this.fdOffset = fdOffset;
            this.discard = discard;
        }

        void run(MemorySegment ignored) {
            if (discard) {
                // QEMU: madvise(MADV_REMOVE) in file_backend_unparent. Where the file system
                // refuses it, punch the hole through the descriptor. Best effort, as in QEMU.
                if (Libc.madvise(address, size, Libc.MADV_REMOVE) != 0) {
                    Libc.fallocate(fd, Libc.FALLOC_FL_PUNCH_HOLE | Libc.FALLOC_FL_KEEP_SIZE, fdOffset, size);
                }
            }
            int errno = Libc.munmapErrno(address, size);
            if (errno != 0) {
                failure = Libc.failure("munmap", errno, "address=0x" + Long.toHexString(address)
                        + " size=0x" + Long.toHexString(size));
            }
            if (fd >= 0) {
                errno = Libc.close(fd);
                if (errno != 0 && failure == null) {
                    failure = Libc.failure("close", errno, "fd=" + fd);
                }
            }
        }
    }

    // ---------------------------------------------------------------- options

    /**
     * The options every kind has. Each setter checks its own value at once; {@code create()}
     * checks them together and against the page size.
     *
     * <h2>Thread safety</h2>
     * Not thread-safe: a builder belongs to one thread.
     *
     * @param <B> the kind's builder
     */
    public abstract static sealed class Builder<B extends Builder<B>>
            permits RamMemoryBackend.Builder, MemfdMemoryBackend.Builder, FileMemoryBackend.Builder {
        long size;
        boolean share;
        boolean prealloc;
        boolean reserve = true;
        boolean merge = true;
        boolean dump = true;
        long align;

        Builder(boolean share) {
            this.share = share;
        }

        abstract B self();

        /**
         * Bytes to map, a multiple of the page size (checked by {@code create()}).
         *
         * @throws IllegalArgumentException if {@code bytes} is not positive
         */
        public final B size(long bytes) {
            if (bytes <= 0) {
                throw new IllegalArgumentException("size must be positive: size=" + bytes);
            }
            this.size = bytes;
            return self();
        }

        /** {@code MAP_SHARED} instead of {@code MAP_PRIVATE}. */
        public final B share(boolean value) {
            this.share = value;
            return self();
        }

        /**
         * Populate every page at creation.
         *
         * @throws IllegalArgumentException if {@code value} is true and {@code reserve} is off
         */
        public final B prealloc(boolean value) {
            if (value && !reserve) {
                throw new IllegalArgumentException("'prealloc=on' and 'reserve=off' are incompatible: prealloc=true"
                        + " reserve=false");
            }
            this.prealloc = value;
            return self();
        }

        /**
         * Off maps with {@code MAP_NORESERVE}: no swap space is set aside, and a page the host
         * cannot provide later is a fault, not an error here.
         *
         * @throws IllegalArgumentException if {@code value} is false and {@code prealloc} is on
         */
        public final B reserve(boolean value) {
            if (!value && prealloc) {
                throw new IllegalArgumentException("'prealloc=on' and 'reserve=off' are incompatible: prealloc=true"
                        + " reserve=false");
            }
            this.reserve = value;
            return self();
        }

        /** Offer the memory to KSM ({@code MADV_MERGEABLE}). */
        public final B merge(boolean value) {
            this.merge = value;
            return self();
        }

        /** Off excludes the memory from core dumps ({@code MADV_DONTDUMP}). */
        public final B dump(boolean value) {
            this.dump = value;
            return self();
        }

        /**
         * The host address will be a multiple of {@code bytes}; 0 means the page size.
         *
         * @throws IllegalArgumentException if {@code bytes} is negative or not a power of two
         */
        public final B align(long bytes) {
            if (bytes < 0 || (bytes != 0 && Long.bitCount(bytes) != 1)) {
                throw new IllegalArgumentException("align must be a power of two: align=0x" + Long.toHexString(bytes));
            }
            this.align = bytes;
            return self();
        }

        /**
         * Maps the memory.
         *
         * @throws IllegalArgumentException if the options contradict each other or the page size
         * @throws HostMemoryException if the host refuses
         */
        public abstract HostMemoryBackend create();

        /** The checks every kind shares, against the kind's page size. */
        final void validate(String type, long pageSize) {
            if (size == 0) {
                throw new IllegalArgumentException("can't create backend with size 0: type=" + type + " size=0");
            }
            if (size % pageSize != 0) {
                throw new IllegalArgumentException("size must be a multiple of the page size: type=" + type
                        + " size=0x" + Long.toHexString(size) + " page-size=0x" + Long.toHexString(pageSize));
            }
            if (align != 0 && align % pageSize != 0) {
                throw new IllegalArgumentException("align must be a multiple of the page size: type=" + type
                        + " align=0x" + Long.toHexString(align) + " page-size=0x" + Long.toHexString(pageSize));
            }
        }
    }
}
