package dev.physmem.inspect;

import dev.physmem.region.MemoryRegion;

/**
 * One thing {@link Linter} found worth a look.
 *
 * @param kind what kind of problem
 * @param region the region it is about
 * @param path the region's place in the tree ({@code system/pci/pc.bios}), containers first
 * @param reason one line saying what is wrong
 */
public record LintFinding(Kind kind, MemoryRegion region, String path, String reason) {

    /** The kinds of findings, each a mistake QEMU lets pass silently. */
    public enum Kind {
        /** A terminal region that is mapped and enabled but answers no address anywhere. */
        HIDDEN,
        /** Two enabled siblings with the same priority overlap: the later-added one wins. */
        EQUAL_PRIORITY_OVERLAP,
        /** An alias whose window reaches past the end of its target. */
        ALIAS_PAST_TARGET,
        /** A region of size 0, which renders nothing. */
        ZERO_SIZE,
        /** A region no address space reaches, through subregions or aliases. */
        UNREACHABLE
    }

    @Override
    public String toString() {
        return kind.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-') + ": " + path + ": " + reason;
    }
}
