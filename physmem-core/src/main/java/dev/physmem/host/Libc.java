package dev.physmem.host;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.file.Path;
import java.util.Map;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The libc calls behind host memory, through {@link Linker#nativeLinker()}, each with
 * {@code errno} captured so that a failure reads {@code mmap failed: errno=12 (ENOMEM) size=0x...}.
 *
 * <p>Constants are Linux's generic values (x86-64 and aarch64 agree on every one used here).
 * Calls that the caller treats as advice return the errno (0 on success) instead of throwing;
 * every other call throws {@link HostMemoryException} on failure.
 *
 * <h2>Thread safety</h2>
 * Stateless; every call allocates its errno slot in a confined arena of its own.
 */
@SuppressWarnings("restricted") // the point of this class: libc through the native linker
final class Libc {
    static final int PROT_NONE = 0x0;
    static final int PROT_READ = 0x1;
    static final int PROT_WRITE = 0x2;

    static final int MAP_SHARED = 0x01;
    static final int MAP_PRIVATE = 0x02;
    static final int MAP_FIXED = 0x10;
    static final int MAP_ANONYMOUS = 0x20;
    static final int MAP_NORESERVE = 0x4000;

    static final int MADV_REMOVE = 9;
    static final int MADV_MERGEABLE = 12;
    static final int MADV_UNMERGEABLE = 13;
    static final int MADV_DONTDUMP = 16;
    static final int MADV_DODUMP = 17;
    static final int MADV_POPULATE_WRITE = 23;

    static final int MFD_CLOEXEC = 0x1;
    static final int MFD_ALLOW_SEALING = 0x2;
    static final int MFD_HUGETLB = 0x4;
    static final int MFD_HUGE_SHIFT = 26;

    static final int F_DUPFD_CLOEXEC = 1030;
    static final int F_ADD_SEALS = 1033;
    static final int F_GET_SEALS = 1034;
    static final int F_SEAL_SEAL = 0x1;
    static final int F_SEAL_SHRINK = 0x2;
    static final int F_SEAL_GROW = 0x4;

    static final int O_RDONLY = 0;
    static final int O_RDWR = 2;
    static final int O_CREAT = 0100;
    static final int O_EXCL = 0200;
    static final int O_CLOEXEC = 02000000;

    static final int FALLOC_FL_KEEP_SIZE = 0x1;
    static final int FALLOC_FL_PUNCH_HOLE = 0x2;

    static final int SEEK_END = 2;
    static final int EFD_NONBLOCK = 04000;
    static final int EFD_CLOEXEC = 02000000;
    static final int EAGAIN = 11;
    static final long HUGETLBFS_MAGIC = 0x958458f6L;
    private static final int SC_PAGESIZE = 30;

    static final int EPERM = 1;
    static final int ENOENT = 2;
    static final int EBADF = 9;
    static final int ENOMEM = 12;
    static final int EACCES = 13;
    static final int EFAULT = 14;
    static final int EEXIST = 17;
    static final int EINVAL = 22;
    static final int ENOSPC = 28;
    static final int ESPIPE = 29;
    static final int EOPNOTSUPP = 95;

    private static final Map<Integer, String> ERRNO_NAMES = Map.ofEntries(
            Map.entry(EPERM, "EPERM"), Map.entry(ENOENT, "ENOENT"), Map.entry(4, "EINTR"),
            Map.entry(5, "EIO"), Map.entry(EBADF, "EBADF"), Map.entry(11, "EAGAIN"),
            Map.entry(ENOMEM, "ENOMEM"), Map.entry(EACCES, "EACCES"), Map.entry(EFAULT, "EFAULT"),
            Map.entry(16, "EBUSY"), Map.entry(EEXIST, "EEXIST"), Map.entry(19, "ENODEV"),
            Map.entry(20, "ENOTDIR"), Map.entry(21, "EISDIR"), Map.entry(EINVAL, "EINVAL"),
            Map.entry(23, "ENFILE"), Map.entry(24, "EMFILE"), Map.entry(26, "ETXTBSY"),
            Map.entry(27, "EFBIG"), Map.entry(ENOSPC, "ENOSPC"), Map.entry(ESPIPE, "ESPIPE"),
            Map.entry(30, "EROFS"), Map.entry(38, "ENOSYS"), Map.entry(75, "EOVERFLOW"),
            Map.entry(EOPNOTSUPP, "EOPNOTSUPP"), Map.entry(133, "EHWPOISON"));

    private static final StructLayout CAPTURE_LAYOUT = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO =
            CAPTURE_LAYOUT.varHandle(MemoryLayout.PathElement.groupElement("errno"));

    private static final Handles HANDLES;
    private static final Throwable UNAVAILABLE;

    static {
        Handles handles = null;
        Throwable failure = null;
        try {
            handles = new Handles(Linker.nativeLinker());
        } catch (RuntimeException | LinkageError e) {
            failure = e;
        }
        HANDLES = handles;
        UNAVAILABLE = failure;
    }

    private record Handles(MethodHandle mmap, MethodHandle munmap, MethodHandle madvise, MethodHandle mincore,
            MethodHandle memfdCreate, MethodHandle ftruncate, MethodHandle fallocate, MethodHandle open,
            MethodHandle close, MethodHandle fcntl, MethodHandle lseek, MethodHandle fstatfs, MethodHandle sysconf,
            MethodHandle eventfd, MethodHandle read, MethodHandle write) {
        Handles(Linker linker) {
            this(linker, linker.defaultLookup(), Linker.Option.captureCallState("errno"));
        }

        private Handles(Linker l, SymbolLookup libc, Linker.Option errno) {
            this(
                    handle(l, libc, "mmap", FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_INT,
                            JAVA_LONG), errno),
                    handle(l, libc, "munmap", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG), errno),
                    handle(l, libc, "madvise", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT), errno),
                    handle(l, libc, "mincore", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, ADDRESS), errno),
                    handle(l, libc, "memfd_create", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT), errno),
                    handle(l, libc, "ftruncate", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG), errno),
                    handle(l, libc, "fallocate", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_LONG),
                            errno),
                    handle(l, libc, "open", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT), errno,
                            Linker.Option.firstVariadicArg(2)),
                    handle(l, libc, "close", FunctionDescriptor.of(JAVA_INT, JAVA_INT), errno),
                    handle(l, libc, "fcntl", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT), errno,
                            Linker.Option.firstVariadicArg(2)),
                    handle(l, libc, "lseek", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_INT), errno),
                    handle(l, libc, "fstatfs", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS), errno),
                    handle(l, libc, "sysconf", FunctionDescriptor.of(JAVA_LONG, JAVA_INT)),
                    handle(l, libc, "eventfd", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT), errno),
                    handle(l, libc, "read", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG), errno),
                    handle(l, libc, "write", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG), errno));
        }

        private static MethodHandle handle(Linker linker, SymbolLookup libc, String name, FunctionDescriptor fd,
                Linker.Option... options) {
            MemorySegment symbol = libc.find(name)
                    .orElseThrow(() -> new UnsatisfiedLinkError("libc has no " + name));
            return linker.downcallHandle(symbol, fd, options);
        }
    }

    private static final long PAGE_SIZE = HANDLES == null ? 4096 : sysconfPageSize();

    private Libc() {
    }

    /** True when the native calls could be linked (Linux with native access). */
    static boolean isAvailable() {
        return HANDLES != null;
    }

    /** The host's base page size, {@code sysconf(_SC_PAGESIZE)}. */
    static long pageSize() {
        return PAGE_SIZE;
    }

    // ---------------------------------------------------------------- memory

    /** {@code mmap}; returns the mapping's address. */
    static long mmap(long addr, long length, int prot, int flags, int fd, long offset) {
        Handles h = handles();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CAPTURE_LAYOUT);
            MemorySegment result = (MemorySegment) h.mmap.invokeExact(state, MemorySegment.ofAddress(addr), length,
                    prot, flags, fd, offset);
            if (result.address() == -1L) {
                throw failure("mmap", errno(state), "size=0x" + Long.toHexString(length) + " prot=0x"
                        + Integer.toHexString(prot) + " flags=0x" + Integer.toHexString(flags) + " fd=" + fd
                        + " offset=0x" + Long.toHexString(offset));
            }
            return result.address();
        } catch (HostMemoryException e) {
            throw e;
        } catch (Throwable t) {
            throw linkFailure("mmap", t);
        }
    }

    /** {@code munmap}. */
    static void munmap(long addr, long length) {
        int errno = munmapErrno(addr, length);
        if (errno != 0) {
            throw failure("munmap", errno, "address=0x" + Long.toHexString(addr) + " size=0x"
                    + Long.toHexString(length));
        }
    }

    /** {@code munmap}, returning the errno (0 on success). */
    static int munmapErrno(long addr, long length) {
        Handles h = handles();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CAPTURE_LAYOUT);
            int rc = (int) h.munmap.invokeExact(state, MemorySegment.ofAddress(addr), length);
            return rc == 0 ? 0 : errno(state);
        } catch (Throwable t) {
            throw linkFailure("munmap", t);
        }
    }

    /** {@code madvise}, returning the errno (0 on success): callers decide what a refusal means. */
    static int madvise(long addr, long length, int advice) {
        Handles h = handles();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CAPTURE_LAYOUT);
            int rc = (int) h.madvise.invokeExact(state, MemorySegment.ofAddress(addr), length, advice);
            return rc == 0 ? 0 : errno(state);
        } catch (Throwable t) {
            throw linkFailure("madvise", t);
        }
    }

    /** Number of resident pages in {@code [addr, addr + length)}, by {@code mincore}. */
    static long residentPages(long addr, long length) {
        Handles h = handles();
        long pages = (length + PAGE_SIZE - 1) / PAGE_SIZE;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CAPTURE_LAYOUT);
            MemorySegment vec = arena.allocate(pages);
            int rc = (int) h.mincore.invokeExact(state, MemorySegment.ofAddress(addr), length, vec);
            if (rc != 0) {
                throw failure("mincore", errno(state), "address=0x" + Long.toHexString(addr) + " size=0x"
                        + Long.toHexString(length));
            }
            long resident = 0;
            for (long i = 0; i < pages; i++) {
                resident += vec.get(ValueLayout.JAVA_BYTE, i) & 1;
            }
            return resident;
        } catch (HostMemoryException e) {
            throw e;
        } catch (Throwable t) {
            throw linkFailure("mincore", t);
        }
    }

    // ---------------------------------------------------------------- file descriptors

    /** {@code memfd_create}; returns the new descriptor. */
    static int memfdCreate(String name, int flags) {
        Handles h = handles();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CAPTURE_LAYOUT);
            int fd = (int) h.memfdCreate.invokeExact(state, arena.allocateFrom(name), flags);
            if (fd < 0) {
                throw failure("memfd_create", errno(state), "name=" + name + " flags=0x" + Integer.toHexString(flags));
            }
            return fd;
        } catch (HostMemoryException e) {
            throw e;
        } catch (Throwable t) {
            throw linkFailure("memfd_create", t);
        }
    }

    /** {@code open} with a creation mode; returns the errno negated on failure, the descriptor otherwise. */
    static int openOrErrno(Path path, int flags, int mode) {
        Handles h = handles();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CAPTURE_LAYOUT);
            int fd = (int) h.open.invokeExact(state, arena.allocateFrom(path.toString()), flags, mode);
            return fd >= 0 ? fd : -errno(state);
        } catch (Throwable t) {
            throw linkFailure("open", t);
        }
    }

    /** {@code ftruncate}. */
    static void ftruncate(int fd, long length) {
        Handles h = handles();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CAPTURE_LAYOUT);
            int rc = (int) h.ftruncate.invokeExact(state, fd, length);
            if (rc != 0) {
                throw failure("ftruncate", errno(state), "fd=" + fd + " size=0x" + Long.toHexString(length));
            }
        } catch (HostMemoryException e) {
            throw e;
        } catch (Throwable t) {
            throw linkFailure("ftruncate", t);
        }
    }

    /** {@code fallocate}, returning the errno (0 on success). */
    static int fallocate(int fd, int mode, long offset, long length) {
        Handles h = handles();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CAPTURE_LAYOUT);
            int rc = (int) h.fallocate.invokeExact(state, fd, mode, offset, length);
            return rc == 0 ? 0 : errno(state);
        } catch (Throwable t) {
            throw linkFailure("fallocate", t);
        }
    }

    /** {@code close}, returning the errno (0 on success). */
    static int close(int fd) {
        Handles h = handles();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CAPTURE_LAYOUT);
            int rc = (int) h.close.invokeExact(state, fd);
            return rc == 0 ? 0 : errno(state);
        } catch (Throwable t) {
            throw linkFailure("close", t);
        }
    }

    /** {@code eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK)}: a new event counter at 0. */
    static int eventfd() {
        Handles h = handles();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CAPTURE_LAYOUT);
            int fd = (int) h.eventfd.invokeExact(state, 0, EFD_CLOEXEC | EFD_NONBLOCK);
            if (fd < 0) {
                throw failure("eventfd", errno(state), "");
            }
            return fd;
        } catch (HostMemoryException e) {
            throw e;
        } catch (Throwable t) {
            throw linkFailure("eventfd", t);
        }
    }

    /**
     * Adds {@code value} to an eventfd's counter ({@code write} of 8 bytes), or reads and resets
     * it ({@code read} of 8 bytes; 0 when it is 0, the descriptor being non-blocking).
     */
    static long eventfdTransfer(int fd, boolean write, long value) {
        Handles h = handles();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CAPTURE_LAYOUT);
            MemorySegment buf = arena.allocate(JAVA_LONG);
            buf.set(JAVA_LONG, 0, value);
            long n = write ? (long) h.write.invokeExact(state, fd, buf, 8L) : (long) h.read.invokeExact(state, fd, buf, 8L);
            if (n == 8) {
                return buf.get(JAVA_LONG, 0);
            }
            int errno = n < 0 ? errno(state) : EINVAL;
            if (!write && errno == EAGAIN) {
                return 0;
            }
            throw failure(write ? "write(eventfd)" : "read(eventfd)", errno, "fd=" + fd);
        } catch (HostMemoryException e) {
            throw e;
        } catch (Throwable t) {
            throw linkFailure(write ? "write" : "read", t);
        }
    }

    /** {@code fcntl(fd, F_DUPFD_CLOEXEC, 0)}: a duplicate that is not inherited across exec. */
    static int dup(int fd) {
        return fcntl("fcntl(F_DUPFD_CLOEXEC)", fd, F_DUPFD_CLOEXEC, 0);
    }

    /** {@code fcntl(fd, F_ADD_SEALS, seals)}. */
    static void addSeals(int fd, int seals) {
        fcntl("fcntl(F_ADD_SEALS)", fd, F_ADD_SEALS, seals);
    }

    /** {@code fcntl(fd, F_GET_SEALS)}. */
    static int seals(int fd) {
        return fcntl("fcntl(F_GET_SEALS)", fd, F_GET_SEALS, 0);
    }

    private static int fcntl(String what, int fd, int cmd, int arg) {
        Handles h = handles();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CAPTURE_LAYOUT);
            int rc = (int) h.fcntl.invokeExact(state, fd, cmd, arg);
            if (rc < 0) {
                throw failure(what, errno(state), "fd=" + fd + " arg=0x" + Integer.toHexString(arg));
            }
            return rc;
        } catch (HostMemoryException e) {
            throw e;
        } catch (Throwable t) {
            throw linkFailure(what, t);
        }
    }

    /**
     * The size of what {@code fd} refers to, by {@code lseek(fd, 0, SEEK_END)}; -1 when the
     * descriptor cannot seek (a character device, a pipe).
     */
    static long fileSize(int fd) {
        Handles h = handles();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CAPTURE_LAYOUT);
            long size = (long) h.lseek.invokeExact(state, fd, 0L, SEEK_END);
            if (size < 0) {
                int errno = errno(state);
                if (errno == ESPIPE || errno == EINVAL) {
                    return -1;
                }
                throw failure("lseek", errno, "fd=" + fd);
            }
            return size;
        } catch (HostMemoryException e) {
            throw e;
        } catch (Throwable t) {
            throw linkFailure("lseek", t);
        }
    }

    /**
     * The file system type and block size of what {@code fd} refers to ({@code fstatfs}: the
     * first two words of {@code struct statfs}, {@code f_type} and {@code f_bsize}, on 64-bit Linux).
     */
    static long[] fileSystemTypeAndBlockSize(int fd) {
        Handles h = handles();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CAPTURE_LAYOUT);
            MemorySegment statfs = arena.allocate(256, 8);
            int rc = (int) h.fstatfs.invokeExact(state, fd, statfs);
            if (rc != 0) {
                throw failure("fstatfs", errno(state), "fd=" + fd);
            }
            return new long[] {statfs.get(JAVA_LONG, 0), statfs.get(JAVA_LONG, 8)};
        } catch (HostMemoryException e) {
            throw e;
        } catch (Throwable t) {
            throw linkFailure("fstatfs", t);
        }
    }

    // ---------------------------------------------------------------- errors

    /** {@code ENOMEM}, or {@code errno=N} for a number this table does not name. */
    static String errnoName(int errno) {
        return ERRNO_NAMES.getOrDefault(errno, "errno " + errno);
    }

    /** A host failure message: {@code call failed: errno=N (NAME) details}. */
    static HostMemoryException failure(String call, int errno, String details) {
        return new HostMemoryException(call + " failed: errno=" + errno + " (" + errnoName(errno) + ")"
                + (details.isEmpty() ? "" : " " + details));
    }

    private static long sysconfPageSize() {
        try {
            long size = (long) HANDLES.sysconf.invokeExact(SC_PAGESIZE);
            return size > 0 ? size : 4096;
        } catch (Throwable t) {
            return 4096;
        }
    }

    private static Handles handles() {
        if (HANDLES == null) {
            throw new HostMemoryException("native calls are unavailable: os.name=" + System.getProperty("os.name")
                    + " (physmem's host memory needs Linux and --enable-native-access=dev.physmem)", UNAVAILABLE);
        }
        return HANDLES;
    }

    private static int errno(MemorySegment state) {
        return (int) ERRNO.get(state, 0L);
    }

    private static HostMemoryException linkFailure(String call, Throwable t) {
        if (t instanceof Error e) {
            throw e;
        }
        return new HostMemoryException(call + " could not be called", t);
    }
}
