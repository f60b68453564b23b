package dev.physmem.flat;

import dev.physmem.region.MemoryRegion;
import java.util.Objects;

/**
 * One piece of a {@link FlatView}: the absolute addresses {@code [start, last]} of an address
 * space show the terminal region {@code region} from {@code offsetInRegion} on. QEMU counterpart:
 * {@code FlatRange}.
 *
 * <p>{@code last} is inclusive so that a range may end at 2<sup>64</sup>−1. Addresses compare
 * unsigned. {@code readonly} and {@code nonvolatile} are the flags accumulated along the render
 * path (the terminal's own, and those of every alias and container above it).
 *
 * @param start first absolute address in the address space
 * @param last last absolute address, inclusive, unsigned {@code >= start}
 * @param region the terminal region that answers these addresses
 * @param offsetInRegion offset within {@code region} of {@code start}
 * @param readonly whether writes are dropped
 * @param nonvolatile whether the range is non-volatile memory
 */
public record FlatRange(
        long start, long last, MemoryRegion region, long offsetInRegion, boolean readonly, boolean nonvolatile) {

    public FlatRange {
        Objects.requireNonNull(region, "region");
        if (Long.compareUnsigned(start, last) > 0) {
            throw new IllegalArgumentException("range ends before it starts: start=0x" + Long.toHexString(start)
                    + " last=0x" + Long.toHexString(last));
        }
        if (!region.isTerminal()) {
            throw new IllegalArgumentException("flat ranges show terminal regions only: region=" + region.name());
        }
    }

    /** Size in bytes; 0 stands for 2<sup>64</sup> (a range covering the whole space). */
    public long size() {
        return last - start + 1;
    }

    /** True when {@code addr} (absolute, unsigned) is inside the range. */
    public boolean contains(long addr) {
        // One unsigned comparison: addr - start wraps to a huge value when addr < start.
        return Long.compareUnsigned(addr - start, last - start) <= 0;
    }

    /** The region offset that answers absolute address {@code addr}. */
    public long offsetOf(long addr) {
        return addr - start + offsetInRegion;
    }

    /**
     * True when {@code next} directly follows this range and continues it: same region, contiguous
     * offsets, same flags. Such neighbours are merged into one range. Offsets continue only below
     * 2<sup>64</sup>: a range that ends at the last byte of a 2<sup>64</sup>-byte region is not
     * continued by that region's offset 0.
     */
    public boolean canMergeWith(FlatRange next) {
        long offsetEnd = offsetInRegion + size();
        return last + 1 == next.start
                && last != -1L
                && region == next.region
                && Long.compareUnsigned(offsetEnd, offsetInRegion) > 0
                && offsetEnd == next.offsetInRegion
                && readonly == next.readonly
                && nonvolatile == next.nonvolatile;
    }

    /** This range extended to the end of {@code next} (which it {@link #canMergeWith}). */
    public FlatRange mergedWith(FlatRange next) {
        return new FlatRange(start, next.last, region, offsetInRegion, readonly, nonvolatile);
    }

    /**
     * The type {@code info mtree -f} prints for the range: {@code nv-} when non-volatile, then
     * {@code rom} when read-only, else the terminal region's own type.
     */
    public String typeName() {
        String base = readonly ? "rom" : region.typeName();
        return nonvolatile ? "nv-" + base : base;
    }

    /** The part of this range within {@code [from, to]}, both absolute and inside the range. */
    public FlatRange slice(long from, long to) {
        return new FlatRange(from, to, region, offsetOf(from), readonly, nonvolatile);
    }
}
