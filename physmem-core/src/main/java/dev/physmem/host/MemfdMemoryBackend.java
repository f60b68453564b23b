package dev.physmem.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Memory in an anonymous file made by {@code memfd_create}: shared by default, so other processes
 * can map it through its file descriptor (passed over a socket, or opened again as
 * {@code /proc/<pid>/fd/<n>}), and {@link HostMemoryRemap} can map pieces of it again. QEMU
 * counterpart: {@code memory-backend-memfd} ({@code backends/hostmem-memfd.c}).
 *
 * <h2>Characteristics</h2>
 * <table class="striped">
 * <caption>Options of its own</caption>
 * <tr><th>option</th><th>default</th><th>meaning</th></tr>
 * <tr><td>{@code seal}</td><td>on</td><td>after sizing, seal the file against growing and shrinking
 *     ({@code F_SEAL_GROW | F_SEAL_SHRINK | F_SEAL_SEAL}), so no other holder can truncate it
 *     under the guest</td></tr>
 * <tr><td>{@code hugetlb}</td><td>off</td><td>{@code MFD_HUGETLB}: huge pages from the host's pool</td></tr>
 * <tr><td>{@code hugetlbsize}</td><td>the host's default</td><td>the huge page size, a power of two</td></tr>
 * </table>
 * With hugetlb the page size, and so the unit of {@code size}, {@code align} and remapped pieces,
 * is the huge page size. A host whose pool is too small refuses the mapping with
 * {@link HostMemoryException} ({@code ENOMEM}) unless {@code reserve=off}, where a page the pool
 * cannot provide later is a fatal fault: keep reserve on, or use prealloc.
 *
 * <h2>Lifetime and thread safety</h2>
 * As {@link HostMemoryBackend}; the memfd is closed when the memory is unmapped.
 */
public final class MemfdMemoryBackend extends HostMemoryBackend {
    static final String TYPE = "memory-backend-memfd";

    private final boolean hugetlb;
    private final long hugetlbsize;
    private final boolean seal;

    private MemfdMemoryBackend(Builder options, long pageSize, int fd) {
        super(options, pageSize, fd, 0, false, false);
        this.hugetlb = options.hugetlb;
        this.hugetlbsize = options.hugetlb ? pageSize : 0;
        this.seal = options.seal;
    }

    @Override
    public String typeName() {
        return TYPE;
    }

    /** Whether the memory comes from the host's huge page pool. */
    public boolean isHugetlb() {
        return hugetlb;
    }

    /** The huge page size in bytes, or 0 without hugetlb. */
    public long hugetlbsize() {
        return hugetlbsize;
    }

    /** Whether the memfd is sealed against growing and shrinking. */
    public boolean isSeal() {
        return seal;
    }

    /**
     * A memfd of {@code size} bytes. QEMU: {@code qemu_memfd_create}.
     *
     * @param hugeFlags 0, or {@code MFD_HUGETLB} with the page size encoded
     */
    static int createMemfd(String name, long size, int hugeFlags, boolean seal) {
        int fd = Libc.memfdCreate(name, Libc.MFD_CLOEXEC | (seal ? Libc.MFD_ALLOW_SEALING : 0) | hugeFlags);
        try {
            Libc.ftruncate(fd, size);
            if (seal) {
                Libc.addSeals(fd, Libc.F_SEAL_GROW | Libc.F_SEAL_SHRINK | Libc.F_SEAL_SEAL);
            }
            return fd;
        } catch (RuntimeException e) {
            Libc.close(fd);
            throw e;
        }
    }

    /** The host's default huge page size, from {@code /proc/meminfo}. */
    static long defaultHugePageSize() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("Hugepagesize:")) {
                    String[] words = line.substring("Hugepagesize:".length()).trim().split("\\s+");
                    return Long.parseLong(words[0]) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new HostMemoryException("cannot read the default huge page size: file=/proc/meminfo", e);
        }
        throw new HostMemoryException("the host has no huge pages: file=/proc/meminfo has no Hugepagesize");
    }

    /**
     * Options of a {@code memory-backend-memfd}.
     *
     * <h2>Thread safety</h2>
     * Not thread-safe: a builder belongs to one thread.
     */
    public static final class Builder extends HostMemoryBackend.Builder<Builder> {
        boolean hugetlb;
        long hugetlbsize;
        boolean seal = true;

        Builder() {
            super(true);
        }

        @Override
        Builder self() {
            return this;
        }

        /** Take the memory from the host's huge page pool ({@code MFD_HUGETLB}). */
        public Builder hugetlb(boolean value) {
            this.hugetlb = value;
            return this;
        }

        /**
         * The huge page size; needs hugetlb.
         *
         * @throws IllegalArgumentException if {@code bytes} is not a positive power of two
         */
        public Builder hugetlbsize(long bytes) {
            if (bytes <= 0 || Long.bitCount(bytes) != 1) {
                throw new IllegalArgumentException("hugetlbsize must be a power of two: hugetlbsize=0x"
                        + Long.toHexString(bytes));
            }
            this.hugetlbsize = bytes;
            return this;
        }

        /** Seal the memfd against growing and shrinking once sized. */
        public Builder seal(boolean value) {
            this.seal = value;
            return this;
        }

        @Override
        public MemfdMemoryBackend create() {
            if (hugetlbsize != 0 && !hugetlb) {
                throw new IllegalArgumentException("hugetlbsize needs hugetlb: hugetlb=false hugetlbsize=0x"
                        + Long.toHexString(hugetlbsize));
            }
            long pageSize = !hugetlb ? Libc.pageSize() : hugetlbsize != 0 ? hugetlbsize : defaultHugePageSize();
            validate(TYPE, pageSize);
            int hugeFlags = !hugetlb ? 0
                    : Libc.MFD_HUGETLB | (hugetlbsize != 0 ? Long.numberOfTrailingZeros(hugetlbsize) << Libc.MFD_HUGE_SHIFT
                            : 0);
            int fd = createMemfd(TYPE, size, hugeFlags, seal);
            try {
                return new MemfdMemoryBackend(this, pageSize, fd);
            } catch (RuntimeException | Error e) {
                Libc.close(fd);
                throw e;
            }
        }
    }
}
