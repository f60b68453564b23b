package dev.physmem.inspect;

import dev.physmem.inspect.Explanation.Step;
import dev.physmem.region.AliasRegion;
import dev.physmem.region.MemoryRegion;

/** Prints an {@link Explanation} as indented text, one line per candidate region. */
public final class ExplanationFormatter {
    private ExplanationFormatter() {
    }

    /** The explanation of {@code e} for address space {@code spaceName}, ending with a newline. */
    public static String format(String spaceName, Explanation e) {
        StringBuilder sb = new StringBuilder();
        sb.append("address ").append(hex(e.address())).append(" in address space \"").append(spaceName)
                .append("\":\n");
        for (Step s : e.steps()) {
            sb.append("  ".repeat(s.depth() + 1));
            MemoryRegion r = s.region();
            sb.append(describe(r)).append(" [").append(hex(s.start())).append('-')
                    .append(hex(s.start() + r.lastOffset())).append(", prio ").append(r.priority()).append("]: ")
                    .append(verdict(s)).append('\n');
        }
        if (e.unassigned()) {
            sb.append("=> unassigned: no region answers; accesses get MEMTX_DECODE_ERROR\n");
        } else {
            sb.append("=> ").append(e.answer().name()).append(" @").append(hex(e.offset()))
                    .append(" (").append(e.readonly() ? "rom" : e.answer().typeName()).append(")\n");
        }
        return sb.toString();
    }

    /** What a region is, in {@code info mtree}'s words. */
    static String describe(MemoryRegion r) {
        if (r instanceof AliasRegion a) {
            return "alias " + r.name() + " @" + a.target().name() + " " + hex(a.aliasOffset());
        }
        return r.name() + " (" + (r.isTerminal() ? r.typeName() : "container") + ")";
    }

    private static String verdict(Step s) {
        return switch (s.verdict()) {
            case ENTERED -> s.region() instanceof AliasRegion a
                    ? "entered; maps to " + a.target().name() + " offset " + hex(s.offset() + a.aliasOffset())
                    : "entered at offset " + hex(s.offset());
            case ANSWERS -> "answers at offset " + hex(s.offset());
            case DISABLED -> "disabled: invisible with its subtree";
            case SHADOWED -> "shadowed by " + s.shadowedBy().name() + " (earlier in render order: "
                    + (s.shadowedBy().priority() > s.region().priority() ? "higher priority" : "same priority, added later")
                    + ")";
            case TRANSPARENT -> "container with nothing here: lower siblings show through";
            case PAST_TARGET -> "the window reaches past the end of " + ((AliasRegion) s.region()).target().name();
        };
    }

    private static String hex(long v) {
        return String.format("0x%016x", v);
    }
}
