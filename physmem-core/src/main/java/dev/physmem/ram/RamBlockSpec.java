package dev.physmem.ram;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * What a RAM-backed region asks of its {@link RamBlock}: how much ram address space to reserve,
 * the host page size, the flags, and for a resizeable block the callback. The region's size is
 * the block's initial used size. QEMU counterpart: the arguments of {@code qemu_ram_alloc},
 * {@code qemu_ram_alloc_resizeable}, {@code qemu_ram_alloc_from_ptr} and
 * {@code qemu_ram_alloc_from_fd}.
 *
 * @param maxSize bytes of host memory the block may use, unsigned, not necessarily page aligned;
 *        the block's {@linkplain RamBlock#maxLength() max length} is this rounded up to the host
 *        page size. 0 asks for no block (an empty region; QEMU would abort)
 * @param pageSize the host page size of the memory in bytes, a power of two ({@code info
 *        ramblock}'s PSize; huge pages for hugetlbfs files)
 * @param flags the block's flags; never {@link RamBlockFlag#MIGRATABLE}, which registration sets
 * @param resized told of every resize; {@link ResizeCallback#NONE} unless {@code flags} has
 *        {@link RamBlockFlag#RESIZEABLE}
 */
public record RamBlockSpec(long maxSize, long pageSize, Set<RamBlockFlag> flags, ResizeCallback resized) {

    public RamBlockSpec {
        if (pageSize <= 0 || Long.bitCount(pageSize) != 1) {
            throw new IllegalArgumentException("pageSize must be a power of two: pageSize=" + pageSize);
        }
        if (maxSize < 0) {
            throw new IllegalArgumentException("RAM block larger than 2^63 bytes: maxSize=0x" + Long.toHexString(maxSize));
        }
        Objects.requireNonNull(flags, "flags");
        Objects.requireNonNull(resized, "resized");
        EnumSet<RamBlockFlag> copy = flags.isEmpty() ? EnumSet.noneOf(RamBlockFlag.class) : EnumSet.copyOf(flags);
        if (copy.contains(RamBlockFlag.MIGRATABLE)) {
            throw new IllegalArgumentException("MIGRATABLE is set by registration, not asked for: flags=" + copy);
        }
        if (resized != ResizeCallback.NONE && !copy.contains(RamBlockFlag.RESIZEABLE)) {
            throw new IllegalArgumentException("a resize callback needs RESIZEABLE: flags=" + copy);
        }
        flags = Collections.unmodifiableSet(copy);
    }

    /** A block of {@code size} bytes that never changes size. QEMU: {@code qemu_ram_alloc}. */
    public static RamBlockSpec fixed(long size, long pageSize, Set<RamBlockFlag> flags) {
        return new RamBlockSpec(size, pageSize, flags, ResizeCallback.NONE);
    }

    /**
     * A resizeable block of up to {@code maxSize} bytes of host pages of {@code pageSize} bytes.
     * QEMU: {@code qemu_ram_alloc_resizeable}.
     */
    public static RamBlockSpec resizeable(long maxSize, long pageSize, ResizeCallback resized) {
        return new RamBlockSpec(maxSize, pageSize, EnumSet.of(RamBlockFlag.RESIZEABLE), resized);
    }

    /** Whether {@code flag} is asked for. */
    public boolean has(RamBlockFlag flag) {
        return flags.contains(flag);
    }
}
