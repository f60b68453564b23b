package dev.physmem.cli.board;

import java.math.BigInteger;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The number syntax of board files, as pure functions over text. Sizes, addresses and offsets
 * are unsigned 64-bit quantities written as
 * <ul>
 *   <li>hexadecimal: {@code 0x1000}, {@code 0xfee0_0000};
 *   <li>decimal with an optional binary suffix: {@code 4096}, {@code 4K}, {@code 64KiB},
 *       {@code 512M}, {@code 2G} ({@code K M G T P E}, case-insensitive, each 1024 times the last,
 *       optionally followed by {@code B} or {@code iB});
 *   <li>a power of two: {@code 2^32}, {@code 2^64}.
 * </ul>
 * Underscores may separate digits. A decimal number may not start with 0 ({@code 0777} would
 * mean 511 to a C programmer and 777 to everybody else).
 */
final class Numbers {
    /** 2<sup>64</sup>, the size of the whole address space. */
    static final BigInteger TWO_TO_64 = BigInteger.ONE.shiftLeft(64);
    /** The largest address, 2<sup>64</sup>−1. */
    static final BigInteger MAX_ADDRESS = TWO_TO_64.subtract(BigInteger.ONE);

    private static final Pattern HEX = Pattern.compile("0[xX]([0-9a-fA-F](?:_?[0-9a-fA-F])*)");
    private static final Pattern DECIMAL =
            Pattern.compile("([0-9](?:_?[0-9])*)\\s*(?:([kKmMgGtTpPeE])(?:[iI]?[bB])?|[bB])?");
    private static final Pattern POWER = Pattern.compile("2\\^([0-9]{1,2})");
    private static final String SUFFIXES = "kmgtpe";

    private Numbers() {
    }

    /**
     * The unsigned quantity {@code text} denotes.
     *
     * @throws NumberFormatException if {@code text} is not in the syntax above; the message is a
     *     hint for the user, or empty when there is nothing more to say than "not a number"
     */
    static BigInteger parseUnsigned(String text) {
        String t = text.strip();
        Matcher hex = HEX.matcher(t);
        if (hex.matches()) {
            return new BigInteger(hex.group(1).replace("_", ""), 16);
        }
        Matcher power = POWER.matcher(t);
        if (power.matches()) {
            int exponent = Integer.parseInt(power.group(1));
            if (exponent > 64) {
                throw new NumberFormatException("2^" + exponent + " is larger than 2^64");
            }
            return BigInteger.ONE.shiftLeft(exponent);
        }
        Matcher decimal = DECIMAL.matcher(t);
        if (decimal.matches()) {
            String digits = decimal.group(1).replace("_", "");
            if (digits.length() > 1 && digits.charAt(0) == '0') {
                throw new NumberFormatException("a leading 0 is ambiguous; write 0x... for hexadecimal or drop the 0");
            }
            BigInteger value = new BigInteger(digits);
            String suffix = decimal.group(2);
            if (suffix != null) {
                int power1024 = SUFFIXES.indexOf(suffix.toLowerCase(Locale.ROOT)) + 1;
                value = value.shiftLeft(10 * power1024);
            }
            return value;
        }
        throw new NumberFormatException("");
    }

    /**
     * A size in QEMU's representation: bytes as an unsigned long, 2<sup>64</sup> as
     * {@code MemoryRegion.SIZE_2_64} ({@code -1L}).
     *
     * @throws NumberFormatException if {@code text} is not a number, is larger than 2<sup>64</sup>,
     *     or is 2<sup>64</sup>−1, which that representation cannot hold
     */
    static long parseSize(String text) {
        BigInteger value = parseUnsigned(text);
        if (value.compareTo(TWO_TO_64) > 0) {
            throw new NumberFormatException("larger than 2^64");
        }
        if (value.equals(TWO_TO_64)) {
            return -1L;
        }
        if (value.equals(MAX_ADDRESS)) {
            throw new NumberFormatException("a region of 2^64-1 bytes cannot exist; 2^64 is the largest size");
        }
        return value.longValue();
    }

    /**
     * An address or offset: 0 to 2<sup>64</sup>−1, as an unsigned long.
     *
     * @throws NumberFormatException if {@code text} is not a number or is 2<sup>64</sup> or more
     */
    static long parseAddress(String text) {
        BigInteger value = parseUnsigned(text);
        if (value.compareTo(MAX_ADDRESS) > 0) {
            throw new NumberFormatException("larger than 0xffffffffffffffff");
        }
        return value.longValue();
    }

    /** {@code 0x...} for a size; {@code 2^64} for {@code SIZE_2_64}. */
    static String formatSize(long size) {
        return size == -1L ? "2^64" : hex(size);
    }

    /** {@code 0x...} for an unsigned address or offset. */
    static String hex(long value) {
        return "0x" + Long.toHexString(value);
    }
}
