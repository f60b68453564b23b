package dev.physmem.dispatch;

import dev.physmem.dirty.DirtyClient;
import dev.physmem.flat.FlatRange;
import dev.physmem.region.MemoryRegion;
import dev.physmem.region.RomDeviceRegion;
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
 * <p>{@code romd} is the romd mode of a ROM device at the time the section was made (QEMU keeps it
 * in the {@code FlatRange}, as {@code romd_mode}); it is false for every other kind of region. A
 * listener told of a section therefore knows whether reads of it went to memory when it was added,
 * even after the device has switched.
 *
 * @param region the terminal region shown
 * @param offsetWithinRegion offset within {@code region} of the section's first byte
 * @param offsetWithinAddressSpace absolute address of the section's first byte
 * @param size bytes, unsigned; 0 means 2<sup>64</sup>
 * @param readonly whether writes are dropped
 * @param nonvolatile whether the memory is non-volatile
 * @param romd whether {@code region} is a ROM device in romd mode (reads come from its memory)
 * @param dirtyLog the clients logging writes to the section; an unmodifiable set
 */
public record MemoryRegionSection(MemoryRegion region, long offsetWithinRegion, long offsetWithinAddressSpace,
        long size, boolean readonly, boolean nonvolatile, boolean romd, Set<DirtyClient> dirtyLog) {

    public MemoryRegionSection {
        Objects.requireNonNull(region, "region");
        dirtyLog = DirtyClient.setOf(DirtyClient.maskOf(Objects.requireNonNull(dirtyLog, "dirtyLog")));
        if (romd && !(region instanceof RomDeviceRegion)) {
            throw new IllegalArgumentException("only a ROM device has a romd mode: region=" + region.name()
                    + " type=" + region.typeName());
        }
    }

    /** A section whose {@code romd} is the region's romd mode now (false unless it is a ROM device). */
    public MemoryRegionSection(MemoryRegion region, long offsetWithinRegion, long offsetWithinAddressSpace,
            long size, boolean readonly, boolean nonvolatile, Set<DirtyClient> dirtyLog) {
        this(region, offsetWithinRegion, offsetWithinAddressSpace, size, readonly, nonvolatile, romdNow(region),
                dirtyLog);
    }

    /**
     * The section of flat range {@code range}, logged by the clients in {@code dirtyLogMask}, with
     * the romd mode its region has now (call it when the view is delivered, under the topology lock).
     */
    public static MemoryRegionSection of(FlatRange range, int dirtyLogMask) {
        return new MemoryRegionSection(range.region(), range.offsetInRegion(), range.start(), range.size(),
                range.readonly(), range.nonvolatile(), romdNow(range.region()), DirtyClient.setOf(dirtyLogMask));
    }

    private static boolean romdNow(MemoryRegion region) {
        return Objects.requireNonNull(region, "region") instanceof RomDeviceRegion rom && rom.isRomd();
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
     * ({@code flatrange_equal}, which compares {@code romd_mode} too: a ROM device switching
     * into or out of romd mode is a removal and an addition).
     */
    public boolean sameMapping(MemoryRegionSection other) {
        return region == other.region
                && offsetWithinRegion == other.offsetWithinRegion
                && offsetWithinAddressSpace == other.offsetWithinAddressSpace
                && size == other.size
                && readonly == other.readonly
                && nonvolatile == other.nonvolatile
                && romd == other.romd;
    }

    @Override
    public String toString() {
        return "MemoryRegionSection[" + region.name() + " @0x" + Long.toHexString(offsetWithinAddressSpace)
                + " size=0x" + Long.toHexString(size) + " offset=0x" + Long.toHexString(offsetWithinRegion)
                + (readonly ? " ro" : "") + (nonvolatile ? " nv" : "") + (romd ? " romd" : "") + (dirtyLog.isEmpty() ? "" : " log=" + dirtyLog)
                + "]";
    }
}
