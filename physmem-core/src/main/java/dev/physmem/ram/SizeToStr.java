package dev.physmem.ram;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * A byte count as QEMU's monitor prints it: three significant digits and a binary suffix,
 * switching to the next suffix from 1000 on ({@code 4 KiB}, {@code 2 MiB}, {@code 0.977 KiB} for
 * 1000 bytes). QEMU counterpart: {@code size_to_str} ({@code util/cutils.c}), whose
 * {@code "%0.3g %sB"} this reproduces digit for digit.
 */
final class SizeToStr {
    private static final String[] SUFFIXES = {"", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"};
    private static final MathContext THREE_DIGITS = new MathContext(3, RoundingMode.HALF_EVEN);

    private SizeToStr() {
    }

    /** {@code bytes}, unsigned, in QEMU's words. */
    static String format(long bytes) {
        double value = unsignedToDouble(bytes);
        int exponent = frexpExponent(value / (1000.0 / 1024.0));
        int i = (exponent - 1) / 10;
        double div = unsignedToDouble(1L << (i * 10));
        return formatG3(value / div) + " " + SUFFIXES[i] + "B";
    }

    /** The exponent {@code frexp} returns: {@code x = m * 2^e} with {@code 0.5 <= m < 1}; 0 for 0. */
    private static int frexpExponent(double x) {
        return x == 0 ? 0 : Math.getExponent(x) + 1;
    }

    /** C's {@code (double) v} for an unsigned 64-bit {@code v}, rounded to nearest. */
    private static double unsignedToDouble(long v) {
        if (v >= 0) {
            return v;
        }
        return ((v >>> 1) | (v & 1)) * 2.0;
    }

    /**
     * C's {@code printf("%0.3g", v)} for a finite {@code v >= 0}: fixed notation when the decimal
     * exponent after rounding to three digits is in [-4, 3), scientific otherwise, trailing zeros
     * removed. Rounding is of the exact binary value, ties to even, as glibc does.
     */
    static String formatG3(double v) {
        if (v == 0) {
            return "0";
        }
        BigDecimal rounded = new BigDecimal(v).round(THREE_DIGITS);
        int exponent = rounded.precision() - rounded.scale() - 1;
        BigDecimal stripped = rounded.stripTrailingZeros();
        if (exponent < -4 || exponent >= 3) {
            String digits = stripped.unscaledValue().toString();
            String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
            return mantissa + "e" + (exponent < 0 ? "-" : "+") + (Math.abs(exponent) < 10 ? "0" : "")
                    + Math.abs(exponent);
        }
        return stripped.toPlainString();
    }
}
