package dev.physmem.mtree;

import dev.physmem.region.MemoryRegion;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;

/** Number and string conventions shared by the {@code info mtree} printers and the dump parser. */
final class MtreeText {
    /** QEMU's {@code MTREE_INDENT}: two spaces per tree level. */
    static final String INDENT = "  ";

    /** Strings ordered by their UTF-8 bytes, unsigned, as C's {@code strcmp} orders them. */
    static final Comparator<String> BYTE_ORDER = (a, b) -> Arrays.compareUnsigned(
            a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private MtreeText() {
    }

    /** Appends {@code value} as exactly 16 lowercase hex digits (C's {@code %016" PRIx64}). */
    static StringBuilder hex16(StringBuilder out, long value) {
        for (int shift = 60; shift >= 0; shift -= 4) {
            out.append(HEX[(int) (value >>> shift) & 0xf]);
        }
        return out;
    }

    /** {@code value} as exactly 16 lowercase hex digits. */
    static String hex16(long value) {
        return hex16(new StringBuilder(16), value).toString();
    }

    /**
     * The distance from a region's first to its last byte, as QEMU's {@code MR_SIZE} computes it:
     * {@code size - 1}, but 0 for an empty region (so it prints END = START).
     */
    static long lastOffset(MemoryRegion mr) {
        return mr.isEmpty() ? 0 : mr.lastOffset();
    }
}
