package dev.physmem.cli.monitor;

import dev.physmem.attr.MemTxAttrs;
import dev.physmem.attr.MemTxResult;
import dev.physmem.space.AddressSpace;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Prints memory as QEMU's {@code x} and {@code xp} do: lines of up to 16 bytes (8 for byte units),
 * each starting with the 16-digit address, units read in the target's byte order. QEMU
 * counterpart: {@code memory_dump} in monitor/hmp-cmds-target.c.
 *
 * <p>Each line is read with one {@link AddressSpace#read} of its bytes. A read that does not
 * return {@link MemTxResult#OK} ends the dump with {@code  Cannot access memory} after the
 * address, as in QEMU, followed by the result ({@code (MEMTX_DECODE_ERROR)}), which QEMU does not
 * print.
 * {@snippet lang=text :
 * (physmem) xp /4xw 0xffff0
 * 00000000000ffff0: 0x00000000 0x00000000 0x00000000 0x00000000
 * (physmem) xp /3c 0x1000
 * 0000000000001000: 'H' 'i' '\x00'
 * }
 */
final class MemoryDump {
    private MemoryDump() {
    }

    /**
     * Dumps {@code format.count()} units from {@code addr} of {@code space} to {@code out}.
     *
     * @param addr the first address, in {@code space}'s frame
     * @param order the target's byte order, in which units wider than a byte are read
     */
    static void dump(PrintWriter out, AddressSpace space, long addr, DumpFormat format, ByteOrder order) {
        long len = (long) format.size() * format.count();
        int lineSize = format.size() == 1 ? 8 : 16;
        int unit = format.format() == 'c' ? 1 : format.size();
        int width = digits(format.format(), format.size());
        byte[] line = new byte[lineSize];
        ByteBuffer view = ByteBuffer.wrap(line).order(order);
        long a = addr;
        while (len > 0) {
            StringBuilder sb = new StringBuilder(String.format("%016x:", a));
            int l = (int) Math.min(len, lineSize);
            MemTxResult result = space.read(a, MemTxAttrs.UNSPECIFIED, line, 0, l);
            if (!result.isOk()) {
                out.print(sb.append(" Cannot access memory (").append(result).append(")\n"));
                return;
            }
            for (int i = 0; i < l; i += unit) {
                sb.append(' ').append(unitText(format.format(), width, load(view, i, unit)));
            }
            out.print(sb.append('\n'));
            a += l;
            len -= l;
        }
    }

    /** The field width QEMU pads a unit of {@code size} bytes to in {@code format}. */
    static int digits(char format, int size) {
        int bits = size * 8;
        return switch (format) {
            case 'o' -> (bits + 2) / 3;
            case 'u', 'd' -> (bits * 10 + 32) / 33;
            case 'c' -> 0;
            default -> bits / 4;
        };
    }

    /** One unit as QEMU prints it: {@code 0x%0*x}, {@code %#*o}, {@code %*u}, {@code %*d} or a character literal. */
    static String unitText(char format, int width, long v) {
        return switch (format) {
            case 'x' -> "0x" + pad(Long.toHexString(v), width, '0');
            case 'o' -> pad(v == 0 ? "0" : "0" + Long.toOctalString(v), width, ' ');
            case 'u' -> pad(Long.toUnsignedString(v), width, ' ');
            case 'd' -> pad(Long.toString(v), width, ' ');
            case 'c' -> character((int) v);
            default -> throw new IllegalArgumentException("unknown format: format=" + format);
        };
    }

    /** A byte as QEMU's {@code monitor_printc} prints it: {@code 'A'}, {@code '\n'}, {@code '\x00'}. */
    static String character(int c) {
        String body = switch (c) {
            case '\'' -> "\\'";
            case '\\' -> "\\\\";
            case '\n' -> "\\n";
            case '\r' -> "\\r";
            default -> c >= 32 && c <= 126 ? String.valueOf((char) c) : String.format("\\x%02x", c);
        };
        return "'" + body + "'";
    }

    /** The unsigned unit of {@code size} bytes at {@code index}, zero-extended. */
    private static long load(ByteBuffer buf, int index, int size) {
        return switch (size) {
            case 1 -> buf.get(index) & 0xffL;
            case 2 -> buf.getShort(index) & 0xffffL;
            case 4 -> buf.getInt(index) & 0xffff_ffffL;
            default -> buf.getLong(index);
        };
    }

    private static String pad(String s, int width, char fill) {
        return s.length() >= width ? s : String.valueOf(fill).repeat(width - s.length()) + s;
    }
}
