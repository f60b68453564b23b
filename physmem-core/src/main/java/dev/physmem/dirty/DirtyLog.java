package dev.physmem.dirty;

import dev.physmem.MemorySystem;
import dev.physmem.listener.AddressSpaceListeners;
import dev.physmem.listener.GlobalListenerCalls;
import dev.physmem.listener.MemoryListener;
import dev.physmem.region.MemoryRegion;
import dev.physmem.region.RamRegion;
import dev.physmem.space.AddressSpace;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Dirty logging of one memory system: which clients log which RAM regions, the per-client dirty
 * bitmaps, snapshots, and global (migration) logging. QEMU counterpart: the dirty-log half of
 * {@code memory.c} ({@code memory_region_set_log}, {@code memory_region_get_dirty},
 * {@code memory_region_snapshot_and_clear_dirty}, {@code memory_global_dirty_log_start} ...).
 *
 * <h2>What is marked</h2>
 * Every write that reaches a RAM region's memory through an address space ({@code write},
 * {@code rw}, the {@code st*} family, writes that cross ranges) marks the pages it touched dirty
 * for each client logging the region at that moment: clients enabled with {@link #setLog}, plus
 * {@link DirtyClient#MIGRATION} on every RAM region while {@linkplain #globalStart global logging}
 * is on. Writes by the host straight into {@link RamRegion#backing()} are not seen; report them
 * with {@link #setDirty}. Every page starts dirty for every client (QEMU's {@code ram_block_add}).
 *
 * <h2>Units and frames</h2>
 * Offsets and sizes here are bytes within the region; the bitmaps have one bit per
 * {@link #PAGE_SIZE}-byte page, and a range covers every page it overlaps. The bitmaps are per
 * client over the ram address space ({@link #ramDirtyMemory()}, QEMU's
 * {@code ram_list.dirty_memory}); a region's offset {@code n} is ram address
 * {@code block.ramAddr() + n} of its {@link dev.physmem.ram.RamBlock}. A range must lie inside
 * the region and its block, and the region's block must not be freed (released).
 *
 * <h2>Thread safety</h2>
 * Marking and the queries {@link #getDirty}, {@link #setDirty}, {@link #resetDirty} and
 * {@link #snapshotGetDirty} take no lock. {@link #setLog}, the global methods and everything that
 * syncs ({@link #syncDirtyBitmap}, {@link #snapshotAndClearDirty}) take the topology lock, since
 * they call listeners.
 * {@snippet :
 * DirtyLog log = system.dirtyLog();
 * log.setLog(vram, true, DirtyClient.VGA);
 * log.resetDirty(vram, 0, vram.size(), DirtyClient.VGA);      // start from clean
 * as.stlLe(vramBase + 0x2000, 0xffffff);
 * DirtySnapshot snap = log.snapshotAndClearDirty(vram, 0, vram.size(), DirtyClient.VGA);
 * log.snapshotGetDirty(vram, snap, 0x2000, 4);                 // true
 * }
 */
public final class DirtyLog {
    /** Bytes per dirty bit: QEMU's {@code TARGET_PAGE_SIZE} for x86. */
    public static final long PAGE_SIZE = 4096;
    /** Bytes per bitmap word; snapshots are rounded out to multiples of it. */
    public static final long SNAPSHOT_ALIGN = PAGE_SIZE * DirtyBitmap.PAGES_PER_WORD;

    private final MemorySystem system;
    private final RamDirtyMemory memory = new RamDirtyMemory();
    private volatile boolean global;

    /** Made by its memory system. */
    public DirtyLog(MemorySystem system) {
        this.system = Objects.requireNonNull(system, "system");
    }

    /**
     * The clients logging {@code region} now, as a mask of {@link DirtyClient#bit()}: 0 for
     * anything but RAM. QEMU: {@code memory_region_get_dirty_log_mask}.
     */
    public static int maskOf(MemoryRegion region) {
        // A region still in its constructor has no log yet (seen only through MemorySystem.regions()).
        return region instanceof RamRegion ram && ram.dirtyLog() != null ? ram.dirtyLog().mask() : 0;
    }

    /**
     * The per-client bitmaps over the system's ram address space, for callers that work in ram
     * addresses (migration, RAM blocks). QEMU: {@code ram_list.dirty_memory}.
     */
    public RamDirtyMemory ramDirtyMemory() {
        return memory;
    }

    // ---------------------------------------------------------------- logging state

    /**
     * Starts ({@code on}) or stops logging writes to {@code region} for {@code client}. Calls are
     * counted per client: logging stops when every start has been matched by a stop. When the
     * client's state changes, writes start (or stop) marking its bitmap at once, and listeners of
     * every address space showing the region get {@code logStart} (or {@code logStop}) at the
     * commit (the end of this call, or of the enclosing transaction). QEMU:
     * {@code memory_region_set_log}.
     *
     * @throws IllegalArgumentException if {@code region} is not RAM
     * @throws IllegalStateException if {@code on} is false and the client was not logging
     */
    public void setLog(MemoryRegion region, boolean on, DirtyClient client) {
        RamRegion ram = ram(region);
        Objects.requireNonNull(client, "client");
        system.beginMutation();
        try {
            RamDirtyLog log = ram.dirtyLog();
            if (log.count(client, on)) {
                log.update(global);
                system.sectionsChanged();
            }
        } finally {
            system.endMutation();
        }
    }

    /** Whether {@code client} logs writes to {@code region} now (its own logging, or global for MIGRATION). */
    public boolean isLogging(MemoryRegion region, DirtyClient client) {
        return (maskOf(region) & client.bit()) != 0;
    }

    // ---------------------------------------------------------------- bitmaps

    /**
     * True if any page overlapping {@code [offset, offset + size)} is dirty for {@code client}.
     * Does not sync. QEMU: {@code memory_region_get_dirty}.
     *
     * @throws IllegalArgumentException if {@code region} is not RAM or the range is empty or outside it
     */
    public boolean getDirty(MemoryRegion region, long offset, long size, DirtyClient client) {
        RamDirtyLog log = placed(ram(region), offset, size);
        return memory.getDirty(log.ramAddr() + offset, size, client);
    }

    /**
     * Marks the pages overlapping {@code [offset, offset + size)} dirty for every client logging
     * the region (none if none is). For writes the API cannot see, and for listeners' {@code logSync}.
     * QEMU: {@code memory_region_set_dirty}.
     *
     * @throws IllegalArgumentException if {@code region} is not RAM or the range is empty or outside it
     */
    public void setDirty(MemoryRegion region, long offset, long size) {
        placed(ram(region), offset, size).markWritten(offset, size);
    }

    /**
     * Clears {@code client}'s bits of the pages overlapping {@code [offset, offset + size)}.
     * QEMU: {@code memory_region_reset_dirty}.
     *
     * @throws IllegalArgumentException if {@code region} is not RAM or the range is empty or outside it
     */
    public void resetDirty(MemoryRegion region, long offset, long size, DirtyClient client) {
        RamDirtyLog log = placed(ram(region), offset, size);
        memory.testAndClearDirty(log.ramAddr() + offset, size, client);
    }

    /**
     * Asks every listener holding dirty information for {@code region} to copy it into the
     * bitmaps: {@code logSync} for each logged section showing the region, in every address
     * space. QEMU: {@code memory_region_sync_dirty_bitmap}.
     *
     * @throws IllegalArgumentException if {@code region} is null
     */
    public void syncDirtyBitmap(MemoryRegion region) {
        Objects.requireNonNull(region, "region");
        sync(region);
    }

    /**
     * Syncs {@code region} ({@link #syncDirtyBitmap}), then takes and clears {@code client}'s bits
     * for {@code [offset, offset + size)} rounded out to whole bitmap words
     * ({@link #SNAPSHOT_ALIGN} bytes) in the ram address space. Blocks start on such a word, so
     * the rounded range never reaches another block's bits; its pages past the block's end are
     * clean. Exactly the bits the snapshot returns are cleared: a write racing with the call is
     * either in the snapshot or still dirty afterwards. QEMU:
     * {@code memory_region_snapshot_and_clear_dirty}.
     *
     * @throws IllegalArgumentException if {@code region} is not RAM or the range is empty or outside it
     */
    public DirtySnapshot snapshotAndClearDirty(MemoryRegion region, long offset, long size, DirtyClient client) {
        RamRegion ram = ram(region);
        RamDirtyLog log = placed(ram, offset, size);
        Objects.requireNonNull(client, "client");
        sync(ram);
        long ramStart = log.ramAddr() + offset;
        long first = ramStart & -SNAPSHOT_ALIGN;
        long end = ((ramStart + size - 1) | (SNAPSHOT_ALIGN - 1)) + 1;
        long[] words = memory.snapshotAndClear(client, first / SNAPSHOT_ALIGN, end / SNAPSHOT_ALIGN);
        return new DirtySnapshot(ram, client, first - log.ramAddr(), end - log.ramAddr(), words);
    }

    /**
     * True if any page overlapping {@code [offset, offset + size)} was dirty in {@code snapshot}.
     * QEMU: {@code memory_region_snapshot_get_dirty}.
     *
     * @throws IllegalArgumentException if the snapshot is of another region, or the range is
     *     empty or not inside the snapshot's range
     */
    public boolean snapshotGetDirty(MemoryRegion region, DirtySnapshot snapshot, long offset, long size) {
        if (snapshot.region() != region) {
            throw new IllegalArgumentException("snapshot is of another region: region=" + region.name()
                    + " snapshot.region=" + snapshot.region().name());
        }
        return snapshot.isDirty(offset, size);
    }

    // ---------------------------------------------------------------- global logging

    /** Whether global (migration) dirty logging is on. */
    public boolean isGlobalLogging() {
        return global;
    }

    /**
     * Starts global dirty logging: every listener gets {@code logGlobalStart} (forward, across all
     * address spaces), then every RAM region logs {@link DirtyClient#MIGRATION} and the commit
     * tells listeners ({@code logStart}). QEMU: {@code memory_global_dirty_log_start}.
     *
     * @throws IllegalStateException if it is already on
     */
    public void globalStart() {
        system.beginMutation();
        try {
            if (global) {
                throw new IllegalStateException("global dirty logging is already on");
            }
            GlobalListenerCalls.forward(listenerSets(), MemoryListener::logGlobalStart);
            setGlobal(true);
        } finally {
            system.endMutation();
        }
    }

    /**
     * Stops global dirty logging: syncs every address space ({@link #globalSync}), drops
     * {@link DirtyClient#MIGRATION} from regions that do not log it themselves, commits (listeners
     * get {@code logStop}), then every listener gets {@code logGlobalStop} (reverse). QEMU:
     * {@code memory_global_dirty_log_stop}.
     *
     * @throws IllegalStateException if it is not on
     */
    public void globalStop() {
        system.lock();
        try {
            if (!global) {
                throw new IllegalStateException("global dirty logging is not on");
            }
            globalSync();
            system.beginMutation();
            try {
                setGlobal(false);
            } finally {
                system.endMutation();
            }
            GlobalListenerCalls.reverse(listenerSets(), MemoryListener::logGlobalStop);
        } finally {
            system.unlock();
        }
    }

    /**
     * Syncs the dirty log of every address space, including spaces the system memory does not
     * show (an SMRAM view): {@code logSync} for every logged section of every address space with
     * listeners. QEMU: {@code memory_global_dirty_log_sync}.
     */
    public void globalSync() {
        sync(null);
    }

    private void setGlobal(boolean on) {
        global = on;
        for (MemoryRegion r : system.regions()) {
            // A region still in its constructor has no log yet; it reads isGlobalLogging() under the lock.
            if (r instanceof RamRegion ram && ram.dirtyLog() != null) {
                ram.dirtyLog().update(on);
            }
        }
        system.sectionsChanged();
    }

    // ---------------------------------------------------------------- helpers

    private void sync(MemoryRegion region) {
        system.lock();
        try {
            for (AddressSpace as : system.addressSpaces()) {
                as.listeners().sync(region);
            }
        } finally {
            system.unlock();
        }
    }

    private List<AddressSpaceListeners> listenerSets() {
        List<AddressSpaceListeners> out = new ArrayList<>();
        for (AddressSpace as : system.addressSpaces()) {
            out.add(as.listeners());
        }
        return out;
    }

    private RamRegion ram(MemoryRegion region) {
        Objects.requireNonNull(region, "region");
        if (!(region instanceof RamRegion ram)) {
            throw new IllegalArgumentException("dirty logging needs a RAM region: region=" + region.name()
                    + " type=" + region.typeName());
        }
        if (region.system() != system) {
            throw new IllegalArgumentException("region belongs to another MemorySystem: region=" + region.name());
        }
        return ram;
    }

    /**
     * The log of {@code ram} after checking that {@code [offset, offset + size)} lies inside the
     * region and its block, and that the block is not freed.
     */
    private static RamDirtyLog placed(RamRegion ram, long offset, long size) {
        RamDirtyLog log = ram.dirtyLog();
        long limit = Math.min(ram.size(), log.ramLength()); // RAM regions are below 2^64 bytes
        if (size <= 0 || offset < 0 || offset > limit - size) {
            throw new IllegalArgumentException("range outside region: region=" + ram.name()
                    + " offset=0x" + Long.toHexString(offset) + " size=0x" + Long.toHexString(size)
                    + " regionSize=0x" + Long.toHexString(ram.size())
                    + " ramLength=0x" + Long.toHexString(log.ramLength()));
        }
        if (ram.ramBlock().isEmpty()) {
            throw new IllegalStateException("RAM block is freed: region=" + ram.name());
        }
        return log;
    }
}
