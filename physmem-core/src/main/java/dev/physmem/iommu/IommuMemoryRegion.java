package dev.physmem.iommu;

import dev.physmem.MemorySystem;
import dev.physmem.attr.IommuAccessFlags;
import dev.physmem.attr.MemTxAttrs;
import dev.physmem.region.MemoryRegion;
import dev.physmem.region.Owner;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A region whose accesses are translated by an IOMMU model ({@link IommuOps}) into another
 * address space, page by page. QEMU counterpart: {@code IOMMUMemoryRegion}
 * ({@code memory_region_init_iommu}).
 *
 * <h2>In the tree</h2>
 * Terminal: it renders as one range over its whole extent (where no subregion covers it) and
 * prints as {@code i/o}, as QEMU's IOMMU regions do. A listener recognises it by its class:
 * {@code section.region() instanceof IommuMemoryRegion iommu}.
 *
 * <h2>Accesses</h2>
 * An access that reaches the region asks {@link IommuOps#translate} (RO for a read, WO for a
 * write, at the index {@link IommuOps#attrsToIndex} picks) for the page holding each byte and
 * continues in the entry's target address space, through further IOMMU regions if it meets
 * them. A page without the needed permission, or a translation into a hole, is unassigned
 * (DECODE_ERROR); see {@link dev.physmem.space.AddressSpace} for the whole rule.
 *
 * <h2>Notifiers</h2>
 * Consumers that shadow or cache the mappings (VFIO, vhost) register {@link IommuNotifier}s; the
 * IOMMU model reports each change with {@link #notifyIommu}. An in-place change of a mapping is
 * reported as UNMAP of the old page, then MAP of the new one ({@link #notifyChange} does that). A notifier receives only the part of
 * a page inside its range, cut into aligned power-of-two pages: a consumer that registers one
 * notifier per section of a region that a higher-priority region splits gets each byte of an
 * UNMAP once, never the whole page once per section.
 * {@snippet :
 * IommuNotifier n = new IommuNotifier(event -> shadow.apply(event),
 *         EnumSet.of(IommuNotifierFlag.MAP, IommuNotifierFlag.UNMAP),
 *         section.offsetWithinRegion(), section.offsetWithinRegion() + section.size() - 1, 0);
 * iommu.registerNotifier(n);   // may throw if the model cannot deliver MAP
 * iommu.replay(n);             // MAP for everything mapped now
 * }
 *
 * <h2>Thread safety</h2>
 * Registration takes the memory system's topology lock. {@link #notifyIommu}, {@link #notifyOne}
 * and {@link #replay} take no lock: they read the notifier list once (a copy-on-write array) and
 * run the callbacks on the calling thread; the model serialises its own notifications.
 */
public final class IommuMemoryRegion extends MemoryRegion {
    private static final IommuNotifier[] NONE = new IommuNotifier[0];

    private final IommuOps ops;
    /** Registered notifiers, newest first (QEMU inserts at the head); replaced whole under the lock. */
    private volatile IommuNotifier[] notifiers = NONE;
    /** The union of the flags last reported to {@link IommuOps#notifyFlagChanged}; topology lock. */
    private Set<IommuNotifierFlag> notifyFlags = Collections.unmodifiableSet(EnumSet.noneOf(IommuNotifierFlag.class));

    /** Created by {@link MemorySystem#initIommu}. */
    public IommuMemoryRegion(MemorySystem system, Owner owner, IommuOps ops, String name, long size) {
        super(system, owner, name, size);
        this.ops = Objects.requireNonNull(ops, "ops");
    }

    /** The IOMMU model. */
    public IommuOps ops() {
        return ops;
    }

    @Override
    public boolean isTerminal() {
        return true;
    }

    @Override
    public String typeName() {
        return "i/o";
    }

    // ---------------------------------------------------------------- translation

    /**
     * Translates region offset {@code addr} with the model, checking its answer. QEMU: the
     * region's {@code translate} callback.
     *
     * @throws IllegalArgumentException if {@code addr} is past the region's end or
     *     {@code iommuIdx} is not in {@code [0, numIndexes())}
     * @throws IllegalStateException if the model returns null or a page that does not hold
     *     {@code addr}
     */
    public IommuTlbEntry translate(long addr, IommuAccessFlags flag, int iommuIdx) {
        Objects.requireNonNull(flag, "flag");
        if (isEmpty() || Long.compareUnsigned(addr, lastOffset()) > 0) {
            throw new IllegalArgumentException("offset past the IOMMU region: region=" + name()
                    + " addr=0x" + Long.toHexString(addr) + " size=0x" + Long.toHexString(size()));
        }
        checkIndex(iommuIdx);
        IommuTlbEntry entry = ops.translate(addr, flag, iommuIdx);
        if (entry == null) {
            throw new IllegalStateException("IOMMU translate returned null: region=" + name()
                    + " addr=0x" + Long.toHexString(addr));
        }
        if (!entry.covers(addr)) {
            throw new IllegalStateException("IOMMU translate returned a page without the address: region=" + name()
                    + " addr=0x" + Long.toHexString(addr) + " iova=0x" + Long.toHexString(entry.iova())
                    + " addrMask=0x" + Long.toHexString(entry.addrMask()));
        }
        return entry;
    }

    /**
     * The IOMMU index for an access with {@code attrs}. QEMU:
     * {@code memory_region_iommu_attrs_to_index}.
     *
     * @throws IllegalStateException if the model answers an index outside {@code [0, numIndexes())}
     */
    public int attrsToIndex(MemTxAttrs attrs) {
        int idx = ops.attrsToIndex(Objects.requireNonNull(attrs, "attrs"));
        if (idx < 0 || idx >= numIndexes()) {
            throw new IllegalStateException("IOMMU attrsToIndex out of range: region=" + name()
                    + " index=" + idx + " numIndexes=" + numIndexes());
        }
        return idx;
    }

    /**
     * The number of IOMMU indexes. QEMU: {@code memory_region_iommu_num_indexes}.
     *
     * @throws IllegalStateException if the model says fewer than 1
     */
    public int numIndexes() {
        int n = ops.numIndexes();
        if (n < 1) {
            throw new IllegalStateException("IOMMU numIndexes must be at least 1: region=" + name() + " numIndexes=" + n);
        }
        return n;
    }

    /**
     * The model's smallest page. QEMU: {@code memory_region_iommu_get_min_page_size}.
     *
     * @throws IllegalStateException if the model's answer is not a power of two
     */
    public long minPageSize() {
        long size = ops.minPageSize();
        if (size == 0 || (size & (size - 1)) != 0) {
            throw new IllegalStateException("IOMMU minPageSize must be a power of two: region=" + name()
                    + " minPageSize=0x" + Long.toHexString(size));
        }
        return size;
    }

    private void checkIndex(int iommuIdx) {
        if (iommuIdx < 0 || iommuIdx >= numIndexes()) {
            throw new IllegalArgumentException("iommuIdx out of range: region=" + name() + " iommuIdx=" + iommuIdx
                    + " numIndexes=" + numIndexes());
        }
    }

    // ---------------------------------------------------------------- notifiers

    /**
     * Registers {@code notifier}; if that changes the union of the notifiers' flags, the model
     * hears of it first ({@link IommuOps#notifyFlagChanged}). QEMU:
     * {@code memory_region_register_iommu_notifier}.
     *
     * @throws IllegalStateException if the notifier is registered already (here or elsewhere), or
     *     if the model refuses the new flags (the notifier is then not registered)
     * @throws IllegalArgumentException if its index is not in {@code [0, numIndexes())}
     */
    public void registerNotifier(IommuNotifier notifier) {
        Objects.requireNonNull(notifier, "notifier");
        system().lock();
        try {
            if (notifier.registeredOn != null) {
                throw new IllegalStateException("notifier is already registered: notifier=" + notifier
                        + " region=" + notifier.registeredOn.name());
            }
            checkIndex(notifier.iommuIdx());
            IommuNotifier[] before = notifiers;
            IommuNotifier[] after = new IommuNotifier[before.length + 1];
            after[0] = notifier;
            System.arraycopy(before, 0, after, 1, before.length);
            notifiers = after;
            try {
                updateNotifyFlags();
            } catch (RuntimeException | Error e) {
                notifiers = before;
                throw e;
            }
            notifier.registeredOn = this;
        } finally {
            system().unlock();
        }
    }

    /**
     * Unregisters {@code notifier}; if that changes the union of flags, the model hears of it.
     * QEMU: {@code memory_region_unregister_iommu_notifier}.
     *
     * @throws IllegalArgumentException if it is not registered on this region
     */
    public void unregisterNotifier(IommuNotifier notifier) {
        Objects.requireNonNull(notifier, "notifier");
        system().lock();
        try {
            if (notifier.registeredOn != this) {
                throw new IllegalArgumentException("notifier is not registered here: notifier=" + notifier
                        + " region=" + name());
            }
            IommuNotifier[] before = notifiers;
            IommuNotifier[] after = new IommuNotifier[before.length - 1];
            int j = 0;
            for (IommuNotifier n : before) {
                if (n != notifier) {
                    after[j++] = n;
                }
            }
            notifiers = after;
            notifier.registeredOn = null;
            updateNotifyFlags();
        } finally {
            system().unlock();
        }
    }

    /** Tells the model when the union of the notifiers' flags changed; records it once accepted. */
    private void updateNotifyFlags() {
        EnumSet<IommuNotifierFlag> union = EnumSet.noneOf(IommuNotifierFlag.class);
        for (IommuNotifier n : notifiers) {
            union.addAll(n.flags());
        }
        if (!union.equals(notifyFlags)) {
            Set<IommuNotifierFlag> now = Collections.unmodifiableSet(union);
            ops.notifyFlagChanged(notifyFlags, now);
            notifyFlags = now;
        }
    }

    /** The registered notifiers, newest first. */
    public List<IommuNotifier> notifiers() {
        return List.of(notifiers);
    }

    /** The union of the registered notifiers' flags, as last told to the model. */
    public Set<IommuNotifierFlag> notifyFlags() {
        system().lock();
        try {
            return notifyFlags;
        } finally {
            system().unlock();
        }
    }

    /**
     * Delivers {@code event} to each notifier of index {@code iommuIdx} that asks for the event's
     * type and whose range meets its page ({@link #notifyOne}). The model calls this for every
     * change of its mappings: UNMAP of the old page, then MAP of the new one, for an in-place
     * change. QEMU: {@code memory_region_notify_iommu}.
     */
    public void notifyIommu(int iommuIdx, IommuTlbEvent event) {
        Objects.requireNonNull(event, "event");
        for (IommuNotifier n : notifiers) {
            if (n.iommuIdx() == iommuIdx) {
                notifyOne(n, event);
            }
        }
    }

    /**
     * Reports that the page {@code before} described now maps as {@code after}, by the rule for an
     * in-place change: nothing if the mapping is the same (two unmapped entries are the same);
     * otherwise UNMAP of the page if it was mapped, then MAP of {@code after} if it is mapped. So
     * a consumer that shadows the mappings never gets a MAP over a page it still holds. QEMU has
     * no counterpart: each model sends its own events.
     *
     * @throws IllegalArgumentException if the entries are not of the same page (iova and mask)
     */
    public void notifyChange(int iommuIdx, IommuTlbEntry before, IommuTlbEntry after) {
        if (before.iova() != after.iova() || before.addrMask() != after.addrMask()) {
            throw new IllegalArgumentException("an in-place change keeps the page: before.iova=0x"
                    + Long.toHexString(before.iova()) + " before.addrMask=0x" + Long.toHexString(before.addrMask())
                    + " after.iova=0x" + Long.toHexString(after.iova()) + " after.addrMask=0x"
                    + Long.toHexString(after.addrMask()));
        }
        if (before.isValid() == after.isValid() && (!before.isValid() || before.equals(after))) {
            return;
        }
        if (before.isValid()) {
            notifyIommu(iommuIdx, new IommuTlbEvent(IommuNotifierFlag.UNMAP,
                    IommuTlbEntry.unmapped(before.targetAs(), before.iova(), before.addrMask())));
        }
        if (after.isValid()) {
            notifyIommu(iommuIdx, new IommuTlbEvent(IommuNotifierFlag.MAP, after));
        }
    }

    /**
     * Delivers {@code event} to {@code notifier} if it asks for the event's type and its range
     * meets the event's page: the page as it is when it lies inside the range, else the part
     * inside, as aligned power-of-two pages in increasing order. (QEMU crops only for
     * DEVIOTLB_UNMAP notifiers, into one entry whose mask need not be 2<sup>k</sup>−1, and asserts
     * that other events fit the notifier; physmem crops for every kind and keeps every entry a
     * valid page.) QEMU: {@code memory_region_notify_iommu_one}.
     */
    public void notifyOne(IommuNotifier notifier, IommuTlbEvent event) {
        IommuTlbEntry entry = event.entry();
        if (!notifier.flags().contains(event.type()) || !notifier.overlaps(entry.iova(), entry.lastIova())) {
            return;
        }
        for (IommuTlbEntry piece : entry.cropTo(notifier.start(), notifier.end())) {
            notifier.deliver(event.with(piece));
        }
    }

    /**
     * Tells {@code notifier} the mappings in its range as MAP events: the model's own
     * {@link IommuOps#replay}, or {@link #replayByTranslation}. QEMU:
     * {@code memory_region_iommu_replay}.
     */
    public void replay(IommuNotifier notifier) {
        ops.replay(this, Objects.requireNonNull(notifier, "notifier"));
    }

    /**
     * The default replay: translates every {@link #minPageSize()} step of the notifier's range
     * (within the region) with {@link IommuAccessFlags#NONE} and delivers each valid entry as a
     * MAP event ({@link #notifyOne}); an entry larger than a step (valid or not) is skipped as a
     * whole, so a huge page is delivered once. Costs one translation per step of unmapped space:
     * a model with a large, sparse range should replay from its tables instead. Nothing happens
     * for a notifier that does not ask for MAP. QEMU: the body of
     * {@code memory_region_iommu_replay}, which walks the whole region.
     */
    public void replayByTranslation(IommuNotifier notifier) {
        if (isEmpty() || !notifier.flags().contains(IommuNotifierFlag.MAP)
                || Long.compareUnsigned(notifier.start(), lastOffset()) > 0) {
            return;
        }
        long last = Long.compareUnsigned(notifier.end(), lastOffset()) < 0 ? notifier.end() : lastOffset();
        long stepMask = minPageSize() - 1;
        long addr = notifier.start() & ~stepMask;
        while (true) {
            IommuTlbEntry entry = translate(addr, IommuAccessFlags.NONE, notifier.iommuIdx());
            if (entry.isValid()) {
                notifyOne(notifier, new IommuTlbEvent(IommuNotifierFlag.MAP, entry));
            }
            long stepLast = addr | entry.addrMask() | stepMask;
            if (Long.compareUnsigned(stepLast, last) >= 0) {
                return;
            }
            addr = stepLast + 1;
        }
    }
}
