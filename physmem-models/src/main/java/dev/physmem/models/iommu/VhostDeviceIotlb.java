package dev.physmem.models.iommu;

import dev.physmem.attr.MemTxAttrs;
import dev.physmem.attr.MemTxResult;
import dev.physmem.dispatch.MemoryRegionSection;
import dev.physmem.iommu.IommuMemoryRegion;
import dev.physmem.iommu.IommuNotifier;
import dev.physmem.iommu.IommuNotifierFlag;
import dev.physmem.iommu.IommuTlbEntry;
import dev.physmem.iommu.IommuTlbEvent;
import dev.physmem.listener.MemoryListener;
import dev.physmem.space.AddressSpace;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * A vhost-like backend's view of a device's DMA: it accesses guest memory by IOVA through a
 * device IOTLB of its own, filled on a miss by asking the address space for the page's
 * translation and emptied only when the IOMMU says so. QEMU counterpart: {@code vhost_dev}'s
 * {@code iommu_listener} ({@code vhost_iommu_region_add}/{@code _del}),
 * {@code vhost_iommu_unmap_notify} and {@code vhost_device_iotlb_miss} (hw/virtio/vhost.c),
 * with the kernel's vhost IOTLB (its interval tree of IOVA ranges) as {@link #entries()}.
 *
 * <h2>What it does</h2>
 * <ul>
 *   <li>{@link #read}/{@link #write} by IOVA (an absolute address of the device's DMA space): each
 *       page comes from the cache; on a miss, {@link AddressSpace#getIotlbEntry} translates the
 *       page (QEMU's {@code address_space_get_iotlb_entry}) and the entry is cached; the bytes are
 *       then read or written at the translated address in the entry's target space. A fault is
 *       not cached and gives DECODE_ERROR (vhost's {@code -EFAULT}). So a cached entry is used
 *       as long as it stays: an IOMMU change nobody invalidates stays invisible, as with real
 *       vhost.</li>
 *   <li>{@code regionAdd} of a section showing an {@link IommuMemoryRegion}: registers a notifier
 *       over the section's offsets of the region for DEVIOTLB_UNMAP when the device has a device
 *       IOTLB (ATS; QEMU 8.1+: {@code device_iotlb_enabled}), else for UNMAP. If the IOMMU
 *       refuses DEVIOTLB_UNMAP it falls back to UNMAP, as QEMU 7.2 does ("Some vIOMMUs do not
 *       support dev-iotlb yet"). No replay: the cache fills on misses.</li>
 *   <li>A notification: the entries meeting the page, in IOVA terms (the section's address
 *       minus its offset added), leave the cache (QEMU: {@code vhost_backend_invalidate_device_iotlb}).</li>
 *   <li>{@code regionDel}: unregisters the section's notifier. And, for any section added or
 *       deleted, the cached entries meeting its addresses leave the cache: the space's layout
 *       changed there (QEMU leaves that to the next invalidation; a guest that switches
 *       translation off and on without one would otherwise keep stale entries).</li>
 * </ul>
 *
 * <h2>Use</h2>
 * {@snippet :
 * VhostDeviceIotlb vhost = new VhostDeviceIotlb(virtioNet.dma(), true);  // ats=on
 * virtioNet.dma().registerListener(vhost);
 * vhost.read(ringIova, buf, 0, 16);   // misses, translates, caches
 * }
 *
 * <h2>Thread safety</h2>
 * The cache is guarded by the instance, so accesses may come from a backend thread while
 * notifications come from the thread that writes the IOMMU's registers. Listener callbacks come
 * from the memory system's writer thread, one at a time.
 */
public final class VhostDeviceIotlb implements MemoryListener {

    /** A registered notifier. QEMU: {@code struct vhost_iommu}. */
    private record GuestIommu(IommuMemoryRegion region, IommuNotifier notifier) {
    }

    private final AddressSpace dma;
    private final boolean deviceIotlb;
    private final List<GuestIommu> iommus = new ArrayList<>();
    /** Cached translations by first IOVA (unsigned order); iova is an address of {@link #dma}. */
    private final NavigableMap<Long, IommuTlbEntry> cache = new TreeMap<>(Long::compareUnsigned);
    private long misses;
    private long invalidations;
    /** Counts every drop, so that a translation made across one is not cached. */
    private long generation;

    /**
     * A backend for the device whose DMA space is {@code dma}; register it as a listener on that
     * space to receive invalidations.
     *
     * @param deviceIotlb whether the device has a device IOTLB (ATS enabled): then it listens for
     *     DEVIOTLB_UNMAP, else for UNMAP
     */
    public VhostDeviceIotlb(AddressSpace dma, boolean deviceIotlb) {
        this.dma = Objects.requireNonNull(dma, "dma");
        this.deviceIotlb = deviceIotlb;
    }

    // ---------------------------------------------------------------- accesses

    /** Reads {@code len} bytes at {@code iova} into {@code buf[off..]}; unreadable bytes read 0. */
    public MemTxResult read(long iova, byte[] buf, int off, int len) {
        return rw(iova, buf, off, len, false);
    }

    /** Writes {@code len} bytes of {@code buf[off..]} at {@code iova}; untranslatable bytes are dropped. */
    public MemTxResult write(long iova, byte[] buf, int off, int len) {
        return rw(iova, buf, off, len, true);
    }

    private MemTxResult rw(long iova, byte[] buf, int off, int len, boolean isWrite) {
        Objects.checkFromIndexSize(off, len, buf.length);
        MemTxResult result = MemTxResult.OK;
        int done = 0;
        while (done < len) {
            long at = iova + done;
            IommuTlbEntry e = lookup(at, isWrite);
            long inPage = e.lastIova() - at + 1; // 0 for a page of all 2^64 bytes
            int piece = inPage == 0 || Long.compareUnsigned(inPage, len - done) >= 0 ? len - done : (int) inPage;
            if (!e.perm().allows(isWrite)) {
                if (!isWrite) {
                    Arrays.fill(buf, off + done, off + done + piece, (byte) 0);
                }
                result = result.or(MemTxResult.DECODE_ERROR);
            } else {
                long target = e.translate(at);
                result = result.or(isWrite ? e.targetAs().write(target, MemTxAttrs.UNSPECIFIED, buf, off + done, piece)
                        : e.targetAs().read(target, MemTxAttrs.UNSPECIFIED, buf, off + done, piece));
            }
            done += piece;
        }
        return result;
    }

    /** The cached entry holding {@code iova}, else a fresh translation (cached when valid). QEMU: {@code vhost_device_iotlb_miss}. */
    private IommuTlbEntry lookup(long iova, boolean isWrite) {
        long before;
        synchronized (this) {
            Map.Entry<Long, IommuTlbEntry> e = cache.floorEntry(iova);
            if (e != null && e.getValue().covers(iova)) {
                return e.getValue();
            }
            misses++;
            before = generation;
        }
        IommuTlbEntry fresh = dma.getIotlbEntry(iova, isWrite, MemTxAttrs.UNSPECIFIED);
        synchronized (this) {
            if (fresh.isValid() && generation == before) {
                drop(fresh.iova(), fresh.lastIova());
                cache.put(fresh.iova(), fresh);
            }
        }
        return fresh;
    }

    // ---------------------------------------------------------------- the cache

    /** The cached translations by IOVA; a copy. */
    public synchronized Map<Long, IommuTlbEntry> entries() {
        return new TreeMap<>(cache);
    }

    /** How many accesses found no cached page. */
    public synchronized long misses() {
        return misses;
    }

    /** How many invalidations the IOMMU sent. */
    public synchronized long invalidations() {
        return invalidations;
    }

    /** The kind of event this backend's notifiers ask for on {@code region}, if it has one there. */
    public synchronized Set<IommuNotifierFlag> notifierFlags(IommuMemoryRegion region) {
        for (GuestIommu g : iommus) {
            if (g.region == region) {
                return g.notifier.flags();
            }
        }
        return Set.of();
    }

    /** Removes the entries meeting {@code [first, last]} (unsigned, inclusive). */
    private void drop(long first, long last) {
        generation++;
        Map.Entry<Long, IommuTlbEntry> start = cache.floorEntry(first);
        Long from = start != null && Long.compareUnsigned(start.getValue().lastIova(), first) >= 0 ? start.getKey() : first;
        Iterator<IommuTlbEntry> it = cache.tailMap(from, true).values().iterator();
        while (it.hasNext() && Long.compareUnsigned(it.next().iova(), last) <= 0) {
            it.remove();
        }
    }

    // ---------------------------------------------------------------- listener

    @Override
    public void regionAdd(MemoryRegionSection section) {
        dropSection(section);
        if (!(section.region() instanceof IommuMemoryRegion iommu)) {
            return;
        }
        long first = section.offsetWithinRegion();
        long iommuOffset = section.offsetWithinAddressSpace() - first;
        long last = first + section.size() - 1;
        int idx = iommu.attrsToIndex(MemTxAttrs.UNSPECIFIED);
        IommuNotifier notifier = new IommuNotifier(event -> unmapNotify(iommuOffset, event),
                Set.of(deviceIotlb ? IommuNotifierFlag.DEVIOTLB_UNMAP : IommuNotifierFlag.UNMAP), first, last, idx);
        try {
            iommu.registerNotifier(notifier);
        } catch (IllegalStateException refused) {
            if (!deviceIotlb) {
                throw refused;
            }
            notifier = new IommuNotifier(event -> unmapNotify(iommuOffset, event), Set.of(IommuNotifierFlag.UNMAP),
                    first, last, idx);
            iommu.registerNotifier(notifier);
        }
        synchronized (this) {
            iommus.add(new GuestIommu(iommu, notifier));
        }
    }

    @Override
    public void regionDel(MemoryRegionSection section) {
        if (section.region() instanceof IommuMemoryRegion iommu) {
            GuestIommu gone = null;
            synchronized (this) {
                for (Iterator<GuestIommu> it = iommus.iterator(); it.hasNext() && gone == null; ) {
                    GuestIommu g = it.next();
                    if (g.region == iommu && g.notifier.start() == section.offsetWithinRegion()) {
                        it.remove();
                        gone = g;
                    }
                }
            }
            if (gone != null) {
                iommu.unregisterNotifier(gone.notifier);
            }
        }
        dropSection(section);
    }

    private synchronized void dropSection(MemoryRegionSection section) {
        drop(section.offsetWithinAddressSpace(), section.lastAddress());
    }

    /**
     * An invalidation from a notifier whose section starts {@code iommuOffset} bytes after its
     * region's offset 0. QEMU: {@code vhost_iommu_unmap_notify}.
     */
    private synchronized void unmapNotify(long iommuOffset, IommuTlbEvent event) {
        long first = event.entry().iova() + iommuOffset;
        invalidations++;
        drop(first, first + event.entry().addrMask());
    }

    @Override
    public String toString() {
        return "VhostDeviceIotlb[" + dma.name() + (deviceIotlb ? " ats" : "") + "]";
    }
}
