package dev.physmem.inspect;

import dev.physmem.region.MemoryRegion;
import java.util.List;

/**
 * Why an address of an address space lands where it does: every region whose range contains the
 * address, from the root down, with the verdict on each, and the region and offset that answer.
 *
 * @param address the absolute address asked about
 * @param steps the candidate regions in the order the renderer considers them
 * @param answer the terminal region that answers, or null when the address is unassigned
 * @param offset the offset within {@code answer}; meaningless when it is null
 * @param readonly whether writes there are dropped (a read-only region on the path)
 */
public record Explanation(long address, List<Step> steps, MemoryRegion answer, long offset, boolean readonly) {

    public Explanation {
        steps = List.copyOf(steps);
    }

    /** True when no region answers the address. */
    public boolean unassigned() {
        return answer == null;
    }

    /** The verdict on one candidate region. */
    public enum Verdict {
        /** The path continues through this region (a container or an alias). */
        ENTERED,
        /** This terminal region answers the address. */
        ANSWERS,
        /** The region is disabled; it and its subtree are invisible. */
        DISABLED,
        /** A sibling earlier in render order (higher priority, or added later) answers first. */
        SHADOWED,
        /** A pure container with nothing at this address: lower siblings show through. */
        TRANSPARENT,
        /** An alias whose window reaches past its target: nothing is there. */
        PAST_TARGET
    }

    /**
     * One region met on the way.
     *
     * @param depth nesting level below the address space's root (alias targets count one deeper)
     * @param region the region
     * @param start absolute address of the region's first byte along this path
     * @param offset the address's offset within the region
     * @param verdict what the region did with the address
     * @param shadowedBy for {@link Verdict#SHADOWED}, the sibling that wins; else null
     */
    public record Step(int depth, MemoryRegion region, long start, long offset, Verdict verdict, MemoryRegion shadowedBy) {
    }
}
