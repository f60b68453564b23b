package dev.physmem.cli.monitor;

/**
 * The {@code /fmt} of {@code x} and {@code xp}: how many units, printed how, of what size. QEMU
 * counterpart: the {@code '/'} argument type of {@code monitor_parse_arguments}.
 *
 * <p>Format letters: {@code x} hexadecimal, {@code d} signed decimal, {@code u} unsigned
 * decimal, {@code o} octal, {@code c} character ({@code i}, disassembly, is not supported). Size
 * letters: {@code b} 1 byte, {@code h} 2, {@code w} 4, {@code g} 8 ({@code L} is a synonym of
 * {@code g}, as in QEMU).
 *
 * <p>As in QEMU, a format or size left out is taken from the last one given in this monitor: the
 * first dump defaults to {@code /1xw}.
 *
 * @param count number of units, at least 0
 * @param format one of {@code x d u o c}
 * @param size unit size in bytes: 1, 2, 4 or 8
 */
record DumpFormat(int count, char format, int size) {

    /** The defaults a new monitor starts with: hexadecimal words. QEMU: {@code default_fmt_*}. */
    static final DumpFormat INITIAL = new DumpFormat(1, 'x', 4);

    DumpFormat {
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative: count=" + count);
        }
        if ("xduoc".indexOf(format) < 0) {
            throw new IllegalArgumentException("unknown format: format=" + format);
        }
        if (size != 1 && size != 2 && size != 4 && size != 8) {
            throw new IllegalArgumentException("size must be 1, 2, 4 or 8: size=" + size);
        }
    }

    /** The size letter QEMU takes for {@link #size()}. */
    char sizeLetter() {
        return switch (size) {
            case 1 -> 'b';
            case 2 -> 'h';
            case 4 -> 'w';
            default -> 'g';
        };
    }

    /**
     * Parses the text of a {@code /fmt} after the slash, with {@code defaults} for what it leaves
     * out; the count is 1 when not given.
     *
     * @throws ArgumentException {@code invalid char in format: 'z'}, or for format {@code i}
     */
    static DumpFormat parse(String spec, DumpFormat defaults) {
        int i = 0;
        long count = 1;
        if (i < spec.length() && isDigit(spec.charAt(i))) {
            count = 0;
            while (i < spec.length() && isDigit(spec.charAt(i))) {
                count = count * 10 + (spec.charAt(i++) - '0');
                if (count > Integer.MAX_VALUE) {
                    throw new ArgumentException("count too large in format: '" + spec + "'");
                }
            }
        }
        char format = 0;
        int size = 0;
        for (; i < spec.length(); i++) {
            char c = spec.charAt(i);
            switch (c) {
                case 'x', 'd', 'u', 'o', 'c' -> format = c;
                case 'i' -> throw new ArgumentException("format 'i' (disassembly) is not supported");
                case 'b' -> size = 1;
                case 'h' -> size = 2;
                case 'w' -> size = 4;
                case 'g', 'L' -> size = 8;
                default -> throw new ArgumentException("invalid char in format: '" + c + "'");
            }
        }
        return new DumpFormat((int) count, format == 0 ? defaults.format() : format,
                size == 0 ? defaults.size() : size);
    }

    /** What a dump without {@code /fmt} uses: one unit, in the format and size of {@code defaults}. */
    static DumpFormat withoutSpec(DumpFormat defaults) {
        return new DumpFormat(1, defaults.format(), defaults.size());
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
