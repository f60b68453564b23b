package dev.physmem.host;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Zero-filled anonymous host memory for guest RAM, mapped with {@code mmap(MAP_PRIVATE |
 * MAP_ANONYMOUS | MAP_NORESERVE)} so that pages are committed only when first touched, as QEMU's
 * RAM is. A 2 GiB guest that touches 1 MiB costs 1 MiB. QEMU counterpart:
 * {@code qemu_anon_ram_alloc}. For memory with an explicit lifetime, sharing or other options,
 * use a {@link HostMemoryBackend}.
 *
 * <h2>Lifetime</h2>
 * The segment is unmapped when it becomes unreachable (an automatic arena owns it).
 */
public final class AnonymousMemory {
    private AnonymousMemory() {
    }

    /**
     * Maps {@code size} bytes of zeroed memory, page aligned.
     *
     * @throws IllegalArgumentException if {@code size} is not positive
     * @throws HostMemoryException if the host refuses the mapping
     */
    @SuppressWarnings("restricted") // the mapping's size and lifetime are set here, once
    public static MemorySegment map(long size) {
        if (size <= 0) {
            throw new IllegalArgumentException("size must be positive: size=" + size);
        }
        if (!Libc.isAvailable()) {
            // No native access on this platform: zeroed memory from the JDK instead.
            try {
                return Arena.ofAuto().allocate(size, 4096);
            } catch (OutOfMemoryError e) {
                throw new HostMemoryException("cannot allocate guest RAM: size=0x" + Long.toHexString(size), e);
            }
        }
        long base = Libc.mmap(0, size, Libc.PROT_READ | Libc.PROT_WRITE,
                Libc.MAP_PRIVATE | Libc.MAP_ANONYMOUS | Libc.MAP_NORESERVE, -1, 0);
        return MemorySegment.ofAddress(base).reinterpret(size, Arena.ofAuto(),
                seg -> Libc.munmapErrno(base, size));
    }
}
