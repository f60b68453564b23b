package dev.physmem.space;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Value layouts of the access path, named for width and byte order, all unaligned (guest
 * addresses need not be aligned), and the conversions between a value and its bytes.
 *
 * <p>A value of {@code size} bytes travels in the low {@code size * 8} bits of a {@code long},
 * zero-extended. "Big" and "little" are the byte order in which the value's bytes lie in memory
 * or in a caller's buffer.
 */
final class AccessLayouts {
    static final ValueLayout.OfShort SHORT_LE = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfShort SHORT_BE = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    static final ValueLayout.OfInt INT_LE = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfInt INT_BE = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    static final ValueLayout.OfLong LONG_LE = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfLong LONG_BE = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    private AccessLayouts() {
    }

    /** Reads the {@code size}-byte value (1, 2, 4 or 8) at {@code offset}, zero-extended. */
    static long load(MemorySegment segment, long offset, int size, boolean bigEndian) {
        return switch (size) {
            case 1 -> segment.get(ValueLayout.JAVA_BYTE, offset) & 0xffL;
            case 2 -> segment.get(bigEndian ? SHORT_BE : SHORT_LE, offset) & 0xffffL;
            case 4 -> segment.get(bigEndian ? INT_BE : INT_LE, offset) & 0xffff_ffffL;
            case 8 -> segment.get(bigEndian ? LONG_BE : LONG_LE, offset);
            default -> throw badSize(size);
        };
    }

    /** Writes the low {@code size} bytes (1, 2, 4 or 8) of {@code value} at {@code offset}. */
    static void store(MemorySegment segment, long offset, int size, boolean bigEndian, long value) {
        switch (size) {
            case 1 -> segment.set(ValueLayout.JAVA_BYTE, offset, (byte) value);
            case 2 -> segment.set(bigEndian ? SHORT_BE : SHORT_LE, offset, (short) value);
            case 4 -> segment.set(bigEndian ? INT_BE : INT_LE, offset, (int) value);
            case 8 -> segment.set(bigEndian ? LONG_BE : LONG_LE, offset, value);
            default -> throw badSize(size);
        }
    }

    /** The {@code size}-byte value with its bytes in the opposite order. QEMU: {@code bswap16/32/64}. */
    static long swap(long value, int size) {
        return switch (size) {
            case 1 -> value & 0xffL;
            case 2 -> Short.reverseBytes((short) value) & 0xffffL;
            case 4 -> Integer.reverseBytes((int) value) & 0xffff_ffffL;
            case 8 -> Long.reverseBytes(value);
            default -> throw badSize(size);
        };
    }

    /** The low {@code size} bytes of {@code value}, for sizes 1 to 8. */
    static long truncate(long value, int size) {
        return value & mask(size);
    }

    /** A mask of the low {@code size} bytes, for sizes 1 to 8. QEMU: {@code MAKE_64BIT_MASK(0, size * 8)}. */
    static long mask(int size) {
        return size >= 8 ? -1L : (1L << (size * 8)) - 1;
    }

    /** Checks an access size given to a public ld/st entry point; folds away for a constant size. */
    static void checkSize(int size) {
        if (size != 1 && size != 2 && size != 4 && size != 8) {
            throw badSize(size);
        }
    }

    private static IllegalArgumentException badSize(int size) {
        return new IllegalArgumentException("access size must be 1, 2, 4 or 8: size=" + size);
    }
}
