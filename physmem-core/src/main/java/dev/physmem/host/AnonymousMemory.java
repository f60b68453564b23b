package dev.physmem.host;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * Zero-filled anonymous host memory for guest RAM, mapped with {@code mmap(MAP_PRIVATE |
 * MAP_ANONYMOUS | MAP_NORESERVE)} so that pages are committed only when first touched, as QEMU's
 * RAM is. A 2 GiB guest that touches 1 MiB costs 1 MiB.
 *
 * <h2>Lifetime</h2>
 * The segment is unmapped when it becomes unreachable (an automatic arena owns it).
 */
public final class AnonymousMemory {
    private static final int PROT_READ = 0x1;
    private static final int PROT_WRITE = 0x2;
    private static final int MAP_PRIVATE = 0x02;
    private static final int MAP_ANONYMOUS = 0x20;
    private static final int MAP_NORESERVE = 0x4000;
    private static final long MAP_FAILED = -1L;

    private static final MethodHandle MMAP;
    private static final MethodHandle MUNMAP;

    static {
        MethodHandle mmap = null;
        MethodHandle munmap = null;
        try {
            Linker linker = Linker.nativeLinker();
            var libc = linker.defaultLookup();
            mmap = linker.downcallHandle(libc.find("mmap").orElseThrow(), FunctionDescriptor.of(
                    ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT,
                    ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG));
            munmap = linker.downcallHandle(libc.find("munmap").orElseThrow(), FunctionDescriptor.of(
                    ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG));
        } catch (RuntimeException | LinkageError e) {
            // No native access on this platform: map() falls back to zeroed heap-external memory.
            mmap = null;
            munmap = null;
        }
        MMAP = mmap;
        MUNMAP = munmap;
    }

    private AnonymousMemory() {
    }

    /**
     * Maps {@code size} bytes of zeroed memory, page aligned.
     *
     * @throws IllegalArgumentException if {@code size} is not positive
     * @throws HostMemoryException if the host refuses the mapping
     */
    public static MemorySegment map(long size) {
        if (size <= 0) {
            throw new IllegalArgumentException("size must be positive: size=" + size);
        }
        if (MMAP == null) {
            try {
                return Arena.ofAuto().allocate(size, 4096);
            } catch (OutOfMemoryError e) {
                throw new HostMemoryException("cannot allocate guest RAM: size=0x" + Long.toHexString(size), e);
            }
        }
        MemorySegment addr;
        try {
            addr = (MemorySegment) MMAP.invokeExact(MemorySegment.NULL, size, PROT_READ | PROT_WRITE,
                    MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0L);
        } catch (Throwable t) {
            throw new HostMemoryException("mmap failed: size=0x" + Long.toHexString(size), t);
        }
        if (addr.address() == MAP_FAILED || addr.address() == 0) {
            throw new HostMemoryException("mmap refused: size=0x" + Long.toHexString(size));
        }
        long base = addr.address();
        return addr.reinterpret(size, Arena.ofAuto(), seg -> unmap(base, size));
    }

    private static void unmap(long base, long size) {
        try {
            int rc = (int) MUNMAP.invokeExact(MemorySegment.ofAddress(base), size);
            assert rc == 0;
        } catch (Throwable ignored) {
            // Nothing sensible to do in a cleaner: the mapping stays until exit.
        }
    }
}
