package dev.physmem.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Memory mapped from a file: a file on a hugetlbfs or DAX mount, a persistent-memory device, a
 * file in {@code /dev/shm}, or any file whose contents the guest should see or leave behind.
 * QEMU counterpart: {@code memory-backend-file} ({@code backends/hostmem-file.c}) and
 * {@code memory_region_init_ram_from_file}/{@code _from_fd}.
 *
 * <h2>Characteristics</h2>
 * <table class="striped">
 * <caption>Options of its own</caption>
 * <tr><th>option</th><th>default</th><th>meaning</th></tr>
 * <tr><td>{@code mem-path}</td><td>(required, or an fd)</td><td>a file, opened or created; or a
 *     directory, in which an unnamed temporary file is made</td></tr>
 * <tr><td>{@code fd}</td><td>none</td><td>map a descriptor the caller owns instead (the backend keeps a duplicate)</td></tr>
 * <tr><td>{@code offset}</td><td>0</td><td>where in the file the memory starts, page aligned</td></tr>
 * <tr><td>{@code readonly}</td><td>off</td><td>open the file read-only</td></tr>
 * <tr><td>{@code rom}</td><td>= readonly</td><td>map read-only ({@code PROT_READ}); rom=off with
 *     readonly=on and share=off gives a private writable copy of a read-only file (VM templating)</td></tr>
 * <tr><td>{@code discard-data}</td><td>off</td><td>when the memory is unmapped, drop its contents
 *     from the file ({@code MADV_REMOVE}, as QEMU; else a punched hole). Only a shared writable
 *     mapping ever wrote to the file, so with share=off there is nothing to drop.</td></tr>
 * </table>
 * An empty file is extended to {@code offset + size}; a non-empty one must already be that large
 * (QEMU: "backing store size does not match 'size' option"). On hugetlbfs the page size, and so
 * the unit of {@code size}, {@code offset} and {@code align}, is the file system's huge page size.
 * {@snippet :
 * try (var nvdimm = HostMemoryBackend.file().memPath(Path.of("/dev/dax0.0")).size(4L << 30)
 *         .share(true).align(2 << 20).create()) {
 *     assert nvdimm.address() % (2 << 20) == 0;
 * }
 * }
 * Writing to a {@code rom} mapping from Java is refused by the read-only segment; the memory is
 * never written through a writable view, which would be a fatal fault.
 *
 * <h2>Lifetime and thread safety</h2>
 * As {@link HostMemoryBackend}; the descriptor is closed when the memory is unmapped. A file
 * truncated by someone else under a live mapping makes access fault fatally, as in QEMU.
 */
public final class FileMemoryBackend extends HostMemoryBackend {
    static final String TYPE = "memory-backend-file";

    private final Path memPath;
    private final boolean readonly;
    private final boolean discardData;

    private FileMemoryBackend(Builder options, long pageSize, int fd, boolean rom) {
        super(options, pageSize, fd, options.offset, rom, options.discardData);
        this.memPath = options.memPath;
        this.readonly = options.readonly;
        this.discardData = options.discardData;
    }

    @Override
    public String typeName() {
        return TYPE;
    }

    /** The {@code mem-path} option, or empty for a backend made from a descriptor. */
    public Optional<Path> memPath() {
        return Optional.ofNullable(memPath);
    }

    /** Whether the file was opened read-only. */
    public boolean isReadonly() {
        return readonly;
    }

    /** Whether the contents are dropped from the file when the memory is unmapped. */
    public boolean isDiscardData() {
        return discardData;
    }

    @Override
    String describe() {
        return super.describe() + (memPath != null ? " mem-path=" + memPath : "");
    }

    /**
     * Options of a {@code memory-backend-file}.
     *
     * <h2>Thread safety</h2>
     * Not thread-safe: a builder belongs to one thread.
     */
    public static final class Builder extends HostMemoryBackend.Builder<Builder> {
        Path memPath;
        HostFd fd;
        long offset;
        boolean readonly;
        Boolean rom;
        boolean discardData;

        Builder() {
            super(false);
        }

        @Override
        Builder self() {
            return this;
        }

        /** The file to map, or a directory to make an unnamed file in. */
        public Builder memPath(Path path) {
            this.memPath = Objects.requireNonNull(path, "mem-path");
            return this;
        }

        /** Map this descriptor instead of a {@code mem-path}; the backend maps a duplicate and the caller keeps {@code fd}. */
        public Builder fd(HostFd fd) {
            this.fd = Objects.requireNonNull(fd, "fd");
            return this;
        }

        /**
         * Where in the file the memory starts; page aligned (checked by {@code create()}).
         *
         * @throws IllegalArgumentException if {@code bytes} is negative
         */
        public Builder offset(long bytes) {
            if (bytes < 0) {
                throw new IllegalArgumentException("offset must not be negative: offset=" + bytes);
            }
            this.offset = bytes;
            return this;
        }

        /** Open the file read-only (and, unless {@code rom(false)}, map it read-only). */
        public Builder readonly(boolean value) {
            this.readonly = value;
            return this;
        }

        /** Map read-only, or explicitly not; unset follows {@code readonly}. */
        public Builder rom(boolean value) {
            this.rom = value;
            return this;
        }

        /** Drop the contents from the file when the memory is unmapped. */
        public Builder discardData(boolean value) {
            this.discardData = value;
            return this;
        }

