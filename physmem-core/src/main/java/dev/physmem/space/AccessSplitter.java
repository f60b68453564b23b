package dev.physmem.space;

import dev.physmem.region.AccessConstraints;

/**
 * The arithmetic of cutting a guest access into the pieces a device sees, as QEMU 7.2 does it.
 * Pure functions; every offset here is an offset within the region.
 *
 * <h2>Two cuts</h2>
 * <ol>
 *   <li>{@link #memoryAccessSize}: a buffer access ({@code AddressSpace.read/write}) that reaches
 *       a device is first cut into guest-sized accesses. QEMU: {@code memory_access_size} in
 *       {@code softmmu/physmem.c}. The ld/st family skips this cut: it hands its whole width to
 *       the device, as QEMU's {@code address_space_ld*}/{@code st*} do.</li>
 *   <li>{@link #implAccessSize}: each guest-sized access that passes {@code valid} is split into,
 *       or widened to, the sizes the callbacks implement. QEMU: {@code access_with_adjusted_size}
 *       in {@code softmmu/memory.c}. Piece {@code k} is at {@code offset + k * implAccessSize};
 *       its value sits in the access's value at bit {@link #pieceShift}.</li>
 * </ol>
 * {@snippet :
 * // A 4-byte read at offset 0x10 of a device that implements only 1..2-byte accesses:
 * int piece = AccessSplitter.implAccessSize(4, AccessConstraints.sizes(1, 2)); // 2
 * // little-endian device: piece 0 at 0x10 fills bits 0..15, piece 1 at 0x12 bits 16..31
 * // big-endian device:    piece 0 at 0x10 fills bits 16..31, piece 1 at 0x12 bits 0..15
 * }
 */
final class AccessSplitter {
    /** QEMU's assumption when {@code valid.max_access_size} is 0: 1..4-byte accesses. */
    static final int DEFAULT_MAX_ACCESS_SIZE = 4;
    /** QEMU's default {@code impl.min_access_size}. */
    static final int DEFAULT_IMPL_MIN = 1;
    /** QEMU's default {@code impl.max_access_size}. */
    static final int DEFAULT_IMPL_MAX = 4;

    private AccessSplitter() {
    }

    /**
     * The size of the next guest access of a buffer access that has {@code len} bytes left at
     * region offset {@code offset}: at most {@code valid.max} (4 when not given), at most the
     * alignment of {@code offset} unless {@code impl.unaligned}, rounded down to a power of two.
     *
     * @param len bytes left, positive
     * @return 1, 2, 4 or 8
     */
    static int memoryAccessSize(AccessConstraints valid, AccessConstraints impl, long len, long offset) {
        int max = valid.maxAccessSize() == 0 ? DEFAULT_MAX_ACCESS_SIZE : valid.maxAccessSize();
        if (!impl.unaligned()) {
            long alignment = offset & -offset;
            if (alignment != 0 && Long.compareUnsigned(alignment, max) < 0) {
                max = (int) alignment;
            }
        }
        long l = Math.min(len, max);
        return Integer.highestOneBit((int) l);
    }

    /**
     * The size of each callback of a {@code size}-byte access: {@code size} bounded by
     * {@code impl.max} (default 4), then raised to {@code impl.min} (default 1). Smaller than
     * {@code size}: the access is split; larger: it is widened into one wider callback at the
     * same offset (QEMU does not align it down).
     */
    static int implAccessSize(int size, AccessConstraints impl) {
        int min = impl.minAccessSize() == 0 ? DEFAULT_IMPL_MIN : impl.minAccessSize();
        int max = impl.maxAccessSize() == 0 ? DEFAULT_IMPL_MAX : impl.maxAccessSize();
        return Math.max(Math.min(size, max), min);
    }

    /** How many callbacks a {@code size}-byte access takes when each is {@code pieceSize} bytes. */
    static int pieceCount(int size, int pieceSize) {
        return pieceSize >= size ? 1 : size / pieceSize;
    }

    /**
     * Where the value of the piece at byte {@code index} of the access lies within the access's
     * value: a left shift in bits (negative: a right shift, when a big-endian device's access is
     * widened). Little-endian devices put the first piece lowest, big-endian devices highest.
     */
    static int pieceShift(int size, int pieceSize, int index, boolean bigEndian) {
        return bigEndian ? (size - pieceSize - index) * 8 : index * 8;
    }

    /** Places a piece's value into an access's value. QEMU: {@code memory_region_shift_read_access}. */
    static long placePiece(long pieceValue, int pieceSize, int shift) {
        long v = pieceValue & AccessLayouts.mask(pieceSize);
        return shift >= 0 ? v << shift : v >>> -shift;
    }

    /** Extracts a piece's value from an access's value. QEMU: {@code memory_region_shift_write_access}. */
    static long extractPiece(long value, int pieceSize, int shift) {
        long v = shift >= 0 ? value >>> shift : value << -shift;
        return v & AccessLayouts.mask(pieceSize);
    }
}
