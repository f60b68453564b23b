package dev.physmem.models.iommu;

import dev.physmem.attr.MemTxAttrs;
import dev.physmem.dispatch.MemoryRegionSection;
import dev.physmem.flat.FlatRange;
import dev.physmem.iommu.IommuMemoryRegion;
import dev.physmem.iommu.IommuNotifier;
import dev.physmem.iommu.IommuNotifierFlag;
import dev.physmem.iommu.IommuTlbEntry;
import dev.physmem.iommu.IommuTlbEvent;
import dev.physmem.listener.MemoryListener;
import dev.physmem.region.RamRegion;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * A VFIO-like consumer of a device's DMA address space: it shadows every IOMMU mapping the
 * device can reach as a DMA mapping onto host memory, the way QEMU's VFIO container programs the
 * host IOMMU. QEMU counterpart: {@code VFIOContainer}'s memory listener
 * ({@code vfio_listener_region_add/del}) and {@code vfio_iommu_map_notify}
 * ({@code hw/vfio/common.c}), with the kernel's {@code VFIO_IOMMU_MAP_DMA}/{@code UNMAP_DMA}
 * replaced by {@link #mappings()}.
 *
 * <h2>What it does</h2>
 * <ul>
 *   <li>{@code regionAdd} of a section showing an {@link IommuMemoryRegion}: registers a MAP|UNMAP
 *       notifier over the section's offsets of the region (index from unspecified attributes),
 *       then replays it. Other sections are ignored (VFIO would map RAM sections 1:1; this model
 *       shadows IOMMU mappings only).</li>
 *   <li>MAP: the page's target must be RAM, the whole page inside one range; it becomes a mapping
 *       at bus address {@code iova + (section address - section offset)} onto that RAM, read-only
 *       if the page is not writable or the RAM range is read-only. A MAP onto anything else, or
 *       over an existing mapping ({@code EEXIST} in the kernel), is recorded in {@link #errors()}
 *       and ignored.</li>
 *   <li>UNMAP: removes the mappings inside the page; one that sticks out of it cannot be split (the
 *       kernel's {@code EINVAL}) and is recorded as an error.</li>
 *   <li>{@code regionDel}: unregisters the section's notifier and removes every mapping in the
 *       section's addresses (QEMU's "one big unmap").</li>
 * </ul>
 *
 * <h2>Threads</h2>
 * Not thread-safe: listener callbacks and notifications must come from one thread at a time (in
 * QEMU, under the BQL).
 */
public final class VfioContainer implements MemoryListener {

    /**
     * One DMA mapping: bus addresses {@code [iova, iova + size)} onto {@code ram} from
     * {@code ramOffset}.
     *
     * @param iova bus address (in the address space the listener is registered on)
     * @param size bytes, positive
     * @param ram the RAM region behind it
     * @param ramOffset offset within {@code ram} of the first byte
     * @param readonly whether the device may only read
     */
    public record DmaMapping(long iova, long size, RamRegion ram, long ramOffset, boolean readonly) {

        /** The last bus address, inclusive. */
        public long lastIova() {
            return iova + size - 1;
        }
    }

    /** A registered notifier. QEMU: {@code VFIOGuestIOMMU}. */
    private record GuestIommu(IommuMemoryRegion region, IommuNotifier notifier) {
    }

    private final List<GuestIommu> guestIommus = new ArrayList<>();
    private final NavigableMap<Long, DmaMapping> mappings = new TreeMap<>(Long::compareUnsigned);
    private final List<String> errors = new ArrayList<>();

    /** The DMA mappings, by bus address (unsigned order); a live, unmodifiable view. */
    public Map<Long, DmaMapping> mappings() {
        return Collections.unmodifiableMap(mappings);
    }

    /** What went wrong, oldest first: each a short message with {@code key=value} details. */
    public List<String> errors() {
        return Collections.unmodifiableList(errors);
    }

    /** How many IOMMU sections it has a notifier on. */
    public int notifierCount() {
        return guestIommus.size();
    }

    // ---------------------------------------------------------------- listener

    @Override
    public void regionAdd(MemoryRegionSection section) {
        if (!(section.region() instanceof IommuMemoryRegion iommu)) {
            return;
        }
        long first = section.offsetWithinRegion();
        long iommuOffset = section.offsetWithinAddressSpace() - first;
        IommuNotifier notifier = new IommuNotifier(event -> mapNotify(iommuOffset, event),
                EnumSet.of(IommuNotifierFlag.MAP, IommuNotifierFlag.UNMAP), first, first + section.size() - 1,
                iommu.attrsToIndex(MemTxAttrs.UNSPECIFIED));
        iommu.registerNotifier(notifier);
        guestIommus.add(new GuestIommu(iommu, notifier));
        iommu.replay(notifier);
    }

    @Override
    public void regionDel(MemoryRegionSection section) {
        if (!(section.region() instanceof IommuMemoryRegion iommu)) {
            return;
        }
        for (Iterator<GuestIommu> it = guestIommus.iterator(); it.hasNext(); ) {
            GuestIommu g = it.next();
            if (g.region == iommu && g.notifier.start() == section.offsetWithinRegion()) {
                iommu.unregisterNotifier(g.notifier);
                it.remove();
                break;
            }
        }
        unmap(section.offsetWithinAddressSpace(), section.lastAddress(), false);
    }

    // ---------------------------------------------------------------- notifications

    /**
     * An event of a notifier whose section starts {@code iommuOffset} bytes after its region's
     * offset 0 (bus address = iova + iommuOffset). QEMU: {@code vfio_iommu_map_notify}.
     */
    private void mapNotify(long iommuOffset, IommuTlbEvent event) {
        IommuTlbEntry entry = event.entry();
        long iova = entry.iova() + iommuOffset;
        if (event.type() == IommuNotifierFlag.MAP) {
            map(iova, entry);
        } else {
            unmap(iova, iova + entry.addrMask(), true);
        }
    }

    private void map(long iova, IommuTlbEntry entry) {
        long size = entry.addrMask() + 1;
        FlatRange range = entry.targetAs().view().lookup(entry.translatedAddr());
        if (range == null || !(range.region() instanceof RamRegion ram)
                || Long.compareUnsigned(range.last() - entry.translatedAddr(), entry.addrMask()) < 0) {
            errors.add("iommu map to non memory area: iova=0x" + Long.toHexString(iova) + " translated=0x"
                    + Long.toHexString(entry.translatedAddr()) + " size=0x" + Long.toHexString(size));
            return;
        }
        long last = iova + entry.addrMask();
        Map.Entry<Long, DmaMapping> before = mappings.floorEntry(last);
        if (before != null && Long.compareUnsigned(before.getValue().lastIova(), iova) >= 0) {
            errors.add("mapping exists: iova=0x" + Long.toHexString(iova) + " existing=0x"
                    + Long.toHexString(before.getKey()));
            return;
        }
        boolean readonly = !entry.perm().allowsWrite() || range.readonly();
        mappings.put(iova, new DmaMapping(iova, size, ram, range.offsetOf(entry.translatedAddr()), readonly));
    }

    /**
     * Removes the mappings inside {@code [first, last]}; with {@code strict}, one that sticks out
     * is an error and stays, else it goes too.
     */
    private void unmap(long first, long last, boolean strict) {
        Map.Entry<Long, DmaMapping> e = mappings.floorEntry(first);
        if (e == null || Long.compareUnsigned(e.getValue().lastIova(), first) < 0) {
            e = mappings.higherEntry(first);
        }
        while (e != null && Long.compareUnsigned(e.getKey(), last) <= 0) {
            DmaMapping m = e.getValue();
            boolean inside = Long.compareUnsigned(m.iova(), first) >= 0 && Long.compareUnsigned(m.lastIova(), last) <= 0;
            if (inside || !strict) {
                mappings.remove(e.getKey());
            } else {
                errors.add("unmap would split a mapping: first=0x" + Long.toHexString(first) + " last=0x"
                        + Long.toHexString(last) + " mapping=0x" + Long.toHexString(m.iova()));
            }
            e = mappings.higherEntry(e.getKey());
        }
    }
}
