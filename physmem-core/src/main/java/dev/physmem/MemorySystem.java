package dev.physmem;

import dev.physmem.dirty.DirtyLog;
import dev.physmem.flat.FlatView;
import dev.physmem.flat.Renderer;
import dev.physmem.flat.ViewUpdater;
import dev.physmem.host.AnonymousMemory;
import dev.physmem.host.HostFd;
import dev.physmem.host.HostMemoryBackend;
import dev.physmem.host.HostMemoryException;
import dev.physmem.iommu.IommuMemoryRegion;
import dev.physmem.iommu.IommuOps;
import dev.physmem.listener.ListenerUpdates;
import dev.physmem.region.AliasRegion;
import dev.physmem.region.CoalescedMemoryRange;
import dev.physmem.region.ContainerRegion;
import dev.physmem.region.IoRegion;
import dev.physmem.region.MemoryRegion;
import dev.physmem.region.MemoryRegionOps;
import dev.physmem.region.Owner;
import dev.physmem.region.RamDeviceRegion;
import dev.physmem.region.RamRegion;
import dev.physmem.region.RomDeviceRegion;
import dev.physmem.ram.RamBlockFlag;
import dev.physmem.ram.RamBlockList;
import dev.physmem.ram.RamBlockSpec;
import dev.physmem.ram.ResizeCallback;
import dev.physmem.space.AddressSpace;
import java.lang.foreign.MemorySegment;
import java.lang.ref.WeakReference;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * One machine's memory: the factory of its regions and address spaces, the owner of the
 * topology lock, and the place where transactions commit. QEMU counterpart: the global state of
 * {@code memory.c} (the address-space list, {@code memory_region_transaction_depth}, the BQL's
 * role for topology changes).
 *
 * <h2>Transactions</h2>
 * Every region mutator is a transaction of its own unless one is open. {@link #begin()} and
 * {@link #commit()} nest; only the outermost commit renders, once, every address space whose view
 * the changes touched, and publishes the new views.
 * {@snippet :
 * try (var tx = system.transaction()) {
 *     pamSegment.setEnabled(false);
 *     pamRom.setEnabled(true);
 * } // rendered and published here, once
 * }
 *
 * <h2>RAM blocks and migration</h2>
 * Every RAM, ROM, ROM-device and RAM-device region gets a block in {@link #ramBlocks()}, its
 * place in the ram address space. As in QEMU, {@link #initRam}, {@link #initRom} and
 * {@link #initRomDevice} also register the block for migration under the region's name (prefixed
 * with the owner's {@linkplain RamBlockList#setDevicePath device path}, if it has one); their
 * {@code Nomigrate} variants and every other factory leave registration to the caller
 * ({@link RamBlockList#vmstateRegisterRam}).
 *
 * <h2>Thread safety</h2>
 * One writer at a time: mutators and transactions hold the topology lock (reentrant) from
 * {@code begin} to the outermost {@code commit}. Accesses through an {@link AddressSpace} never
 * take it.
 */
public final class MemorySystem {
    private final ReentrantLock topologyLock = new ReentrantLock();
    private final ByteOrder targetByteOrder;
    private final ArrayList<AddressSpace> addressSpaces = new ArrayList<>();
    private final ArrayList<WeakReference<MemoryRegion>> regions = new ArrayList<>();
    @SuppressWarnings("this-escape") // the dirty log only keeps the reference
    private final DirtyLog dirtyLog = new DirtyLog(this);
    private final RamBlockList ramBlocks = new RamBlockList(this);
    /** See {@link #sectionEpoch()}. Topology lock. */
    private long sectionEpoch;
    private final DamageLog damage = new DamageLog();
    /** Scratch of {@link #publish()}: the views roots had at the last commit, and get now. */
    private final ViewsByRoot previousViews = new ViewsByRoot();
    private final ViewsByRoot newViews = new ViewsByRoot();
    /** Scratch of {@link #updateListeners()}: sections and diffs shared by spaces showing one view. */
    private final ListenerUpdates listenerUpdates = new ListenerUpdates();
    private final long[] windowScratch = new long[2 * DamageLog.MAX_WINDOWS];
    /** Regions whose eventfds changed in this transaction; committed at the outermost commit. */
    private final ArrayList<MemoryRegion> ioeventfdRegions = new ArrayList<>();
    private int depth;
    private boolean changed;
    private long serial;

    /** A little-endian machine. */
    public MemorySystem() {
        this(ByteOrder.LITTLE_ENDIAN);
    }

    /** A machine whose CPUs (and native-endian devices) use {@code targetByteOrder}. */
    public MemorySystem(ByteOrder targetByteOrder) {
        this.targetByteOrder = Objects.requireNonNull(targetByteOrder, "targetByteOrder");
    }

    /** The target's byte order, which {@code Endianness.NATIVE} devices use. */
    public ByteOrder targetByteOrder() {
        return targetByteOrder;
    }

    /** Dirty logging of this system's RAM: per-client bitmaps, snapshots, global logging. */
    public DirtyLog dirtyLog() {
        return dirtyLog;
    }

    // ---------------------------------------------------------------- region factories

    /** A pure container. QEMU: {@code memory_region_init}. */
    public ContainerRegion initContainer(Owner owner, String name, long size) {
        return new ContainerRegion(this, owner, name, size);
    }

    /** The RAM blocks of this system's regions: the ram address space. QEMU: {@code ram_list}. */
    public RamBlockList ramBlocks() {
        return ramBlocks;
    }

    /**
     * Zero-filled RAM in anonymous host memory, registered for migration as {@code name} (or
     * {@code DEVPATH/name}, see {@link RamBlockList#vmstateRegisterRam}). QEMU:
     * {@code memory_region_init_ram}.
     *
     * @throws IllegalArgumentException if another block is already registered under the same idstr
     */
    public RamRegion initRam(Owner owner, String name, long size) {
        return registered(initRamNomigrate(owner, name, size), owner);
    }

    /**
     * Zero-filled RAM in anonymous host memory that is not registered for migration: its block has
     * no idstr until the caller registers it. QEMU: {@code memory_region_init_ram_nomigrate}.
     */
    public RamRegion initRamNomigrate(Owner owner, String name, long size) {
        return new RamRegion(this, owner, name, size, allocate(name, size), false, anonymous(size));
    }

    /**
     * RAM whose size can change up to {@code maxSize} bytes without moving: the host memory and
     * ram address space for {@code maxSize} are reserved now, the region is {@code size} bytes, and
     * {@link dev.physmem.ram.RamBlock#resize} changes it and tells {@code resized}. Not registered
     * for migration. fw_cfg's ROM blobs ({@code /rom@etc/acpi/tables}) are such blocks. QEMU:
     * {@code memory_region_init_resizeable_ram}.
     *
     * @throws IllegalArgumentException if {@code maxSize} is 0 or smaller than {@code size}
     */
    public RamRegion initResizeableRam(Owner owner, String name, long size, long maxSize, ResizeCallback resized) {
        Objects.requireNonNull(resized, "resized");
        if (maxSize == 0 || Long.compareUnsigned(size, maxSize) > 0) {
            throw new IllegalArgumentException("resizeable RAM must have size <= maxSize, maxSize > 0: name=" + name
                    + " size=0x" + Long.toHexString(size) + " maxSize=0x" + Long.toHexString(maxSize));
        }
        return new RamRegion(this, owner, name, size, allocate(name, maxSize), false,
                RamBlockSpec.resizeable(maxSize, HostMemoryBackend.hostPageSize(), resized));
    }

    /**
     * RAM over memory the caller provides. QEMU: {@code memory_region_init_ram_ptr}.
     *
     * <p>The region uses {@code memory} as it is: offset 0 is the region's first byte, and guest
     * writes land in it directly. The caller keeps ownership: the region holds no reference, and
     * {@link RamRegion#release()} does not free it. If the caller closes the memory's arena while
     * the region is in use, accesses throw {@link IllegalStateException}. The region's block has
     * {@link RamBlockFlag#CALLER_MEMORY} and is not registered for migration.
     *
     * @throws IllegalArgumentException if {@code memory} is smaller than {@code size}
     */
    public RamRegion initRamPtr(Owner owner, String name, long size, MemorySegment memory) {
        return new RamRegion(this, owner, name, size, memory, false);
    }

    /**
     * RAM over a backend's memory, the whole backend; ROM if the backend is. The region holds a
     * reference on the backend until {@link RamRegion#release()}, so closing the backend while the
     * region uses it defers the unmap. The block takes the backend's page size, {@code share} and
     * {@code rom}, and is not registered for migration: the machine registers its RAM with
     * {@link RamBlockList#vmstateRegisterRamGlobal} (QEMU's {@code machine_consume_memdev}). QEMU:
     * {@code host_memory_backend_get_memory} (the machine's {@code memdev=}).
     *
     * @throws IllegalStateException if the backend's memory has been unmapped
     */
    public RamRegion initRamFromBackend(Owner owner, String name, HostMemoryBackend backend) {
        Objects.requireNonNull(backend, "backend");
        HostMemoryBackend.Lease lease = backend.retain();
        try {
            return new RamRegion(this, owner, name, lease);
        } catch (RuntimeException | Error e) {
            lease.close();
            throw e;
        }
    }

    /**
     * RAM mapped from a file descriptor at {@code offset}; the region maps a duplicate, so the
     * caller keeps (and closes) {@code fd}. Shared: other mappings of the file see guest writes;
     * read-only: mapped {@code PROT_READ}, and the region is ROM. An empty file is extended to
     * {@code offset + size}. The region owns the mapping and unmaps it on
     * {@link RamRegion#release()}. QEMU: {@code memory_region_init_ram_from_fd}.
     *
     * @throws IllegalArgumentException if {@code size} or {@code offset} is not page aligned
     * @throws HostMemoryException if the host refuses the mapping or the file is too small
     */
    public RamRegion initRamFromFd(Owner owner, String name, long size, HostFd fd, long offset, boolean share,
            boolean readonly) {
        return fromNewBackend(owner, name, () -> HostMemoryBackend.file().fd(fd).offset(offset).size(size)
                .share(share).readonly(readonly).create());
    }

    /**
     * RAM mapped from a file (or an unnamed file made in a directory), its host address a multiple
     * of {@code align} (0: the page size). The region owns the mapping and unmaps it on
     * {@link RamRegion#release()}. QEMU: {@code memory_region_init_ram_from_file}.
     *
     * @throws IllegalArgumentException if {@code size} is not page aligned or {@code align} not a power of two
     * @throws HostMemoryException if the host refuses the file or the mapping
     */
    public RamRegion initRamFromFile(Owner owner, String name, long size, long align, boolean share, Path path,
            boolean readonly) {
        return fromNewBackend(owner, name, () -> HostMemoryBackend.file().memPath(path).size(size).align(align)
                .share(share).readonly(readonly).create());
    }

    /**
     * Zero-filled RAM that is not registered for migration, shared ({@code MAP_SHARED}, behind a
     * memfd that other processes can map) or private. The region owns the mapping and unmaps it on
     * {@link RamRegion#release()}. QEMU: {@code memory_region_init_ram_shared_nomigrate}.
     *
     * @throws IllegalArgumentException if {@code size} is not page aligned
     * @throws HostMemoryException if the host refuses the mapping
     */
    public RamRegion initRamSharedNomigrate(Owner owner, String name, long size, boolean share) {
        return fromNewBackend(owner, name, () -> HostMemoryBackend.ram().size(size).share(share).create());
    }

    /** A region that is the only user of a backend made for it: the creator's reference is dropped at once. */
    private RamRegion fromNewBackend(Owner owner, String name, Supplier<HostMemoryBackend> make) {
        Objects.requireNonNull(name, "name");
        try (HostMemoryBackend backend = make.get()) {
            return initRamFromBackend(owner, name, backend);
        }
    }

    /**
     * Read-only memory, registered for migration like {@link #initRam}; the machine fills it
     * through {@link RamRegion#backing()}. QEMU: {@code memory_region_init_rom}.
     *
     * @throws IllegalArgumentException if another block is already registered under the same idstr
     */
    public RamRegion initRom(Owner owner, String name, long size) {
        return registered(initRomNomigrate(owner, name, size), owner);
    }

    /** Read-only memory not registered for migration. QEMU: {@code memory_region_init_rom_nomigrate}. */
    public RamRegion initRomNomigrate(Owner owner, String name, long size) {
        return new RamRegion(this, owner, name, size, allocate(name, size), true, anonymous(size));
    }

    /**
     * A ROM device, in romd mode, registered for migration like {@link #initRam}. QEMU:
     * {@code memory_region_init_rom_device}.
     *
     * @throws IllegalArgumentException if another block is already registered under the same idstr
     */
    public RomDeviceRegion initRomDevice(Owner owner, MemoryRegionOps ops, String name, long size) {
        RomDeviceRegion region = initRomDeviceNomigrate(owner, ops, name, size);
        if (region.ramBlock().isPresent()) {
            try {
                ramBlocks.vmstateRegisterRam(region, owner);
            } catch (RuntimeException e) {
                region.release();
                throw e;
            }
        }
        return region;
    }

    /** A ROM device not registered for migration. QEMU: {@code memory_region_init_rom_device_nomigrate}. */
    public RomDeviceRegion initRomDeviceNomigrate(Owner owner, MemoryRegionOps ops, String name, long size) {
        return new RomDeviceRegion(this, owner, ops, name, size, allocate(name, size), anonymous(size));
    }

    /** Registers {@code region}'s block (if it has one) for migration, or releases the region and throws. */
    private RamRegion registered(RamRegion region, Owner owner) {
        if (region.ramBlock().isPresent()) {
            try {
                ramBlocks.vmstateRegisterRam(region, owner);
            } catch (RuntimeException e) {
                region.release();
                throw e;
            }
        }
        return region;
    }

    /** The block of anonymous memory of {@code size} bytes (none for 0). QEMU: {@code qemu_ram_alloc}. */
    private static RamBlockSpec anonymous(long size) {
        return RamBlockSpec.fixed(size, HostMemoryBackend.hostPageSize(), EnumSet.noneOf(RamBlockFlag.class));
    }

    /** Device callbacks. QEMU: {@code memory_region_init_io}. */
    public IoRegion initIo(Owner owner, MemoryRegionOps ops, String name, long size) {
        return new IoRegion(this, owner, ops, name, size);
    }

    /**
     * A region whose accesses {@code ops} translates into other address spaces (an IOMMU's DMA
     * window). QEMU: {@code memory_region_init_iommu}.
     */
    public IommuMemoryRegion initIommu(Owner owner, IommuOps ops, String name, long size) {
        return new IommuMemoryRegion(this, owner, ops, name, size);
    }

    /** A window of {@code size} bytes onto {@code target} from {@code offset}. QEMU: {@code memory_region_init_alias}. */
    public AliasRegion initAlias(Owner owner, String name, MemoryRegion target, long offset, long size) {
        return new AliasRegion(this, owner, name, target, offset, size);
    }

    /**
     * Device memory accessed with exact-width loads and stores; its block (the caller's memory) is
     * not registered for migration. QEMU: {@code memory_region_init_ram_device_ptr}.
     */
    public RamDeviceRegion initRamDevicePtr(Owner owner, String name, long size, MemorySegment memory) {
        return new RamDeviceRegion(this, owner, name, size, memory);
    }

    /**
     * Anonymous memory for {@code size} bytes, in whole host pages as QEMU maps a block's max
     * length: a region whose size is not page aligned still has its last page all mapped.
     */
    private static MemorySegment allocate(String name, long size) {
        if (size == 0) {
            return MemorySegment.NULL;
        }
        if (size == MemoryRegion.SIZE_2_64 || size < 0) {
            throw new IllegalArgumentException("RAM larger than 2^63 bytes: name=" + name
                    + " size=0x" + Long.toHexString(size));
        }
        long page = HostMemoryBackend.hostPageSize();
        long pages = (size + page - 1) & -page;
        return AnonymousMemory.map(pages < 0 ? size : pages);
    }

    // ---------------------------------------------------------------- address spaces

    /**
     * Creates an address space over {@code root} and renders it. QEMU: {@code address_space_init}.
     */
    public AddressSpace addressSpace(MemoryRegion root, String name) {
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(name, "name");
        if (root.system() != this) {
            throw new IllegalArgumentException("root belongs to another MemorySystem: root=" + root.name());
        }
        beginMutation();
        try {
            AddressSpace as = new AddressSpace(this, root, name);
            addressSpaces.add(as);
            changed = true;
            return as;
        } finally {
            endMutation();
        }
    }

    /**
     * Removes an address space. QEMU: {@code address_space_destroy}.
     *
     * @throws IllegalStateException if listeners are still registered on it
     */
    public void destroy(AddressSpace as) {
        beginMutation();
        try {
            if (!as.listeners().isEmpty()) {
                throw new IllegalStateException("address space still has memory listeners: as=" + as.name());
            }
            if (!addressSpaces.remove(as)) {
                throw new IllegalArgumentException("not an address space of this system: as=" + as.name());
            }
        } finally {
            endMutation();
        }
    }

    /** Address spaces in creation order. */
    public List<AddressSpace> addressSpaces() {
        lock();
        try {
            return Collections.unmodifiableList(new ArrayList<>(addressSpaces));
        } finally {
            unlock();
        }
    }

    /**
     * Every region of this system still in use, in creation order. Regions are held weakly: one
     * that nothing else references any more drops out.
     */
    public List<MemoryRegion> regions() {
        lock();
        try {
            List<MemoryRegion> out = new ArrayList<>(regions.size());
            regions.removeIf(ref -> {
                MemoryRegion r = ref.get();
                if (r == null) {
                    return true;
                }
                out.add(r);
                return false;
            });
            return Collections.unmodifiableList(out);
        } finally {
            unlock();
        }
    }

    /** Called by every region's constructor. */
    public void register(MemoryRegion region) {
        lock();
        try {
            if (region.system() != this) {
                throw new IllegalArgumentException("region belongs to another MemorySystem: region=" + region.name());
            }
            regions.add(new WeakReference<>(region));
        } finally {
            unlock();
        }
    }

    // ---------------------------------------------------------------- transactions

    /** Opens a (nested) transaction. QEMU: {@code memory_region_transaction_begin}. */
    public void begin() {
        beginMutation();
    }

    /**
     * Closes a transaction; the outermost one renders and publishes.
     * QEMU: {@code memory_region_transaction_commit}.
     *
     * @throws IllegalStateException if no transaction is open on this thread
     */
    public void commit() {
        if (!topologyLock.isHeldByCurrentThread() || depth == 0) {
            throw new IllegalStateException("commit without begin: depth=0 thread=" + Thread.currentThread().getName());
        }
        endMutation();
    }

    /** A transaction for try-with-resources: begins now, commits on close. */
    public Transaction transaction() {
        begin();
        return new Transaction();
    }

    /** The handle of an open transaction; closing it commits. */
    public final class Transaction implements AutoCloseable {
        private boolean open = true;

        private Transaction() {
        }

        @Override
        public void close() {
            if (open) {
                open = false;
                commit();
            }
        }
    }

    /** Current transaction depth of the lock holder (0 outside transactions). */
    public int transactionDepth() {
        lock();
        try {
            return depth;
        } finally {
            unlock();
        }
    }

    // ---------------------------------------------------------------- used by regions

    /** Takes the topology lock without opening a transaction. */
    public void lock() {
        topologyLock.lock();
    }

    /** Releases the topology lock taken with {@link #lock()}. */
    public void unlock() {
        topologyLock.unlock();
    }

    /** Starts a mutation: lock, depth + 1. Region kinds call this around every change. */
    public void beginMutation() {
        topologyLock.lock();
        depth++;
    }

    /**
     * Ends a mutation: depth − 1, and at depth 0 renders what changed and brings each address
     * space's memory listeners up to date; then unlock.
     */
    public void endMutation() {
        try {
            if (--depth == 0) {
                commitIoeventfds();
                if (changed) {
                    changed = false;
                    publish();
                }
                updateListeners();
            }
        } finally {
            topologyLock.unlock();
        }
    }

    /**
     * Records that {@code region}'s eventfds changed: the outermost commit makes them visible to
     * the write path and brings the listeners' eventfds up to date (QEMU's
     * {@code ioeventfd_update_pending}). Called by {@code MemoryRegion.addEventfd/delEventfd}
     * inside a mutation. Topology lock held.
     */
    public void ioeventfdsChanged(MemoryRegion region) {
        if (!ioeventfdRegions.contains(region)) {
            ioeventfdRegions.add(region);
        }
        sectionsChanged();
    }

    /**
     * Tells the listeners of every address space that coalesced range {@code range} of
     * {@code region} was added or removed, for each section showing it. QEMU:
     * {@code memory_region_update_coalesced_range}. Topology lock held.
     */
    public void coalescedRangeChanged(IoRegion region, CoalescedMemoryRange range, boolean add) {
        for (AddressSpace as : addressSpaces) {
            as.listeners().coalescedRangeChanged(region, range, add);
        }
    }

    private void commitIoeventfds() {
        for (int i = 0; i < ioeventfdRegions.size(); i++) {
            ioeventfdRegions.get(i).commitIoeventfds();
        }
        ioeventfdRegions.clear();
    }

    /**
     * Records that {@code region}'s rendering at its current place is changing, so that the commit
     * renders again only what the change can affect. Region kinds call it after an insertion,
     * before a removal, before and after a move or resize, and once for any other change. Lock
     * held.
     */
    public void damage(MemoryRegion region) {
        changed = true;
        damage.damage(region);
    }

    /** The next insertion stamp for {@code addSubregion}. Lock held. */
    public long nextSerial() {
        return ++serial;
    }

    /**
     * Gives every address space the view of its flat root after this transaction. Each flat root is
     * rendered once and its view shared. A root that had a view at the last commit and whose
     * subtree changed only in a few windows gets that view updated incrementally
     * ({@link ViewUpdater}); a new root, one that changed itself, or one with broad damage is
     * rendered in full; an untouched root keeps its view. An address space is written (one
     * volatile store) only when its view changed.
     */
    private void publish() {
        ViewsByRoot previous = previousViews;
        ViewsByRoot views = newViews;
        try {
            for (AddressSpace as : addressSpaces) {
                FlatView v = as.view();
                if (v.root() != null) {
                    previous.putIfAbsent(v.root(), v);
                }
            }
            for (AddressSpace as : addressSpaces) {
                MemoryRegion flatRoot = flatViewRoot(as.root());
                FlatView view;
                if (flatRoot == null) {
                    view = FlatView.empty();
                } else {
                    view = views.get(flatRoot);
                    if (view == null) {
                        view = render(flatRoot, previous.get(flatRoot));
                        views.putIfAbsent(flatRoot, view);
                    }
                }
                if (view != as.view()) {
                    as.publish(view);
                }
            }
        } finally {
            damage.clear();
            previous.clear();
            views.clear();
        }
    }

    /** The view of {@code flatRoot} now, derived from {@code previous} (its view at the last commit) if it helps. */
    private FlatView render(MemoryRegion flatRoot, FlatView previous) {
        if (previous == null || damage.everything()) {
            return Renderer.render(flatRoot);
        }
        DamageLog.Windows windows = damage.at(flatRoot);
        if (damage.changedItself(flatRoot) || windows != null && windows.full) {
            return Renderer.render(flatRoot);
        }
        if (windows == null) {
            return previous;
        }
        int count = windows.absolute(flatRoot.addr(), windowScratch);
        return count == 0 ? previous : ViewUpdater.update(previous, windowScratch, count);
    }

    /**
     * Tells the memory listeners of every address space what changed since they were last told
     * (QEMU: the topology passes of {@code address_space_set_flatview}, and {@code begin}/{@code
     * commit}). An address space without listeners returns at once; one whose view and
     * dirty-log state are those last delivered does too. Runs after the views are published.
     */
    private void updateListeners() {
        long epoch = sectionEpoch;
        try {
            for (AddressSpace as : addressSpaces) {
                as.listeners().update(as.view(), epoch, listenerUpdates);
            }
        } finally {
            listenerUpdates.clear();
        }
    }

    /**
     * A counter that changes whenever something listeners see changes without the flat view's
     * ranges changing: the dirty-log clients of a region, the romd mode of a ROM device, the
     * eventfds of a region. The listener machinery compares it, with the view, to tell whether a
     * commit changed what an address space shows. Topology lock held.
     */
    public long sectionEpoch() {
        return sectionEpoch;
    }

    /**
     * Records a change of the kind {@link #sectionEpoch()} counts; the next outermost commit
     * brings the listeners up to date. Called by {@code DirtyLog} and {@code RomDeviceRegion}
     * inside a mutation. Topology lock held.
     */
    public void sectionsChanged() {
        sectionEpoch++;
    }

    /**
     * The region an address space's view is rendered from: aliases that show their whole target
     * and containers with a single enabled child at offset 0 are skipped, so that address spaces
     * share views. Null when nothing renders. QEMU: {@code memory_region_get_flatview_root}.
     */
    public static MemoryRegion flatViewRoot(MemoryRegion mr) {
        while (mr.isEnabled()) {
            if (mr instanceof AliasRegion alias) {
                if (alias.aliasOffset() == 0 && Long.compareUnsigned(alias.size(), alias.target().size()) >= 0) {
                    mr = alias.target();
                    continue;
                }
            } else if (!mr.isTerminal()) {
                int found = 0;
                MemoryRegion next = null;
                List<MemoryRegion> children = mr.subregions();
                for (int i = 0; i < children.size(); i++) {
                    MemoryRegion child = children.get(i);
                    if (child.isEnabled()) {
                        if (++found > 1) {
                            next = null;
                            break;
                        }
                        if (child.addr() == 0 && Long.compareUnsigned(mr.size(), child.size()) >= 0) {
                            next = child;
                        }
                    }
                }
                if (found == 0) {
                    return null;
                }
                if (next != null) {
                    mr = next;
                    continue;
                }
            }
            return mr;
        }
        return null;
    }
}
