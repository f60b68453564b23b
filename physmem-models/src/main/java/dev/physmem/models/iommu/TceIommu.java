package dev.physmem.models.iommu;

import dev.physmem.MemorySystem;
import dev.physmem.attr.IommuAccessFlags;
import dev.physmem.iommu.IommuMemoryRegion;
import dev.physmem.iommu.IommuNotifier;
import dev.physmem.iommu.IommuNotifierFlag;
import dev.physmem.iommu.IommuOps;
import dev.physmem.iommu.IommuTlbEntry;
import dev.physmem.iommu.IommuTlbEvent;
import dev.physmem.region.Owner;
import dev.physmem.space.AddressSpace;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A TCE table: the sPAPR IOMMU a guest programs with {@code H_PUT_TCE}, one entry per page of a
 * DMA window. QEMU counterpart: {@code SpaprTceTable} ({@code hw/ppc/spapr_iommu.c}).
 *
 * <h2>The table</h2>
 * The window is {@code nbTable} pages of 2<sup>{@code pageShift}</sup> bytes; it sits at
 * {@code busOffset} on the bus (the caller maps {@link #region()} there). Entry {@code i} is a
 * TCE: the real (target) page address in the high bits, {@link #TCE_PCI_READ} and
 * {@link #TCE_PCI_WRITE} in bits 0 and 1. Page {@code i} of the window, region offsets
 * {@code [i << pageShift, (i + 1) << pageShift)}, translates to that real page with those
 * permissions; a TCE with neither bit maps nothing.
 *
 * <h2>Notifications</h2>
 * {@link #putTce} updates the entry, then tells the region's notifiers (index 0) through
 * {@link IommuMemoryRegion#notifyChange}: nothing if the mapping (address and permissions) is
 * unchanged; otherwise UNMAP of the old mapping if it was valid, then MAP of the new one if it is
 * valid. (QEMU's {@code put_tce_emu} sends a single MAP or
 * UNMAP; physmem's rule that an in-place change is UNMAP then MAP lets a shadowing consumer never
 * see a MAP over a live mapping.)
 *
 * <h2>Thread safety</h2>
 * Updates are serialised (this object's monitor) so that notifications come in table order;
 * translations read the table without locks, as DMA does.
 */
public final class TceIommu implements IommuOps {
    /** TCE bit: the device may read the page. QEMU: {@code TCE_PCI_READ}. */
    public static final long TCE_PCI_READ = 1;
    /** TCE bit: the device may write the page. QEMU: {@code TCE_PCI_WRITE}. */
    public static final long TCE_PCI_WRITE = 2;
    private static final long PERM_BITS = TCE_PCI_READ | TCE_PCI_WRITE;

    private final long busOffset;
    private final int pageShift;
    private final long pageMask;
    private final AtomicLongArray table;
    private final AddressSpace target;
    private final IommuMemoryRegion region;
    private volatile boolean needVfio;

    /**
     * A table of {@code nbTable} zero (unmapped) entries and its region
     * {@code tce-iommu-<liobn in hex>}, translating into {@code target}. QEMU:
     * {@code spapr_tce_new_table} and {@code spapr_tce_table_enable}.
     *
     * @throws IllegalArgumentException if {@code pageShift} is not 12..40, {@code nbTable} is not
     *     positive, or {@code busOffset} is not page aligned
     */
    @SuppressWarnings("this-escape") // the region only keeps the reference until an access
    public TceIommu(MemorySystem system, Owner owner, int liobn, long busOffset, int pageShift, int nbTable,
            AddressSpace target) {
        if (pageShift < 12 || pageShift > 40) {
            throw new IllegalArgumentException("pageShift must be 12..40: pageShift=" + pageShift);
        }
        if (nbTable <= 0) {
            throw new IllegalArgumentException("nbTable must be positive: nbTable=" + nbTable);
        }
        this.pageShift = pageShift;
        this.pageMask = (1L << pageShift) - 1;
        if ((busOffset & pageMask) != 0) {
            throw new IllegalArgumentException("busOffset must be page aligned: busOffset=0x"
                    + Long.toHexString(busOffset) + " pageShift=" + pageShift);
        }
        this.busOffset = busOffset;
        this.table = new AtomicLongArray(nbTable);
        this.target = Objects.requireNonNull(target, "target");
        this.region = system.initIommu(owner, this, "tce-iommu-" + Integer.toHexString(liobn),
                (long) nbTable << pageShift);
    }

    /** The IOMMU region of the window; map it at {@link #busOffset()} in the bus's root. */
    public IommuMemoryRegion region() {
        return region;
    }

    /** The bus address of the window's first page. */
    public long busOffset() {
        return busOffset;
    }

    /** Page size in bytes. */
    public long pageSize() {
        return pageMask + 1;
    }

    /** Whether some notifier is registered (QEMU switches such a table to {@code need_vfio}). */
    public boolean needVfio() {
        return needVfio;
    }

    // ---------------------------------------------------------------- guest interface

    /**
     * Sets the TCE for bus address {@code ioba} (the low bits inside the page are ignored) and
     * notifies. QEMU: {@code h_put_tce} / {@code put_tce_emu}.
     *
     * @throws IllegalArgumentException if {@code ioba} is outside the window (QEMU: H_PARAMETER)
     */
    public synchronized void putTce(long ioba, long tce) {
        int index = index(ioba);
        long old = table.getAndSet(index, tce);
        region.notifyChange(0, entry(index, old), entry(index, tce));
    }

    /**
     * Maps the page at bus address {@code ioba} to real address {@code realAddr} with
     * {@code perm}; {@link IommuAccessFlags#NONE} unmaps it.
     *
     * @throws IllegalArgumentException if {@code realAddr} is not page aligned or {@code ioba} is
     *     outside the window
     */
    public void map(long ioba, long realAddr, IommuAccessFlags perm) {
        if ((realAddr & pageMask) != 0) {
            throw new IllegalArgumentException("realAddr must be page aligned: realAddr=0x" + Long.toHexString(realAddr)
                    + " pageSize=0x" + Long.toHexString(pageSize()));
        }
        putTce(ioba, realAddr | perm.bits());
    }

    /** Unmaps the page at bus address {@code ioba}. */
    public void unmap(long ioba) {
        putTce(ioba, 0);
    }

    /**
     * The TCE for bus address {@code ioba}. QEMU: {@code h_get_tce}.
     *
     * @throws IllegalArgumentException if {@code ioba} is outside the window
     */
    public long getTce(long ioba) {
        return table.get(index(ioba));
    }

    private int index(long ioba) {
        long offset = ioba - busOffset;
        if (Long.compareUnsigned(offset >>> pageShift, table.length()) >= 0) {
            throw new IllegalArgumentException("ioba outside the DMA window: ioba=0x" + Long.toHexString(ioba)
                    + " busOffset=0x" + Long.toHexString(busOffset) + " windowSize=0x" + Long.toHexString(region.size()));
        }
        return (int) (offset >>> pageShift);
    }

    private IommuTlbEntry entry(long index, long tce) {
        return new IommuTlbEntry(target, index << pageShift, tce & ~pageMask, pageMask,
                IommuAccessFlags.ofBits((int) (tce & PERM_BITS)));
    }

    // ---------------------------------------------------------------- IommuOps

    /**
     * The entry of the page holding window offset {@code addr}. Past the window (which a region
     * of the window's size never asks for) it answers QEMU's "nothing, anywhere" entry: the whole
     * space, NONE. QEMU: {@code spapr_tce_translate_iommu}.
     */
    @Override
    public IommuTlbEntry translate(long addr, IommuAccessFlags flag, int iommuIdx) {
        long index = addr >>> pageShift;
        if (index >= table.length()) {
            return IommuTlbEntry.unmapped(target, 0, -1L);
        }
        return entry(index, table.get((int) index));
    }

    @Override
    public long minPageSize() {
        return pageSize();
    }

    /** Notes whether anyone listens. QEMU: {@code spapr_tce_notify_flag_changed}. */
    @Override
    public void notifyFlagChanged(Set<IommuNotifierFlag> oldFlags, Set<IommuNotifierFlag> newFlags) {
        needVfio = !newFlags.isEmpty();
    }

    /**
     * Replays from the table: a MAP for each valid entry whose page meets the notifier's range, in
     * window order, one table read per page instead of a translation.
     */
    @Override
    public void replay(IommuMemoryRegion iommu, IommuNotifier notifier) {
        if (!notifier.flags().contains(IommuNotifierFlag.MAP)
                || Long.compareUnsigned(notifier.start(), iommu.lastOffset()) > 0) {
            return;
        }
        long last = Long.compareUnsigned(notifier.end(), iommu.lastOffset()) < 0 ? notifier.end() : iommu.lastOffset();
        long lastIndex = Math.min(last >>> pageShift, table.length() - 1L);
        for (long i = notifier.start() >>> pageShift; i <= lastIndex; i++) {
            long tce = table.get((int) i);
            if ((tce & PERM_BITS) != 0) {
                iommu.notifyOne(notifier, new IommuTlbEvent(IommuNotifierFlag.MAP, entry(i, tce)));
            }
        }
    }
}
