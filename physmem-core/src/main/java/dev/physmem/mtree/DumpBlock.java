package dev.physmem.mtree;

import java.util.ArrayList;
import java.util.List;

/** A block of a tree-mode dump: its header lines and the tree under them (FORMAT.md §3.1). */
final class DumpBlock {

    enum Kind {
        /** {@code address-space: NAME} lines, then the root region's tree. */
        ADDRESS_SPACE("address-space: "),
        /** {@code memory-region: NAME}, then an alias target's tree. */
        MEMORY_REGION("memory-region: ");

        final String prefix;

        Kind(String prefix) {
            this.prefix = prefix;
        }
    }

    /**
     * One header line.
     *
     * @param name the address-space or region name after the prefix
     * @param number the 1-based line number
     * @param text the line as printed
     */
    record Header(String name, int number, String text) {
        MtreeFormatException error(String problem) {
            return new MtreeFormatException(MtreeFormatException.Source.DUMP, number, text, problem);
        }
    }

    final Kind kind;
    /** The {@code address-space:} headers (one or more), or the one {@code memory-region:} header. */
    final List<Header> headers = new ArrayList<>();
    /** The block's depth-0 region line, null until read. */
    DumpNode root;

    DumpBlock(Kind kind) {
        this.kind = kind;
    }
}
