package dev.physmem.ram;

import java.nio.charset.StandardCharsets;

/**
 * {@code info ramblock}: one line per block in list order, byte for byte as QEMU 7.2 prints it.
 * QEMU counterpart: {@code ram_block_format} ({@code softmmu/physmem.c}), shown by
 * {@code hmp_info_ramblock} / {@code x-query-ramblock}.
 * {@snippet lang=text :
 *               Block Name    PSize              Offset               Used              Total
 *                   pc.ram    4 KiB  0x0000000000000000 0x0000000020000000 0x0000000020000000
 *     /rom@etc/acpi/tables    4 KiB  0x0000000020080000 0x0000000000020000 0x0000000000200000
 * }
 * Columns: the idstr right-aligned in 24 bytes (empty for a block not registered for migration),
 * the host page size ({@code size_to_str}) in 8, then the ram address, used length and max length
 * as {@code 0x%016x}. Lines end with {@code \n} (the monitor sends {@code \r\n}); QEMU 7.2 adds
 * nothing after the last line.
 */
public final class RamBlockPrinter {
    private static final String HEADER = String.format("%24s %8s  %18s %18s %18s\n",
            "Block Name", "PSize", "Offset", "Used", "Total");

    private RamBlockPrinter() {
    }

    /** The {@code info ramblock} text for {@code list}'s blocks as they are now. */
    public static String format(RamBlockList list) {
        StringBuilder out = new StringBuilder(HEADER);
        for (RamBlock block : list.blocks()) {
            appendLine(out, block);
        }
        return out.toString();
    }

    private static void appendLine(StringBuilder out, RamBlock block) {
        String idstr = block.idstr();
        // C's %24s pads by bytes, not characters.
        out.repeat(' ', Math.max(0, 24 - idstr.getBytes(StandardCharsets.UTF_8).length)).append(idstr);
        out.append(String.format(" %8s  0x%016x 0x%016x 0x%016x", SizeToStr.format(block.pageSize()),
                block.ramAddr(), block.usedLength(), block.maxLength()));
        out.append('\n');
    }
}
