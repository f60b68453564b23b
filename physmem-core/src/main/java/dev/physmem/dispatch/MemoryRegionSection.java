package dev.physmem.dispatch;

import dev.physmem.dirty.DirtyClient;
import dev.physmem.flat.FlatRange;
import dev.physmem.region.MemoryRegion;
import java.util.Objects;
import java.util.Set;

/**
 * A piece of an address space's flat view as a listener sees it: which terminal region shows
 * there, from which offset, with which flags. QEMU counterpart: {@code MemoryRegionSection}
 * (as built by {@code section_from_flat_range}).
 *
 * <p>{@code size} is an unsigned byte count; 0 stands for 2<sup>64</sup> (a section covering the
 * whole space), as {@link FlatRange#size()} does. Two sections are equal when every component is.
 *
 * @param region the terminal region shown
 * @param offsetWithinRegion offset within {@code region} of the section's first byte
 * @param offsetWithinAddressSpace absolute address of the section's first byte
 * @param size bytes, unsigned; 0 means 2<sup>64</sup>
 * @param readonly whether writes are dropped
 * @param nonvolatile whether the memory is non-volatile
 * @param dirtyLog the clients logging writes to the section; an unmodifiable set
 */
public record MemoryRegionSection(MemoryRegion region, long offsetWithinRegion, long offsetWithinAddressSpace,
        long size, boolean readonly, boolean nonvolatile, Set<DirtyClient> dirtyLog) {

    public MemoryRegionSection {
        Objects.requireNonNull(region, "region");
        dirtyLog = DirtyClient.setOf(DirtyClient.maskOf(Objects.requireNonNull(dirtyLog, "dirtyLog")));
    }

    /** The section of flat range {@code range}, logged by the clients in {@code dirtyLogMask}. */
    public static MemoryRegionSection of(FlatRange range, int dirtyLogMask) {
        return new MemoryRegionSection(range.region(), range.offsetInRegion(), range.start(), range.size(),
                range.readonly(), range.nonvolatile(), DirtyClient.setOf(dirtyLogMask));
    }

    /** The last absolute address of the section (inclusive). */
    public long lastAddress() {
        return offsetWithinAddressSpace + size - 1;
    }

    /** The clients logging the section, as a mask of {@link DirtyClient#bit()}. */
    public int dirtyLogMask() {
        return DirtyClient.maskOf(dirtyLog);
    }

    /**
     * True when {@code other} shows the same thing at the same place, dirty logging aside: the
     * test QEMU's topology pass uses to tell "unchanged" from "removed and added"
     * ({@code flatrange_equal}).
     */
    public boolean sameMapping(MemoryRegionSection other) {
        return region == other.region
                && offsetWithinRegion == other.offsetWithinRegion
                && offsetWithinAddressSpace == other.offsetWithinAddressSpace
                && size == other.size
                && readonly == other.readonly
                && nonvolatile == other.nonvolatile;
    }

    @Override
    public String toString() {
        return "MemoryRegionSection[" + region.name() + " @0x" + Long.toHexString(offsetWithinAddressSpace)
                + " size=0x" + Long.toHexString(size) + " offset=0x" + Long.toHexString(offsetWithinRegion)
                + (readonly ? " ro" : "") + (nonvolatile ? " nv" : "") + (dirtyLog.isEmpty() ? "" : " log=" + dirtyLog)
                + "]";
    }
}
