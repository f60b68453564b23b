package dev.physmem.ram;

import dev.physmem.MemorySystem;
import dev.physmem.dirty.DirtyClient;
import dev.physmem.dirty.RamDirtyMemory;
import dev.physmem.host.HostMemoryBackend;
import dev.physmem.region.MemoryRegion;
import dev.physmem.region.Owner;
import java.lang.foreign.MemorySegment;
import java.lang.ref.ReferenceQueue;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.WeakHashMap;

/**
 * A memory system's RAM blocks: their places in the ram address space, lookups, and
 * registration for migration. QEMU counterpart: {@code ram_list} with the functions of
 * {@code softmmu/physmem.c} that walk it, and {@code vmstate_register_ram} /
 * {@code vmstate_unregister_ram} ({@code migration/savevm.c}).
 *
 * <h2>Order</h2>
 * Blocks are kept from the largest {@linkplain RamBlock#maxLength() max length} to the smallest; a
 * new block goes after the blocks of its own max length (QEMU's {@code ram_block_add}). This is
 * the order of {@link #blocks()}, of {@code info ramblock} and of the RAM migration.
 *
 * <h2>Placement</h2>
 * A new block gets the ram addresses of the smallest gap it fits, each block starting on a
 * multiple of {@link #alignment()} (QEMU's {@code find_ram_offset}); freeing a block makes its
 * range available again. The answer is QEMU's, but kept up to date by {@link RamAddressIndex} in
 * {@code O(log n)} per block rather than found by QEMU's {@code O(n²)} scan, so that a map of tens
 * of thousands of small RAM regions can be made at all.
 *
 * <h2>Dirty bitmaps</h2>
 * The list keeps the system's per-client dirty bitmaps ({@link RamDirtyMemory}, indexed by ram
 * address) in step with the blocks: before a block is placed they grow to cover it, and its used
 * range starts dirty for every client (QEMU's {@code ram_block_add}); {@link RamBlock#resize}
 * clears the old used range and dirties the new one ({@code qemu_ram_resize}); a freed (or
 * collected) block's whole range is cleared.
 *
 * <h2>Names</h2>
 * A block has no name until it is registered for migration: {@link #vmstateRegisterRam} forms its
 * {@linkplain IdStr idstr} from the region's name and the device's path, checks that no other
 * block has it, and sets {@link RamBlockFlag#MIGRATABLE}. {@code MemorySystem.initRam},
 * {@code initRom} and {@code initRomDevice} register their regions' blocks; the other factories
 * leave it to the caller, as QEMU's do.
 *
 * <h2>Lifetime</h2>
 * Every RAM, ROM, ROM-device and RAM-device region of the system adds its block when it is made
 * and frees it when it is released. The list holds blocks weakly: a region that becomes
 * unreachable without being released leaves the list when the garbage collector takes it, as its
 * anonymous memory does.
 *
 * <h2>Thread safety</h2>
 * Every method takes the memory system's topology lock; results are snapshots.
 */
public final class RamBlockList {
    /** The target page size in bytes ({@code TARGET_PAGE_SIZE} of x86, Arm and RISC-V: 4 KiB). */
    public static final long TARGET_PAGE_SIZE = 4096;
    /** Pages per dirty-bitmap word ({@code BITS_PER_LONG}). */
    public static final int BITS_PER_LONG = 64;
    /** The ram address that no block holds. QEMU: {@code RAM_ADDR_INVALID}. */
    public static final long RAM_ADDR_INVALID = -1L;

    private final MemorySystem system;
    private final long hostPageSize = HostMemoryBackend.hostPageSize();
    /**
     * The blocks in list order. Each entry is a weak reference that remembers its block's ram
     * addresses, so that a block the collector took is unindexed and has its range cleared in the
     * dirty bitmaps.
     */
    private final ArrayList<RamAddressIndex.Entry> blocks = new ArrayList<>();
    private final RamAddressIndex index = new RamAddressIndex(BITS_PER_LONG * TARGET_PAGE_SIZE);
    /** Where collected blocks' entries arrive, to be unlisted. */
    private final ReferenceQueue<RamBlock> collected = new ReferenceQueue<>();
    /** The regions that have a block here, held weakly (the check that a region has only one). */
    private final WeakHashMap<MemoryRegion, RamAddressIndex.Entry> byRegion = new WeakHashMap<>();
    private final HashMap<Owner, String> devicePaths = new HashMap<>();
    private long version;

    /** The list of {@code system}; {@link MemorySystem#ramBlocks()} is the one its regions use. */
    public RamBlockList(MemorySystem system) {
        this.system = Objects.requireNonNull(system, "system");
    }

    /**
     * The alignment of every block's ram address in bytes: {@link #BITS_PER_LONG} target pages
     * (256 KiB), so that no dirty-bitmap word spans two blocks.
     */
    public long alignment() {
        return BITS_PER_LONG * TARGET_PAGE_SIZE;
    }

