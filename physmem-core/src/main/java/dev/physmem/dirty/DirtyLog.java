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
 * Offsets and sizes are bytes within the region; the bitmaps have one bit per
 * {@link #PAGE_SIZE}-byte page, and a range covers every page it overlaps. Bitmaps are per
 * client and per RAM region (until RAM blocks give every region a place in one ram address
 * space, when they become windows onto per-client bitmaps over it).
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
    private volatile boolean global;
    /** Bumped by every change of any region's logging state; listeners compare it. Topology lock. */
    private long epoch;

    /** Made by its memory system. */
    public DirtyLog(MemorySystem system) {
        this.system = Objects.requireNonNull(system, "system");
    }

    /**
     * The clients logging {@code region} now, as a mask of {@link DirtyClient#bit()}: 0 for
     * anything but RAM. QEMU: {@code memory_region_get_dirty_log_mask}.
     */
    public static int maskOf(MemoryRegion region) {
        return region instanceof RamRegion ram ? ram.dirtyLog().mask() : 0;
    }

    /**
     * A counter that changes whenever a region's logging state changes; the listener machinery
     * compares it to tell whether sections need updating. Topology lock held.
     */
    public long epoch() {
        return epoch;
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
                epoch++;
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
        RamRegion ram = ram(region);
        checkRange(ram, offset, size);
        return ram.dirtyLog().bitmap(client.ordinal()).anyDirty(offset / PAGE_SIZE, (offset + size - 1) / PAGE_SIZE);
    }

    /**
     * Marks the pages overlapping {@code [offset, offset + size)} dirty for every client logging
     * the region (none if none is). For writes the API cannot see, and for listeners' {@code logSync}.
     * QEMU: {@code memory_region_set_dirty}.
     *
     * @throws IllegalArgumentException if {@code region} is not RAM or the range is empty or outside it
     */
    public void setDirty(MemoryRegion region, long offset, long size) {
        RamRegion ram = ram(region);
        checkRange(ram, offset, size);
        ram.dirtyLog().markWritten(offset, size);
    }

    /**
     * Clears {@code client}'s bits of the pages overlapping {@code [offset, offset + size)}.
     * QEMU: {@code memory_region_reset_dirty}.
     *
     * @throws IllegalArgumentException if {@code region} is not RAM or the range is empty or outside it
     */
    public void resetDirty(MemoryRegion region, long offset, long size, DirtyClient client) {
        RamRegion ram = ram(region);
        checkRange(ram, offset, size);
        ram.dirtyLog().bitmap(client.ordinal()).clear(offset / PAGE_SIZE, (offset + size - 1) / PAGE_SIZE);
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
     * ({@link #SNAPSHOT_ALIGN} bytes). Exactly the bits the snapshot returns are cleared: a write
     * racing with the call is either in the snapshot or still dirty afterwards. QEMU:
     * {@code memory_region_snapshot_and_clear_dirty}.
     *
     * @throws IllegalArgumentException if {@code region} is not RAM or the range is empty or outside it
     */
    public DirtySnapshot snapshotAndClearDirty(MemoryRegion region, long offset, long size, DirtyClient client) {
        RamRegion ram = ram(region);
        checkRange(ram, offset, size);
        Objects.requireNonNull(client, "client");
        sync(ram);
        long start = offset & -SNAPSHOT_ALIGN;
        long end = ((offset + size - 1) | (SNAPSHOT_ALIGN - 1)) + 1;
        DirtyBitmap bitmap = ram.dirtyLog().bitmap(client.ordinal());
        int from = (int) (start / SNAPSHOT_ALIGN);
        int to = (int) Math.min(end / SNAPSHOT_ALIGN, bitmap.words());
        long[] words = new long[(int) ((end - start) / SNAPSHOT_ALIGN)];
        long[] taken = bitmap.snapshotAndClear(from, to);
        System.arraycopy(taken, 0, words, 0, taken.length);
        return new DirtySnapshot(ram, client, start, end, words);
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
            if (r instanceof RamRegion ram) {
                ram.dirtyLog().update(on);
            }
        }
        epoch++;
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

    private static void checkRange(RamRegion ram, long offset, long size) {
        long limit = ram.size();
        if (size <= 0 || offset < 0 || offset > limit - size) {
            throw new IllegalArgumentException("range outside region: region=" + ram.name()
                    + " offset=0x" + Long.toHexString(offset) + " size=0x" + Long.toHexString(size)
                    + " regionSize=0x" + Long.toHexString(ram.size()));
        }
    }
}
