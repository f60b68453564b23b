package dev.physmem.models.x86;

import dev.physmem.MemorySystem;
import dev.physmem.attr.IommuAccessFlags;
import dev.physmem.iommu.IommuMemoryRegion;
import dev.physmem.iommu.IommuNotifier;
import dev.physmem.iommu.IommuNotifierFlag;
import dev.physmem.iommu.IommuOps;
import dev.physmem.iommu.IommuTlbEntry;
import dev.physmem.iommu.IommuTlbEvent;
import dev.physmem.region.AliasRegion;
import dev.physmem.region.ContainerRegion;
import dev.physmem.region.IoRegion;
import dev.physmem.region.MemoryRegion;
import dev.physmem.region.MemoryRegionOps;
import dev.physmem.space.AddressSpace;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;

/**
 * The DMA address space that {@link IntelIommu} gives one PCI function: QEMU's
 * {@code VTDAddressSpace} as {@code vtd_find_add_as} builds it (hw/i386/intel_iommu.c, 7.2).
 *
 * <h2>Regions</h2>
 * <pre>
 * vtd-SS.F                 container, root of the address space "vtd-root"
 *   vtd-nodmar   (prio 0)  alias of the IOMMU's shared vtd-nodmar (system memory + vtd-ir)
 *   vtd-SS.F-dmar (prio 0) the IOMMU region, translating through the guest's tables
 *     vtd-ir     (prio 1)  alias of the shared interrupt window, at 0xfee00000
 *   vtd-no-ir    (prio 2)  interrupt-range fault catcher, at 0xfee00000, always disabled here
 * </pre>
 * Exactly one of {@code vtd-nodmar} and {@code vtd-SS.F-dmar} is enabled
 * ({@link #switchAddressSpace()}): the IOMMU region while translation is enabled and the
 * function's context entry is not pass-through, the alias otherwise.
 *
 * <h2>Translation</h2>
 * {@link #translate} resolves the function's context entry and walks the second-level tables
 * ({@link VtdTables}) on every call: there is no IOTLB or context cache, so a translation always
 * reflects the tables in guest memory (QEMU's caches can be stale until the guest invalidates).
 * A fault gives an entry with {@link IommuAccessFlags#NONE} (the access path maps it to
 * DECODE_ERROR) and is recorded in the IOMMU's fault registers unless the context entry disables
 * fault processing.
 *
 * <h2>Notifiers</h2>
 * The shadow ({@link #shadow()}) is QEMU's {@code iova_tree}: the leaves last reported as MAP.
 * {@link #sync(long, long)} walks the tables over a range and reports the difference: UNMAP of a
 * shadowed leaf that is gone or changed, MAP of a leaf that is new or changed. A device-IOTLB
 * invalidation reaches DEVIOTLB_UNMAP notifiers (vhost with ATS) as the range the guest named,
 * nothing walked ({@link #unmapRange}).
 *
 * <h2>Thread safety</h2>
 * Translation reads guest memory only and may run on any thread. Register-driven changes
 * (switching, invalidation, notification) run under the IOMMU's lock.
 */
public final class VtdAddressSpace implements IommuOps {
    /** First address of the interrupt window ({@code VTD_INTERRUPT_ADDR_FIRST}). */
    public static final long INTERRUPT_ADDR_FIRST = 0xfee0_0000L;
    /** Size of the interrupt window ({@code VTD_INTERRUPT_ADDR_SIZE}). */
    public static final long INTERRUPT_ADDR_SIZE = 0x10_0000L;
    private static final long PAGE_MASK_4K = 0xfff;

    private final IntelIommu iommu;
    private final int bus;
    private final int devfn;
    private final ContainerRegion root;
    private final IommuMemoryRegion dmar;
    private final AliasRegion nodmar;
    private final AliasRegion ir;
    private final IoRegion noIr;
    private final AddressSpace addressSpace;
    private final NavigableMap<Long, IommuTlbEntry> shadow = new TreeMap<>();

    /** Builds the regions and the address space. QEMU: {@code vtd_find_add_as}. */
    @SuppressWarnings("this-escape") // the IOMMU region keeps the reference until an access
    VtdAddressSpace(IntelIommu iommu, int bus, int devfn) {
        this.iommu = iommu;
        this.bus = bus;
        this.devfn = devfn;
        MemorySystem system = iommu.system();
        String name = String.format("vtd-%02x.%x", devfn >>> 3, devfn & 7);
        try (var _ = system.transaction()) {
            root = system.initContainer(iommu.owner(), name, MemoryRegion.SIZE_2_64);
            addressSpace = system.addressSpace(root, "vtd-root");
            dmar = system.initIommu(iommu.owner(), this, name + "-dmar", MemoryRegion.SIZE_2_64);
            nodmar = system.initAlias(iommu.owner(), "vtd-nodmar", iommu.nodmar(), 0, MemoryRegion.SIZE_2_64);
            ir = system.initAlias(iommu.owner(), "vtd-ir", iommu.interruptWindow(), 0, INTERRUPT_ADDR_SIZE);
            dmar.addSubregionOverlap(INTERRUPT_ADDR_FIRST, ir, 1);
            noIr = system.initIo(iommu.owner(), MemoryRegionOps.of((offset, size) -> 0, (offset, value, size) -> { }),
                    "vtd-no-ir", INTERRUPT_ADDR_SIZE);
            root.addSubregionOverlap(INTERRUPT_ADDR_FIRST, noIr, 2);
            root.addSubregionOverlap(0, dmar, 0);
            root.addSubregionOverlap(0, nodmar, 0);
            switchAddressSpace();
        }
    }