    // ---------------------------------------------------------------- adding and freeing

    /**
     * Makes and places the block of a RAM-backed region whose memory is {@code host} and whose
     * size is {@code size} bytes (the initial used size). Called by the constructors of
     * {@code RamRegion}, {@code RomDeviceRegion} and {@code RamDeviceRegion}. QEMU:
     * {@code qemu_ram_alloc_internal} / {@code ram_block_add}.
     *
     * @throws IllegalArgumentException if {@code region} belongs to another system or already has a
     *         block here, if {@code spec.maxSize()} is 0 or smaller than {@code size}, or if
     *         {@code host} is smaller than the region or (resizeable) the max size
     */
    public RamBlock add(MemoryRegion region, MemorySegment host, long size, RamBlockSpec spec) {
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(spec, "spec");
        if (region.system() != system) {
            throw new IllegalArgumentException("region belongs to another MemorySystem: region=" + region.name());
        }
        if (spec.maxSize() == 0 || Long.compareUnsigned(size, spec.maxSize()) > 0) {
            throw new IllegalArgumentException("RAM block must have 0 < size <= maxSize: region=" + region.name()
                    + " size=0x" + Long.toHexString(size) + " maxSize=0x" + Long.toHexString(spec.maxSize()));
        }
        long hostNeeded = spec.has(RamBlockFlag.RESIZEABLE) ? spec.maxSize() : size;
        if (Long.compareUnsigned(host.byteSize(), hostNeeded) < 0) {
            throw new IllegalArgumentException("host memory smaller than the block: region=" + region.name()
                    + " host=0x" + Long.toHexString(host.byteSize()) + " needed=0x" + Long.toHexString(hostNeeded));
        }
        long used = hostPageAlign(size);
        long max = hostPageAlign(spec.maxSize());
        system.lock();
        try {
            dropCollected();
            RamAddressIndex.Entry existing = byRegion.get(region);
            if (existing != null && existing.get() != null) {
                throw new IllegalArgumentException("region already has a RAM block: region=" + region.name());
            }
            long ramAddr = index.exact() ? index.place(max) : RamAddressAllocator.findRamAddr(live(), max, alignment());
            RamDirtyMemory dirty = dirtyMemory();
            dirty.extend(ramAddr + max);
            RamBlock block = new RamBlock(this, region, host, ramAddr, used, max, spec);
            RamAddressIndex.Entry entry = index.add(block, collected);
            blocks.add(insertionPoint(max), entry);
            byRegion.put(region, entry);
            version++;
            if (used != 0) {
                dirty.setDirtyRange(ramAddr, used, DirtyClient.allMask());
            }
            return block;
        } finally {
            system.unlock();
        }
    }

    /**
     * Removes {@code block} from the list; its ram addresses become free, their dirty bits are
     * cleared for every client, and its idstr may be used again. Idempotent. Called when the
     * block's region is released. QEMU: {@code qemu_ram_free} (which leaves the bits as they were;
     * clearing them makes a block later placed there start like one at fresh ram addresses: used
     * range dirty, the rest clean).
     *
     * @throws IllegalArgumentException if {@code block} belongs to another list
     */
    public void free(RamBlock block) {
        Objects.requireNonNull(block, "block");
        if (block.list() != this) {
            throw new IllegalArgumentException("block belongs to another list: block=" + block);
        }
        system.lock();
        try {
            if (block.isFreed()) {
                return;
            }
            RamAddressIndex.Entry entry = index.at(block.ramAddr());
            if (entry != null && entry.get() == block) {
                unlist(entry);
            }
            byRegion.remove(block.region());
            block.markFreed();
            dirtyMemory().clearDirtyRange(block.ramAddr(), block.maxLength());
            version++;
        } finally {
            system.unlock();
        }
    }

    // ---------------------------------------------------------------- migration names

    /**
     * Names {@code region}'s block for migration and marks it migratable: the idstr is
     * {@code DEVPATH/NAME} if {@code device} has a {@linkplain #setDevicePath device path}, else the
     * region's name. {@code device} null is QEMU's {@code vmstate_register_ram_global}. QEMU:
     * {@code vmstate_register_ram} ({@code qemu_ram_set_idstr}, {@code qemu_ram_set_migratable}).
     *
     * @return the block
     * @throws IllegalArgumentException if {@code region} has no block here, or another block already
     *         has the idstr (QEMU aborts: {@code RAMBlock "..." already registered})
     * @throws IllegalStateException if the block is already registered
     */
    public RamBlock vmstateRegisterRam(MemoryRegion region, Owner device) {
        Objects.requireNonNull(region, "region");
        system.lock();
        try {
            RamBlock block = blockOf(region);
            if (!block.idstr().isEmpty()) {
                throw new IllegalStateException("RAMBlock already has an idstr: idstr=" + block.idstr()
                        + " region=" + region.name());
            }
            String idstr = IdStr.form(device == null ? null : devicePaths.get(device), region.name());
            for (RamBlock other : live()) {
                if (other != block && other.idstr().equals(idstr)) {
                    throw new IllegalArgumentException("RAMBlock already registered: idstr=" + idstr
                            + " region=" + region.name() + " other=" + other.region().name());
                }
            }
            block.setIdstr(idstr);
            block.setFlag(RamBlockFlag.MIGRATABLE, true);
            version++;
            return block;
        } finally {
            system.unlock();
        }
    }

