package dev.physmem.ram;

import java.util.List;

/**
 * Where a new block goes in the ram address space: QEMU 7.2's best fit. Every existing block
 * proposes the first aligned ram address after its max length; the proposal whose free gap (up
 * to the nearest block at or above it) fits the new block and is the smallest wins, the earliest
 * in list order among equals. A free range below the lowest block is never proposed, and an empty
 * list places the block at 0. QEMU counterpart: {@code find_ram_offset} ({@code softmmu/physmem.c}).
 *
 * <p>The alignment is {@code BITS_PER_LONG} target pages (64 × 4 KiB = 256 KiB on x86), so that
 * a word of a dirty bitmap never covers pages of two blocks and bitmap syncs take the word-wise
 * fast path.
 *
 * <p>All arithmetic is unsigned 64-bit, as {@code ram_addr_t}'s.
 */
final class RamAddressAllocator {
    /** QEMU's {@code RAM_ADDR_MAX}. */
    static final long RAM_ADDR_MAX = -1L;

    private RamAddressAllocator() {
    }

    /**
     * The ram address for a new block of {@code size} bytes among {@code blocks} (in list order).
     *
     * @param alignment a power of two
     * @throws IllegalArgumentException if {@code size} is 0 (QEMU asserts: it would hand the same
     *         address out twice)
     * @throws IllegalStateException if no gap is large enough (QEMU aborts)
     */
    static long findRamAddr(List<RamBlock> blocks, long size, long alignment) {
        if (size == 0) {
            throw new IllegalArgumentException("RAM block of size 0 has no place: size=0");
        }
        if (blocks.isEmpty()) {
            return 0;
        }
        long best = RAM_ADDR_MAX;
        long bestGap = RAM_ADDR_MAX;
        for (RamBlock block : blocks) {
            long candidate = roundUp(block.ramAddr() + block.maxLength(), alignment);
            long next = RAM_ADDR_MAX;
            for (RamBlock other : blocks) {
                if (Long.compareUnsigned(other.ramAddr(), candidate) >= 0
                        && Long.compareUnsigned(other.ramAddr(), next) < 0) {
                    next = other.ramAddr();
                }
            }
            long gap = next - candidate;
            if (Long.compareUnsigned(gap, size) >= 0 && Long.compareUnsigned(gap, bestGap) < 0) {
                best = candidate;
                bestGap = gap;
            }
        }
        if (best == RAM_ADDR_MAX) {
            throw new IllegalStateException("no gap in the ram address space fits the block: size=0x"
                    + Long.toHexString(size));
        }
        return best;
    }

    /** {@code value} rounded up to a multiple of {@code alignment} (a power of two), modulo 2^64. */
    static long roundUp(long value, long alignment) {
        return (value + alignment - 1) & -alignment;
    }
}