    /** The root container {@code vtd-SS.F}, which the function's bus-master alias targets. */
    public ContainerRegion root() {
        return root;
    }

    /** The IOMMU region {@code vtd-SS.F-dmar}. */
    public IommuMemoryRegion dmar() {
        return dmar;
    }

    /** The address space {@code vtd-root} over {@link #root()}. */
    public AddressSpace addressSpace() {
        return addressSpace;
    }

    /** The function's device/function number. */
    public int devfn() {
        return devfn;
    }

    /** The requester id, {@code bus << 8 | devfn}. */
    public int sourceId() {
        return bus << 8 | devfn;
    }

    /** Whether DMA goes through the IOMMU region now (else through {@code vtd-nodmar}). */
    public boolean isDmarEnabled() {
        return dmar.isEnabled();
    }

    /** The leaves last reported as MAP, by IOVA; a copy. */
    public synchronized Map<Long, IommuTlbEntry> shadow() {
        return new TreeMap<>(shadow);
    }

    /**
     * Enables the IOMMU region or the {@code vtd-nodmar} alias, turning the other off first.
     * QEMU: {@code vtd_switch_address_space}.
     */
    void switchAddressSpace() {
        boolean useIommu = iommu.isTranslationEnabled() && !passThrough();
        try (var _ = iommu.system().transaction()) {
            if (useIommu) {
                nodmar.setEnabled(false);
                dmar.setEnabled(true);
                ir.setEnabled(true);
            } else {
                dmar.setEnabled(false);
                nodmar.setEnabled(true);
            }
            noIr.setEnabled(false);
        }
    }

    /** QEMU: {@code vtd_dev_pt_enabled}. */
    private boolean passThrough() {
        VtdTables.Context ce = iommu.context(bus, devfn);
        return ce.ok() && ce.translationType() == VtdTables.TT_PASS_THROUGH && iommu.passThroughSupported();
    }

    // ---------------------------------------------------------------- IommuOps

    /** QEMU: {@code vtd_iommu_translate}; translation disabled gives the identity in 4 KiB pages. */
    @Override
    public IommuTlbEntry translate(long addr, IommuAccessFlags flag, int iommuIdx) {
        AddressSpace target = iommu.memory();
        long page = addr & ~PAGE_MASK_4K;
        if (!iommu.isTranslationEnabled()) {
            return new IommuTlbEntry(target, page, page, PAGE_MASK_4K, IommuAccessFlags.RW);
        }
        VtdTables.Context ce = iommu.context(bus, devfn);
        if (!ce.ok()) {
            iommu.recordFault(sourceId(), ce.fault(), addr, flag, false);
            return IommuTlbEntry.unmapped(target, page, PAGE_MASK_4K);
        }
        if (ce.translationType() == VtdTables.TT_PASS_THROUGH) {
            return new IommuTlbEntry(target, page, page, PAGE_MASK_4K, IommuAccessFlags.RW);
        }
        VtdTables.Leaf leaf = iommu.tables().translate(ce, addr);
        IommuAccessFlags perm = leaf.fault() == 0 ? IommuAccessFlags.of(leaf.read(), leaf.write()) : IommuAccessFlags.NONE;
        boolean denied = flag == IommuAccessFlags.WO && !perm.allowsWrite() || flag == IommuAccessFlags.RO
                && !perm.allowsRead();
        if (leaf.fault() != 0 || denied) {
            int reason = leaf.fault() == VtdTables.FR_READ || leaf.fault() == 0
                    ? (flag == IommuAccessFlags.WO ? VtdTables.FR_WRITE : VtdTables.FR_READ) : leaf.fault();
            iommu.recordFault(sourceId(), reason, addr, flag, ce.faultsDisabled());
        }
        if (leaf.fault() != 0) {
            return IommuTlbEntry.unmapped(target, leaf.iova(), leaf.mask());
        }
        return new IommuTlbEntry(target, leaf.iova(), leaf.addr(), leaf.mask(), perm);
    }

    /**
     * MAP notifiers need caching mode: without it the guest does not invalidate after creating a
     * mapping, so the model could not report it. QEMU: {@code vtd_iommu_notify_flag_changed}.
     */
    @Override
    public void notifyFlagChanged(Set<IommuNotifierFlag> oldFlags, Set<IommuNotifierFlag> newFlags) {
        if (newFlags.contains(IommuNotifierFlag.MAP) && !iommu.cachingMode()) {
            throw new IllegalStateException("MAP notifiers need caching-mode=on for intel-iommu: region=" + dmar.name());
        }
        if (newFlags.isEmpty()) {
            synchronized (this) {
                shadow.clear();
            }
        }
    }