    /** {@link #vmstateRegisterRam} without a device. QEMU: {@code vmstate_register_ram_global}. */
    public RamBlock vmstateRegisterRamGlobal(MemoryRegion region) {
        return vmstateRegisterRam(region, null);
    }

    /**
     * Takes {@code region}'s block out of migration: no idstr, not migratable. QEMU:
     * {@code vmstate_unregister_ram}.
     *
     * @throws IllegalArgumentException if {@code region} has no block here
     */
    public void vmstateUnregisterRam(MemoryRegion region) {
        Objects.requireNonNull(region, "region");
        system.lock();
        try {
            RamBlock block = blockOf(region);
            block.setIdstr("");
            block.setFlag(RamBlockFlag.MIGRATABLE, false);
            version++;
        } finally {
            system.unlock();
        }
    }

    /**
     * Records what {@code device}'s bus calls it, the prefix of the idstr of the RAM it registers:
     * a PCI function's {@code 0000:00:02.0}. Devices without one (system-bus devices, objects,
     * regions without an owner) register under the bare region name. Set it before the device
     * makes its RAM. QEMU: {@code qdev_get_dev_path} (the bus's {@code get_dev_path}).
     *
     * @throws IllegalArgumentException if {@code devPath} is empty or holds a line break
     */
    public void setDevicePath(Owner device, String devPath) {
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(devPath, "devPath");
        if (devPath.isEmpty() || devPath.indexOf('\n') >= 0 || devPath.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("devPath must be non-empty, one line: device=" + device
                    + " devPath=" + devPath.strip());
        }
        system.lock();
        try {
            devicePaths.put(device, devPath);
        } finally {
            system.unlock();
        }
    }

    /** The device path recorded for {@code device}, if any. */
    public Optional<String> devicePath(Owner device) {
        system.lock();
        try {
            return Optional.ofNullable(devicePaths.get(device));
        } finally {
            system.unlock();
        }
    }

    // ---------------------------------------------------------------- lookups

    /** The blocks in list order (max length descending). QEMU: {@code RAMBLOCK_FOREACH}. */
    public List<RamBlock> blocks() {
        system.lock();
        try {
            return Collections.unmodifiableList(live());
        } finally {
            system.unlock();
        }
    }

    /** The blocks registered for migration, in list order. QEMU: {@code RAMBLOCK_FOREACH_MIGRATABLE}. */
    public List<RamBlock> migratableBlocks() {
        system.lock();
        try {
            List<RamBlock> out = live();
            out.removeIf(b -> !b.isMigratable());
            return Collections.unmodifiableList(out);
        } finally {
            system.unlock();
        }
    }

    /**
     * The block named {@code idstr}; never an unregistered block (they all have the idstr
     * {@code ""}). QEMU: {@code qemu_ram_block_by_name}.
     */
    public Optional<RamBlock> byIdstr(String idstr) {
        Objects.requireNonNull(idstr, "idstr");
        if (idstr.isEmpty()) {
            return Optional.empty();
        }
        system.lock();
        try {
            for (RamBlock b : live()) {
                if (b.idstr().equals(idstr)) {
                    return Optional.of(b);
                }
            }
            return Optional.empty();
        } finally {
            system.unlock();
        }
    }

    /**
     * The block whose ram addresses {@code [ramAddr, ramAddr + maxLength)} hold {@code ramAddress}.
     * QEMU: {@code qemu_get_ram_block} (which aborts where this is empty).
     */
    public Optional<RamBlock> byRamAddr(long ramAddress) {
        system.lock();
        try {
            for (RamBlock b : live()) {
                if (b.containsRamAddr(ramAddress)) {
                    return Optional.of(b);
                }
            }
            return Optional.empty();
        } finally {
            system.unlock();
        }
    }

    /**
     * The block whose native host memory holds the host address {@code hostAddress} (within its
     * max length). Blocks over heap memory have no host address and are never found. QEMU:
     * {@code qemu_ram_block_from_host}.
     */
    public Optional<RamBlock> byHostAddress(long hostAddress) {
        system.lock();
        try {
            for (RamBlock b : live()) {
                if (hostOffset(b, hostAddress) >= 0) {
                    return Optional.of(b);
                }
            }
            return Optional.empty();
        } finally {
            system.unlock();
        }
    }

