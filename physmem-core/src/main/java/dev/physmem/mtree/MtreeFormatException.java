package dev.physmem.mtree;

import java.util.Objects;

/**
 * Thrown by {@link QemuMtreeImporter} when a dump or a hints file is malformed or inconsistent. The
 * message names the file, the 1-based line number, what was expected there, and the offending line:
 * {@snippet lang=text :
 * mtree dump line 7: expected 16 lowercase hex digits (END) but found "00000000000zffff"; text="    0000000000000000-00000000000zffff (prio 0, i/o): io parent:{obj path=/machine/unattached}"
 * }
 * An import that throws returns nothing: no partly built machine escapes.
 */
public final class MtreeFormatException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** Which input the offending line belongs to. */
    public enum Source {
        /** The {@code info mtree -o -D} dump. */
        DUMP("mtree dump"),
        /** The hints file (HINTS.md). */
        HINTS("hints");

        private final String label;

        Source(String label) {
            this.label = label;
        }
    }

    private final Source source;
    private final int lineNumber;
    private final String lineText;

    MtreeFormatException(Source source, int lineNumber, String lineText, String problem) {
        super(source.label + " line " + lineNumber + ": " + problem + "; text=\"" + lineText + "\"");
        this.source = Objects.requireNonNull(source, "source");
        this.lineNumber = lineNumber;
        this.lineText = Objects.requireNonNull(lineText, "lineText");
    }

    /** The input the offending line belongs to. */
    public Source source() {
        return source;
    }

    /** The 1-based number of the offending line. */
    public int lineNumber() {
        return lineNumber;
    }

    /** The offending line, without its line break. */
    public String lineText() {
        return lineText;
    }
}