    /**
     * MAP for each present leaf of the tables in the notifier's range (nothing while translation
     * is off or the context entry is unusable); the leaves join the shadow. QEMU:
     * {@code vtd_iommu_replay}.
     */
    @Override
    public void replay(IommuMemoryRegion region, IommuNotifier notifier) {
        VtdTables.Context ce = iommu.context(bus, devfn);
        if (!iommu.isTranslationEnabled() || !ce.ok() || ce.translationType() == VtdTables.TT_PASS_THROUGH) {
            return;
        }
        List<IommuTlbEntry> leaves = leaves(ce, notifier.start(), notifier.end());
        synchronized (this) {
            for (IommuTlbEntry e : leaves) {
                shadow.put(e.iova(), e);
                region.notifyOne(notifier, new IommuTlbEvent(IommuNotifierFlag.MAP, e));
            }
        }
    }

    // ---------------------------------------------------------------- invalidation

    /** Whether some notifier is registered on the IOMMU region. */
    boolean hasNotifiers() {
        return !dmar.notifyFlags().isEmpty();
    }

    /** Whether some notifier wants MAP events. QEMU: {@code vtd_as_has_map_notifier}. */
    boolean hasMapNotifier() {
        return dmar.notifyFlags().contains(IommuNotifierFlag.MAP);
    }

    /** The domain id of the function's usable context entry, or -1. */
    int domainId() {
        VtdTables.Context ce = iommu.context(bus, devfn);
        return ce.ok() ? ce.domainId() : -1;
    }

    /**
     * Brings the notifiers up to date with the whole table. Without a MAP notifier: UNMAP of
     * everything; with one: UNMAP all if the context entry is gone, else {@link #sync}. QEMU:
     * {@code vtd_sync_shadow_page_table}.
     */
    synchronized void syncAll() {
        VtdTables.Context ce = iommu.context(bus, devfn);
        if (!hasMapNotifier() || !ce.ok()) {
            unmapAll();
            return;
        }
        sync(0, -1L);
    }

    /** UNMAP of the whole region to every notifier; the shadow empties. QEMU: {@code vtd_address_space_unmap}. */
    synchronized void unmapAll() {
        shadow.clear();
        if (hasNotifiers()) {
            dmar.notifyIommu(0, new IommuTlbEvent(IommuNotifierFlag.UNMAP,
                    IommuTlbEntry.unmapped(iommu.memory(), 0, -1L)));
        }
    }

    /**
     * Reports the difference between the tables and the shadow over {@code [first, last]}.
     * QEMU: {@code vtd_sync_shadow_page_table_range} with {@code vtd_page_walk_one}.
     */
    synchronized void sync(long first, long last) {
        VtdTables.Context ce = iommu.context(bus, devfn);
        Map<Long, IommuTlbEntry> now = new TreeMap<>();
        if (ce.ok() && ce.translationType() != VtdTables.TT_PASS_THROUGH) {
            for (IommuTlbEntry e : leaves(ce, first, last)) {
                now.put(e.iova(), e);
            }
        }
        List<IommuTlbEntry> gone = new ArrayList<>();
        for (IommuTlbEntry old : shadow.subMap(first, true, last == -1L ? Long.MAX_VALUE : last, true).values()) {
            IommuTlbEntry e = now.get(old.iova());
            if (!old.equals(e)) {
                gone.add(old);
            }
        }
        for (IommuTlbEntry old : gone) {
            shadow.remove(old.iova());
            dmar.notifyIommu(0, new IommuTlbEvent(IommuNotifierFlag.UNMAP,
                    IommuTlbEntry.unmapped(old.targetAs(), old.iova(), old.addrMask())));
        }
        for (IommuTlbEntry e : now.values()) {
            if (!e.equals(shadow.get(e.iova()))) {
                shadow.put(e.iova(), e);
                dmar.notifyIommu(0, new IommuTlbEvent(IommuNotifierFlag.MAP, e));
            }
        }
    }

    /**
     * An unmap of {@code [addr, addr | mask]} with nothing walked: UNMAP of a page-selective
     * invalidation for notifiers that take no MAP (target: {@code memory}), or DEVIOTLB_UNMAP of a
     * device-IOTLB invalidation (target: this function's space).
     */
    void unmapRange(IommuNotifierFlag type, AddressSpace target, long addr, long mask) {
        dmar.notifyIommu(0, new IommuTlbEvent(type, IommuTlbEntry.unmapped(target, addr, mask)));
    }

    private List<IommuTlbEntry> leaves(VtdTables.Context ce, long first, long last) {
        List<IommuTlbEntry> out = new ArrayList<>();
        AddressSpace target = iommu.memory();
        iommu.tables().walk(ce, first, last, (iova, addr, mask, read, write) ->
                out.add(new IommuTlbEntry(target, iova, addr, mask, IommuAccessFlags.of(read, write))));
        return out;
    }

    @Override
    public String toString() {
        return "VtdAddressSpace[" + root.name() + "]";
    }
}
