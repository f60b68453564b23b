package dev.physmem.region;

import dev.physmem.MemorySystem;
import dev.physmem.iommu.IommuMemoryRegion;
import dev.physmem.ram.RamBlock;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A node of the region tree: a range of guest-physical space with a backing (RAM, ROM, device
 * callbacks), a window onto another region (alias), or a pure container of subregions. QEMU
 * counterpart: {@code MemoryRegion}.
 *
 * <h2>Frames of reference</h2>
 * {@link #addr()} is the region's offset within its container; every offset a region's callbacks
 * or backing see is relative to the region's own start. Absolute addresses exist only in an
 * address space's {@code FlatView}.
 *
 * <h2>Sizes</h2>
 * A size is an unsigned 64-bit byte count. As in QEMU, {@link #SIZE_2_64} ({@code -1L}, i.e.
 * {@code UINT64_MAX}) stands for a region covering the whole 64-bit space; a region of exactly
 * 2<sup>64</sup>−1 bytes cannot exist.
 *
 * <h2>Subregions and priority</h2>
 * Subregions are kept in render order: higher priority first, and among equal priorities the
 * most recently added first, so the later-added sibling wins where siblings overlap. Priorities
 * compare only among siblings. A region that is not a pure container fills the parts of its
 * range its subregions leave uncovered.
 *
 * <h2>Thread safety</h2>
 * Every mutator takes the {@link MemorySystem}'s topology lock and, outside an explicit
 * transaction, commits on return. Getters read the tree as the writer left it; readers of guest
 * memory never look at the tree, only at the published flat views.
 */
public abstract sealed class MemoryRegion
        permits ContainerRegion, RamRegion, RomDeviceRegion, IoRegion, AliasRegion, RamDeviceRegion,
                IommuMemoryRegion {

    /** The size that stands for the whole 64-bit space (QEMU's {@code UINT64_MAX} convention). */
    public static final long SIZE_2_64 = -1L;

    private static final Ioeventfd[] NO_IOEVENTFDS = new Ioeventfd[0];

    protected final MemorySystem system;
    private final String name;
    private Owner owner;
    private long size;
    private MemoryRegion container;
    private long addr;
    private int priority;
    private boolean mayOverlap;
    private boolean enabled = true;
    private boolean readonly;
    private boolean nonvolatile;
    private long serial;
    /**
     * Subregions in reverse render order (priority ascending, then serial ascending), so that the
     * common case, adding a child of the lowest or an equal priority, is an append.
     */
    private final ArrayList<MemoryRegion> subregions = new ArrayList<>();
    private final List<MemoryRegion> subregionsView = Collections.unmodifiableList(subregions).reversed();
    private final SubregionIndex subregionIndex = new SubregionIndex();
    private final ArrayList<AliasRegion> aliasedBy = new ArrayList<>();
    /** The eventfds in {@link Ioeventfd#ORDER}, as mutators leave them. Topology lock. */
    private Ioeventfd[] ioeventfds = NO_IOEVENTFDS;
    /** The eventfds as of the last commit, for the write path; null when there are none. */
    private volatile Ioeventfd[] committedIoeventfds;

    @SuppressWarnings("this-escape") // the registry holds a weak reference and reads it only later
    protected MemoryRegion(MemorySystem system, Owner owner, String name, long size) {
        this.system = Objects.requireNonNull(system, "system");
        this.name = Objects.requireNonNull(name, "name");
        if (name.indexOf('\n') >= 0 || name.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("region name may not contain a line break: name=" + name);
        }
        this.owner = owner == null ? Owner.UNATTACHED : owner;
        this.size = size;
        system.register(this);
    }

    // ---------------------------------------------------------------- identity and geometry

    /** The region's name, as {@code info mtree} prints it. */
    public final String name() {
        return name;
    }

    /** The owner as {@code info mtree -o} prints it. */
    public final Owner owner() {
        return owner;
    }

    /** The system this region belongs to. */
    public final MemorySystem system() {
        return system;
    }

    /** Size in bytes, unsigned; {@link #SIZE_2_64} for the whole 64-bit space. */
    public final long size() {
        return size;
    }

    /** True for a region of size 0, which renders nothing. */
    public final boolean isEmpty() {
        return size == 0;
    }

    /**
     * The last offset inside the region ({@code size - 1}, unsigned), or -1 ({@code 2^64 - 1}) for a
     * region of {@link #SIZE_2_64}. Meaningless for an empty region.
     */
    public final long lastOffset() {
        return size == SIZE_2_64 ? -1L : size - 1;
    }

    /**
     * The offset of this region within its container. An unmapped region keeps the offset it was
     * last mapped at or given by {@link #setAddress} (0 if neither), as in QEMU; as the root of an
     * address space it contributes that offset to the space's view.
     */
    public final long addr() {
        return addr;
    }

    /** The priority among siblings given when the region was last added; 0 for a region never mapped. */
    public final int priority() {
        return priority;
    }

    /** Whether the region was last added with {@code addSubregionOverlap} (overlap expected). */
    public final boolean mayOverlap() {
        return mayOverlap;
    }

    /** The container this region is mapped in, or null. */
    public final MemoryRegion container() {
        return container;
    }

    /** Subregions in render order (priority descending, later-added first among equals). */
    public final List<MemoryRegion> subregions() {
        return subregionsView;
    }

    /**
     * Appends to {@code out}, in render order, the non-empty subregions whose extent meets offsets
     * {@code [firstOffset, lastOffset]} (in this region's frame, unsigned, inclusive). Costs
     * {@code O(log n + k)} for {@code n} subregions of which {@code k} are reported, so that
     * re-rendering a small window of a container with thousands of children stays cheap. A child
     * that extends past 2<sup>64</sup> is treated as ending at 2<sup>64</sup>−1. QEMU has no
     * counterpart (its renderer walks every subregion).
     */
    public final void subregionsOverlapping(long firstOffset, long lastOffset, List<MemoryRegion> out) {
        subregionIndex.collect(firstOffset, lastOffset, out);
    }

    /** The aliases whose target is this region, oldest first. */
    public final List<AliasRegion> aliasedBy() {
        return Collections.unmodifiableList(aliasedBy);
    }

    /** Whether the region is enabled; a disabled region and its whole subtree are invisible. */
    public final boolean isEnabled() {
        return enabled;
    }

    /** The region's own read-only flag; writes through a read-only path are dropped. */
    public final boolean isReadonly() {
        return readonly;
    }

    /** The region's own non-volatile flag (QEMU: {@code nonvolatile}, printed as {@code nv-}). */
    public final boolean isNonvolatile() {
        return nonvolatile;
    }

    /**
     * True when the region has a backing of its own and so fills the parts of its range that its
     * subregions leave uncovered; false for pure containers and aliases.
     */
    public abstract boolean isTerminal();

    /**
     * The type {@code info mtree} prints for this region: {@code ram}, {@code rom}, {@code romd},
     * {@code ramd} or {@code i/o}; for an alias, the type at the end of its alias chain.
     * QEMU counterpart: {@code memory_region_type}.
     */
    public abstract String typeName();

    /** A stamp that increases with every {@code addSubregion} and move; orders equal-priority siblings. */
    public final long serial() {
        return serial;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + name + "]";
    }

    // ---------------------------------------------------------------- mutators

    /** Sets the owner printed by {@code info mtree -o}. */
    public final void setOwner(Owner owner) {
        system.lock();
        try {
            this.owner = Objects.requireNonNull(owner, "owner");
        } finally {
            system.unlock();
        }
    }

    /**
     * Maps {@code subregion} at {@code offset} within this region with priority 0, not expecting
     * overlap. QEMU: {@code memory_region_add_subregion}.
     *
     * @throws IllegalStateException if {@code subregion} is already mapped somewhere
     * @throws IllegalArgumentException if the mapping would create a cycle
     */
    public final void addSubregion(long offset, MemoryRegion subregion) {
        add(offset, subregion, 0, false);
    }

    /**
     * Maps {@code subregion} at {@code offset} with {@code priority}; it may overlap its siblings,
     * and where it does the higher priority wins (the later-added one at equal priority).
     * QEMU: {@code memory_region_add_subregion_overlap}.
     */
    public final void addSubregionOverlap(long offset, MemoryRegion subregion, int priority) {
        add(offset, subregion, priority, true);
    }

    private void add(long offset, MemoryRegion sub, int prio, boolean overlap) {
        Objects.requireNonNull(sub, "subregion");
        system.beginMutation();
        try {
            if (sub.system != system) {
                throw new IllegalArgumentException("subregion belongs to another MemorySystem: subregion=" + sub.name);
            }
            if (sub.container != null) {
                throw new IllegalStateException("subregion is already mapped: subregion=" + sub.name
                        + " container=" + sub.container.name);
            }
            if (sub.reaches(this)) {
                throw new IllegalArgumentException("mapping would create a cycle: container=" + name
                        + " subregion=" + sub.name);
            }
            sub.container = this;
            sub.addr = offset;
            sub.priority = prio;
            sub.mayOverlap = overlap;
            insertInRenderOrder(sub);
            system.damage(sub);
        } finally {
            system.endMutation();
        }
    }

    /**
     * Stamps {@code sub} as the newest and puts it before its equal-priority siblings in render
     * order (after them in the reversed list), and indexes it at its address.
     */
    private void insertInRenderOrder(MemoryRegion sub) {
        sub.serial = system.nextSerial();
        subregions.add(insertionPoint(sub.priority), sub);
        subregionIndex.insert(sub);
    }

    /** Takes mapped child {@code sub} out of the list and the index (before its key changes). */
    private void removeFromRenderOrder(MemoryRegion sub) {
        subregions.remove(indexOfSubregion(sub));
        subregionIndex.remove(sub);
    }

    /**
     * Unmaps {@code subregion} from this region. Like QEMU, it keeps its {@link #addr()} and
     * {@link #priority()}. QEMU: {@code memory_region_del_subregion}.
     *
     * @throws IllegalArgumentException if it is not a subregion of this region
     */
    public final void delSubregion(MemoryRegion subregion) {
        system.beginMutation();
        try {
            if (subregion.container != this) {
                throw new IllegalArgumentException("not a subregion: container=" + name
                        + " subregion=" + subregion.name);
            }
            system.damage(subregion);
            removeFromRenderOrder(subregion);
            subregion.container = null;
        } finally {
            system.endMutation();
        }
    }

    /** Enables or disables the region. QEMU: {@code memory_region_set_enabled}. */
    public final void setEnabled(boolean value) {
        system.beginMutation();
        try {
            if (enabled != value) {
                enabled = value;
                system.damage(this);
            }
        } finally {
            system.endMutation();
        }
    }

    /** Sets the read-only flag. QEMU: {@code memory_region_set_readonly}. */
    public final void setReadonly(boolean value) {
        system.beginMutation();
        try {
            if (readonly != value) {
                readonly = value;
                system.damage(this);
            }
        } finally {
            system.endMutation();
        }
    }

    /** Sets the non-volatile flag. QEMU: {@code memory_region_set_nonvolatile}. */
    public final void setNonvolatile(boolean value) {
        system.beginMutation();
        try {
            if (nonvolatile != value) {
                nonvolatile = value;
                system.damage(this);
            }
        } finally {
            system.endMutation();
        }
    }

    /**
     * Moves the region to {@code offset} within its container, keeping its priority. As in QEMU,
     * a mapped region is re-added: it becomes the most recently added of its equal-priority
     * siblings, so it wins where it overlaps them. An unmapped region that is the root of an
     * address space moves that space's view, since a root contributes its own offset.
     * QEMU: {@code memory_region_set_address}.
     */
    public final void setAddress(long offset) {
        system.beginMutation();
        try {
            if (addr != offset) {
                system.damage(this);
                if (container != null) {
                    container.removeFromRenderOrder(this);
                }
                addr = offset;
                if (container != null) {
                    container.insertInRenderOrder(this);
                }
                system.damage(this);
            }
        } finally {
            system.endMutation();
        }
    }

    /**
     * Changes the size. QEMU: {@code memory_region_set_size}.
     *
     * @throws IllegalArgumentException if the region has host memory behind it (RAM, ROM, ROM
     *     device, RAM device) and {@code newSize} exceeds it; the size is then unchanged
     */
    public void setSize(long newSize) {
        system.beginMutation();
        try {
            checkResize(newSize);
            if (size != newSize) {
                system.damage(this);
                if (container != null) {
                    container.subregionIndex.remove(this);
                }
                size = newSize;
                if (container != null) {
                    container.subregionIndex.insert(this);
                }
                system.damage(this);
            }
        } finally {
            system.endMutation();
        }
    }

    /**
     * Checks that a region of {@code size} bytes fits in {@code backing}, for the kinds backed by
     * host memory (at creation, {@code sizeKey} "size", and on every resize, "newSize").
     *
     * @throws IllegalArgumentException naming the region, the size and the backing's size
     */
    protected static void checkFitsBacking(
            String name, String sizeKey, long size, java.lang.foreign.MemorySegment backing) {
        if (size == SIZE_2_64 || Long.compareUnsigned(size, backing.byteSize()) > 0) {
            throw new IllegalArgumentException("region larger than its host memory: name=" + name
                    + " " + sizeKey + "=0x" + Long.toHexString(size) + " backing=0x" + Long.toHexString(backing.byteSize()));
        }
    }

    /** {@code block} while it is in the ram address space: empty for none (size 0) and once freed. */
    protected static Optional<RamBlock> liveBlock(RamBlock block) {
        return block == null || block.isFreed() ? Optional.empty() : Optional.of(block);
    }

    /**
     * Throws unless the region can be released: it must not be mapped in a container. Topology
     * lock held.
     */
    protected final void checkReleasable() {
        if (container != null) {
            throw new IllegalStateException("region is still mapped: name=" + name + " container=" + container.name());
        }
    }

    /**
     * The {@code release()} of a kind whose only resource is its RAM block: checks
     * {@link #checkReleasable}, then frees {@code block} (null for none); idempotent.
     */
    protected final void releaseBlock(RamBlock block) {
        system.lock();
        try {
            checkReleasable();
            if (block != null) {
                system.ramBlocks().free(block);
            }
        } finally {
            system.unlock();
        }
    }

    /** Hook for kinds whose backing limits the size. */
    protected void checkResize(long newSize) {
    }

    // ---------------------------------------------------------------- ioeventfds

    /**
     * Makes a guest write of {@code size} bytes at offset {@code addr} (of value {@code data}, if
     * {@code matchData}) signal {@code e} instead of reaching the device. QEMU:
     * {@code memory_region_add_eventfd}.
     *
     * <p>{@code data} is given as a guest CPU would store it (target byte order); it is kept, and
     * handed to listeners, as the device's value ({@link Ioeventfd}). {@code size} 0 matches a
     * write of any size at {@code addr}. Takes effect at the commit: the write path uses it from
     * then on, and memory listeners of every address space that shows the offset hear
     * {@link dev.physmem.listener.MemoryListener#eventfdAdd}. Writes reach eventfds only in regions
     * whose writes go to callbacks (I/O, ROM device, RAM device); on RAM an eventfd is only
     * reported to listeners, as in QEMU.
     *
     * @throws IllegalArgumentException if the region is a container or an alias (no flat range shows it),
     *     {@code size} is not 0, 1, 2, 4 or 8, a size-0 eventfd would match data, {@code data} is wider
     *     than {@code size}, the bytes lie outside the region, or the same eventfd is already added
     */
    public final void addEventfd(long addr, int size, boolean matchData, long data, EventNotifier e) {
        system.beginMutation();
        try {
            Ioeventfd fd = eventfd(addr, size, matchData, data, e);
            int at = 0;
            while (at < ioeventfds.length && Ioeventfd.compareKeys(ioeventfds[at], fd) <= 0) {
                if (ioeventfds[at].equals(fd)) {
                    throw new IllegalArgumentException("eventfd already added: region=" + name + " " + fd);
                }
                at++;
            }
            Ioeventfd[] next = new Ioeventfd[ioeventfds.length + 1];
            System.arraycopy(ioeventfds, 0, next, 0, at);
            next[at] = fd;
            System.arraycopy(ioeventfds, at, next, at + 1, ioeventfds.length - at);
            ioeventfdsChanged(next);
        } finally {
            system.endMutation();
        }
    }

    /**
     * Removes the eventfd {@link #addEventfd} added with the same arguments (the same notifier
     * instance). Takes effect at the commit, like {@code addEventfd}. QEMU:
     * {@code memory_region_del_eventfd} (which asserts that the eventfd exists).
     *
     * @throws IllegalArgumentException if the region has no such eventfd
     */
    public final void delEventfd(long addr, int size, boolean matchData, long data, EventNotifier e) {
        system.beginMutation();
        try {
            Ioeventfd fd = eventfd(addr, size, matchData, data, e);
            int at = 0;
            while (at < ioeventfds.length && !ioeventfds[at].equals(fd)) {
                at++;
            }
            if (at == ioeventfds.length) {
                throw new IllegalArgumentException("no such eventfd: region=" + name + " " + fd);
            }
            Ioeventfd[] next = new Ioeventfd[ioeventfds.length - 1];
            System.arraycopy(ioeventfds, 0, next, 0, at);
            System.arraycopy(ioeventfds, at + 1, next, at, next.length - at);
            ioeventfdsChanged(next);
        } finally {
            system.endMutation();
        }
    }

    /** The region's eventfds in QEMU's order ({@link Ioeventfd#ORDER}), as the mutators left them. */
    public final List<Ioeventfd> ioeventfds() {
        return List.of(ioeventfds);
    }

    /**
     * Signals the first eventfd a guest write of {@code size} bytes of device value {@code value}
     * at offset {@code offset} matches, and returns true; false if none does. Uses the eventfds of
     * the last commit; costs one volatile read when the region has none. Called by the write path
     * after the {@code valid} check. QEMU: {@code memory_region_dispatch_write_eventfds}.
     */
    public final boolean dispatchWriteEventfds(long offset, int size, long value) {
        Ioeventfd[] fds = committedIoeventfds;
        return fds != null && signalFirstMatch(fds, offset, size, value);
    }

    private static boolean signalFirstMatch(Ioeventfd[] fds, long offset, int size, long value) {
        for (Ioeventfd fd : fds) {
            if (fd.matchesWrite(offset, size, value)) {
                fd.notifier().set();
                return true;
            }
        }
        return false;
    }

    /**
     * Makes the eventfds the mutators left visible to the write path. Called by the memory system
     * at the outermost commit for every region whose eventfds changed. Topology lock held.
     */
    public final void commitIoeventfds() {
        committedIoeventfds = ioeventfds.length == 0 ? null : ioeventfds;
    }

    private void ioeventfdsChanged(Ioeventfd[] next) {
        ioeventfds = next;
        system.ioeventfdsChanged(this);
    }

    /** The eventfd {@code addEventfd}/{@code delEventfd} mean, with {@code data} in the device's order; checked. */
    private Ioeventfd eventfd(long addr, int size, boolean matchData, long data, EventNotifier e) {
        if (!isTerminal()) {
            throw new IllegalArgumentException("eventfds need a region that flat views show, not a container or alias: region="
                    + name);
        }
        Ioeventfd fd = new Ioeventfd(addr, size, matchData, data, e);
        if (matchData) {
            fd = new Ioeventfd(addr, size, true, toDeviceOrder(data, size), e);
        }
        long lastByte = addr + Math.max(size, 1) - 1;
        if (Long.compareUnsigned(lastByte, lastOffset()) > 0 || Long.compareUnsigned(lastByte, addr) < 0) {
            throw new IllegalArgumentException("eventfd outside the region: region=" + name + " size=0x"
                    + Long.toHexString(this.size) + " " + fd);
        }
        return fd;
    }

    /**
     * {@code data}, stored by a target-order CPU access of {@code size} bytes, as the device reads
     * it. QEMU: {@code adjust_endianness(mr, &data, size_memop(size) | MO_TE)}.
     */
    private long toDeviceOrder(long data, int size) {
        ByteOrder target = system.targetByteOrder();
        if (size <= 1 || dispatchEndianness().resolve(target) == target) {
            return data;
        }
        return Long.reverseBytes(data) >>> (64 - 8 * size);
    }

    /** The byte order of the callbacks writes reach; NATIVE for kinds without callbacks. */
    private Endianness dispatchEndianness() {
        return switch (this) {
            case IoRegion io -> io.ops().endianness();
            case RomDeviceRegion rom -> rom.ops().endianness();
            case RamDeviceRegion ramd -> ramd.ops().endianness();
            default -> Endianness.NATIVE;
        };
    }

    // ---------------------------------------------------------------- internals for kinds

    /** Where a new child of priority {@code prio} goes in the reversed list: after its equals. */
    private int insertionPoint(int prio) {
        int n = subregions.size();
        if (n == 0 || subregions.get(n - 1).priority <= prio) {
            return n; // the usual case: no sibling has a higher priority
        }
        int lo = 0;
        int hi = subregions.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (subregions.get(mid).priority <= prio) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** Position of a mapped child in the reversed list, found by (priority, serial). */
    private int indexOfSubregion(MemoryRegion sub) {
        int lo = 0;
        int hi = subregions.size() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            MemoryRegion m = subregions.get(mid);
            int c = m.priority != sub.priority ? Integer.compare(m.priority, sub.priority)
                    : Long.compare(m.serial, sub.serial);
            if (c == 0) {
                return mid;
            } else if (c < 0) {
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        throw new IllegalStateException("subregion not in its container's list: subregion=" + sub.name);
    }

    /** The children as the interval index holds them, in key order; for consistency tests. */
    final List<MemoryRegion> indexedSubregions() {
        return subregionIndex.inKeyOrder();
    }

    /** Records that this region's rendering changed, for kinds with state of their own. */
    protected final void changed() {
        system.damage(this);
    }

    final void attachAlias(AliasRegion alias) {
        aliasedBy.add(alias);
    }

    /** True if {@code other} is this region or reachable from it through subregions and aliases. */
    final boolean reaches(MemoryRegion other) {
        if (this == other) {
            return true;
        }
        if (this instanceof AliasRegion a && a.target().reaches(other)) {
            return true;
        }
        for (MemoryRegion s : subregions) {
            if (s.reaches(other)) {
                return true;
            }
        }
        return false;
    }
}
