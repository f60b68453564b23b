package dev.physmem.cli;

import picocli.CommandLine;

/**
 * Parses sizes as QEMU's {@code -m} does: a bare number is MiB; suffixes K, M, G, T (powers of
 * 1024, case-insensitive, optional trailing B); a {@code 0x} prefix takes hexadecimal bytes.
 */
public final class SizeConverter implements CommandLine.ITypeConverter<Long> {

    @Override
    public Long convert(String text) {
        return parse(text);
    }

    /**
     * @throws CommandLine.TypeConversionException naming the text when it is not a size
     */
    public static long parse(String text) {
        String s = text.trim();
        if (s.startsWith("0x") || s.startsWith("0X")) {
            try {
                return Long.parseUnsignedLong(s.substring(2), 16);
            } catch (NumberFormatException e) {
                throw new CommandLine.TypeConversionException("not a hexadecimal size: '" + text + "'");
            }
        }
        if (s.endsWith("B") || s.endsWith("b")) {
            s = s.substring(0, s.length() - 1);
        }
        int shift = 20;
        if (!s.isEmpty()) {
            char unit = Character.toUpperCase(s.charAt(s.length() - 1));
            int unitShift = switch (unit) {
                case 'K' -> 10;
                case 'M' -> 20;
                case 'G' -> 30;
                case 'T' -> 40;
                default -> -1;
            };
            if (unitShift >= 0) {
                shift = unitShift;
                s = s.substring(0, s.length() - 1);
            }
        }
        long n;
        try {
            n = Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new CommandLine.TypeConversionException("not a size: '" + text + "' (try 512M or 2G)");
        }
        if (n <= 0 || n > (Long.MAX_VALUE >> shift)) {
            throw new CommandLine.TypeConversionException("size out of range: '" + text + "'");
        }
        return n << shift;
    }
}
