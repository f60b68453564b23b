package dev.physmem.migration;

import java.io.IOException;
import java.util.Objects;

/**
 * A RAM migration stream the receiver cannot load: truncated, corrupt, of another version, or
 * describing RAM the destination does not have. The message names the byte offset in the stream
 * where the problem was found, what was expected there, and what was found:
 * {@snippet lang=text :
 * RAM migration stream offset=64: expected page offset below usedLength=0x1000 of block idstr=b but found offset=0x1000
 * }
 * QEMU reports these as {@code -EINVAL} with an {@code error_report} from {@code ram_load}.
 * A load that throws may have written some pages, never outside a block's used length.
 */
public final class MigrationStreamException extends IOException {
    private static final long serialVersionUID = 1L;

    private final long offset;
    private final String expected;
    private final String found;

    MigrationStreamException(long offset, String expected, String found) {
        super("RAM migration stream offset=" + offset + ": expected " + expected + " but found " + found);
        this.offset = offset;
        this.expected = Objects.requireNonNull(expected, "expected");
        this.found = Objects.requireNonNull(found, "found");
    }

    /** Byte offset in the stream of the first byte of the item that was wrong (from the header's first byte). */
    public long offset() {
        return offset;
    }

    /** What the receiver expected at {@link #offset()}. */
    public String expected() {
        return expected;
    }

    /** What it found instead ({@code "end of stream"} for a truncated stream). */
    public String found() {
        return found;
    }
}
