package dev.physmem.mtree;

import dev.physmem.region.Owner;

/**
 * One region line of an {@code info mtree -o -D} dump, as printed (FORMAT.md §3.4):
 * {@code INDENT START-END (prio PRIO, TYPE): BODY[ [disabled]] OWNER}.
 *
 * <p>{@code start} and {@code end} are absolute within the line's block (the depth-0 line starts at
 * the region's own offset in its container); {@code end == start} for a region of 0 or 1 byte.
 *
 * @param number 1-based line number in the dump
 * @param text the line as printed, without its line break
 * @param depth 0 for a block's first region, +1 per tree level
 * @param start START, absolute in the block
 * @param end END, inclusive
 * @param priority PRIO
 * @param nonvolatile whether TYPE has the {@code nv-} prefix
 * @param type TYPE without the prefix: {@code ram}, {@code rom}, {@code romd}, {@code ramd} or {@code i/o}
 * @param name the region's name
 * @param alias the alias part of BODY, or null for a region that is not an alias
 * @param disabled whether the line ends with {@code [disabled]}
 * @param owner the owner suffix
 * @param ref the line without the overflow warning and the indentation: what hints refer to
 */
record DumpLine(
        int number,
        String text,
        int depth,
        long start,
        long end,
        int priority,
        boolean nonvolatile,
        String type,
        String name,
        Alias alias,
        boolean disabled,
        Owner owner,
        String ref) {

    /**
     * {@code alias NAME @TARGET ASTART-AEND}.
     *
     * @param target the target's name
     * @param offset ASTART, the offset within the target that the alias's first byte shows
     */
    record Alias(String target, long offset) {
    }

    /** {@code END - START}: the size minus one, modulo 2<sup>64</sup> (0 for a 0- or 1-byte region). */
    long span() {
        return end - start;
    }

    /** The text after END, which does not depend on where the block starts. */
    String placeFreeText() {
        return ref.substring(33);
    }

    MtreeFormatException error(String problem) {
        return new MtreeFormatException(MtreeFormatException.Source.DUMP, number, text, problem);
    }
}