    /**
     * The ram address of the host address {@code hostAddress}, or {@link #RAM_ADDR_INVALID} if no
     * block's memory holds it. QEMU: {@code qemu_ram_addr_from_host}.
     */
    public long ramAddrFromHost(long hostAddress) {
        system.lock();
        try {
            for (RamBlock b : live()) {
                long offsetInBlock = hostOffset(b, hostAddress);
                if (offsetInBlock >= 0) {
                    return b.ramAddr() + offsetInBlock;
                }
            }
            return RAM_ADDR_INVALID;
        } finally {
            system.unlock();
        }
    }

    /**
     * One past the highest ram address any block owns (0 with no blocks): the size a dirty bitmap
     * over the ram address space needs. QEMU: {@code last_ram_page() << TARGET_PAGE_BITS}.
     */
    public long ramAddrEnd() {
        system.lock();
        try {
            long end = 0;
            for (RamBlock b : live()) {
                long blockEnd = b.ramAddr() + b.maxLength();
                if (Long.compareUnsigned(blockEnd, end) > 0) {
                    end = blockEnd;
                }
            }
            return end;
        } finally {
            system.unlock();
        }
    }

    /**
     * A counter that changes whenever a block is added, freed, registered or unregistered (or a
     * collected block is noticed gone). QEMU: {@code ram_list.version}.
     */
    public long version() {
        system.lock();
        try {
            live();
            return version;
        } finally {
            system.unlock();
        }
    }

    // ---------------------------------------------------------------- internals

    /** {@code size} rounded up to the host page size. QEMU: {@code HOST_PAGE_ALIGN}. */
    long hostPageAlign(long size) {
        long aligned = RamAddressAllocator.roundUp(size, hostPageSize);
        if (Long.compareUnsigned(aligned, size) < 0) {
            throw new IllegalArgumentException("size overflows when page aligned: size=0x" + Long.toHexString(size));
        }
        return aligned;
    }

    /** The offset in {@code b}'s host memory of {@code hostAddress}, or -1. */
    private static long hostOffset(RamBlock b, long hostAddress) {
        MemorySegment host = b.host();
        if (!host.isNative() || host.address() == 0) {
            return -1;
        }
        long offsetInBlock = hostAddress - host.address();
        long limit = Math.min(host.byteSize(), b.maxLength());
        return Long.compareUnsigned(offsetInBlock, limit) < 0 ? offsetInBlock : -1;
    }

    private RamBlock blockOf(MemoryRegion region) {
        for (RamBlock b : live()) {
            if (b.region() == region) {
                return b;
            }
        }
        throw new IllegalArgumentException("region has no RAM block: region=" + region.name());
    }

    /** The bitmaps over this list's ram address space. */
    private RamDirtyMemory dirtyMemory() {
        return system.dirtyLog().ramDirtyMemory();
    }

    /** The live blocks in order, after dropping collected ones (and clearing their dirty bits). Lock held. */
    private List<RamBlock> live() {
        dropCollected();
        List<RamBlock> out = new ArrayList<>(blocks.size());
        List<RamAddressIndex.Entry> gone = new ArrayList<>();
        for (RamAddressIndex.Entry e : blocks) {
            RamBlock b = e.get();
            if (b == null) {
                gone.add(e);
            } else {
                out.add(b);
            }
        }
        for (RamAddressIndex.Entry e : gone) {
            unlistCollected(e);
        }
        if (!gone.isEmpty()) {
            version++;
        }
        return out;
    }

    /** Unlists the blocks the garbage collector has taken since last time. Lock held. */
    private void dropCollected() {
        boolean dropped = false;
        for (var ref = collected.poll(); ref != null; ref = collected.poll()) {
            RamAddressIndex.Entry e = (RamAddressIndex.Entry) ref;
            if (!e.removed) {
                unlistCollected(e);
                dropped = true;
            }
        }
        if (dropped) {
            version++;
        }
    }

    /** Unlists a block the collector took and clears its range in the dirty bitmaps. Lock held. */
    private void unlistCollected(RamAddressIndex.Entry e) {
        unlist(e);
        dirtyMemory().clearDirtyRange(e.ramAddr, e.maxLength);
    }

    /** Takes an entry out of the list and the index. Lock held. */
    private void unlist(RamAddressIndex.Entry e) {
        index.remove(e);
        blocks.remove(e);
    }

    /**
     * Where a block of max length {@code max} goes in list order: after every block whose max
     * length is at least {@code max} (QEMU's {@code ram_block_add}).
     */
    private int insertionPoint(long max) {
        int lo = 0;
        int hi = blocks.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (Long.compareUnsigned(blocks.get(mid).maxLength, max) >= 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
