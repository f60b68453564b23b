package dev.physmem.mtree;

import java.util.List;

/**
 * A parsed hints file (HINTS.md): what an {@code info mtree -o -D} dump does not show. Each record
 * keeps its line for error messages.
 *
 * @param addressSpaces the {@code as} lines: address-space creation order, oldest first; empty when the
 *     file has none (then the dump's order is used)
 * @param accel the {@code accel} line, or null
 * @param regionHints the hints about regions, in file order
 */
record Hints(List<AsHint> addressSpaces, AccelHint accel, List<RegionHint> regionHints) {

    static final Hints NONE = new Hints(List.of(), null, List.of());

    /** Where a hint is, for error messages. */
    record Source(int number, String text) {
        MtreeFormatException error(String problem) {
            return new MtreeFormatException(MtreeFormatException.Source.HINTS, number, text, problem);
        }
    }

    /** {@code as "NAME", root: ROOT}. */
    record AsHint(String name, String root, Source source) {
    }

    /** {@code accel NAME PAGESIZE AS...}. */
    record AccelHint(MtreeOptions.Accel accel, Source source) {
    }

    /** The hints that name regions. */
    enum Keyword {
        HANDLERS("handlers"),
        CONTAINER("container"),
        READONLY("readonly"),
        SIZE0("size0"),
        LATER("later"),
        TARGET("target");

        final String word;

        Keyword(String word) {
            this.word = word;
        }

        /** Whether the hint takes two references, {@code REF ; REF}. */
        boolean isPair() {
            return this == LATER || this == TARGET;
        }
    }

    /**
     * A region reference: a dump line without its indentation.
     *
     * @param text the line text to look for
     * @param index the {@code #K} that picks one of several regions printing the same text, or -1
     */
    record Ref(String text, int index) {
    }

    /**
     * A hint about one region (or, for {@code later} and {@code target}, two).
     *
     * @param second the second reference of a pair hint, else null
     */
    record RegionHint(Keyword keyword, Ref first, Ref second, Source source) {
    }
}