        @Override
        public FileMemoryBackend create() {
            boolean mapReadOnly = checkOptions();
            validate(TYPE, Libc.pageSize());
            if (offset % Libc.pageSize() != 0) {
                throw new IllegalArgumentException("offset must be a multiple of the page size: offset=0x"
                        + Long.toHexString(offset) + " page-size=0x" + Long.toHexString(Libc.pageSize()));
            }
            Opened opened = fd != null ? new Opened(Libc.dup(fd.value()), null) : open(memPath, readonly);
            try {
                long pageSize = filePageSize(opened.fd);
                if (pageSize != Libc.pageSize()) {
                    validate(TYPE, pageSize);
                    if (offset % pageSize != 0) {
                        throw new IllegalArgumentException("offset must be a multiple of the page size: offset=0x"
                                + Long.toHexString(offset) + " page-size=0x" + Long.toHexString(pageSize));
                    }
                }
                fitFile(opened.fd);
                return new FileMemoryBackend(this, pageSize, opened.fd, mapReadOnly);
            } catch (RuntimeException | Error e) {
                Libc.close(opened.fd);
                if (opened.created != null) {
                    deleteQuietly(opened.created);
                }
                throw e;
            }
        }

        /** Checks the file options together; returns whether the mapping is read-only. */
        private boolean checkOptions() {
            if (memPath == null && fd == null) {
                throw new IllegalArgumentException("mem-path property not set: type=" + TYPE + " mem-path=null");
            }
            if (memPath != null && fd != null) {
                throw new IllegalArgumentException("mem-path and fd are exclusive: mem-path=" + memPath + " fd=" + fd);
            }
            if (Boolean.TRUE.equals(rom) && !readonly) {
                throw new IllegalArgumentException("rom=on needs readonly=on: rom=true readonly=false");
            }
            if (Boolean.FALSE.equals(rom) && readonly && share) {
                throw new IllegalArgumentException("rom=off is incompatible with readonly=on and share=on:"
                        + " rom=false readonly=true share=true");
            }
            boolean mapReadOnly = rom != null ? rom : readonly;
            if (prealloc && mapReadOnly) {
                throw new IllegalArgumentException("prealloc needs a writable mapping: readonly=true rom=true"
                        + " prealloc=true");
            }
            if (discardData && readonly) {
                throw new IllegalArgumentException("discard-data needs a writable file: readonly=true"
                        + " discard-data=true");
            }
            return mapReadOnly;
        }

        /** The page size of a file's memory: the huge page size on hugetlbfs, else the host's. QEMU: {@code qemu_fd_getpagesize}. */
        static long filePageSize(int descriptor) {
            long[] typeAndBlockSize = Libc.fileSystemTypeAndBlockSize(descriptor);
            return typeAndBlockSize[0] == Libc.HUGETLBFS_MAGIC ? typeAndBlockSize[1] : Libc.pageSize();
        }

        /** Extends an empty file to offset + size; refuses a file that is smaller. */
        private void fitFile(int descriptor) {
            long need = Math.addExact(offset, size);
            long fileSize = Libc.fileSize(descriptor);
            if (fileSize == 0 && !readonly) {
                Libc.ftruncate(descriptor, need);
            } else if (fileSize >= 0 && fileSize < need) {
                throw new HostMemoryException("backing store smaller than offset + size: "
                        + (memPath != null ? "mem-path=" + memPath : "fd=" + fd) + " file-size=0x"
                        + Long.toHexString(fileSize) + " offset=0x" + Long.toHexString(offset) + " size=0x"
                        + Long.toHexString(size));
            }
        }

        private record Opened(int fd, Path created) {
        }

        /** QEMU's {@code file_ram_open}: an existing file, a new one, or an unnamed one in a directory. */
        private static Opened open(Path path, boolean readonly) {
            if (Files.isDirectory(path)) {
                if (readonly) {
                    throw new HostMemoryException("a read-only mem-path must be a file: mem-path=" + path);
                }
                return openUnnamed(path);
            }
            int flags = (readonly ? Libc.O_RDONLY : Libc.O_RDWR) | Libc.O_CLOEXEC;
            while (true) {
                int fd = Libc.openOrErrno(path, flags, 0);
                if (fd >= 0) {
                    return new Opened(fd, null);
                }
                if (-fd != Libc.ENOENT || readonly) {
                    throw Libc.failure("open", -fd, "mem-path=" + path + " readonly=" + readonly);
                }
                fd = Libc.openOrErrno(path, Libc.O_RDWR | Libc.O_CREAT | Libc.O_EXCL | Libc.O_CLOEXEC, 0644);
                if (fd >= 0) {
                    return new Opened(fd, path);
                }
                if (-fd != Libc.EEXIST) {
                    throw Libc.failure("open(O_CREAT)", -fd, "mem-path=" + path);
                }
                // Someone created it between our two opens: open theirs.
            }
        }

        private static Opened openUnnamed(Path directory) {
            Path file;
            try {
                file = Files.createTempFile(directory, "physmem_back_mem.", ".tmp");
            } catch (IOException e) {
                throw new HostMemoryException("cannot create a file for guest RAM: mem-path=" + directory, e);
            }
            int fd = Libc.openOrErrno(file, Libc.O_RDWR | Libc.O_CLOEXEC, 0);
            deleteQuietly(file);
            if (fd < 0) {
                throw Libc.failure("open", -fd, "mem-path=" + file);
            }
            return new Opened(fd, null);
        }

        private static void deleteQuietly(Path file) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // Left behind on an error path; nothing better to do.
            }
        }
    }
}
