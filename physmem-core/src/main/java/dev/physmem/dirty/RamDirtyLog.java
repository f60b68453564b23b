package dev.physmem.dirty;

import java.util.Objects;

/**
 * The dirty-logging state of one RAM region: which clients log it, and where its pages are in the
 * system's bitmaps over the ram address space. Every write that reaches the region's memory
 * through the API calls {@link #markWritten}; everything else goes through {@link DirtyLog}. QEMU
 * counterpart: {@code MemoryRegion.dirty_log_mask} and {@code vga_logging_count}, with the
 * region's {@code ram_block->offset} for {@code invalidate_and_set_dirty}.
 *
 * <h2>Frames of reference</h2>
 * {@link #markWritten} takes offsets within the region. Offset {@code n} is ram address
 * {@link #ramAddr()}{@code + n} (the region's {@link dev.physmem.ram.RamBlock}); the region may
 * mark only {@code [0, }{@link #ramLength()}{@code )}, the block's max length, and a mark past it
 * is cut there, so no write ever lands in another block's bits. A region without a block (size 0)
 * marks nothing.
 *
 * <h2>Initial state</h2>
 * The bits belong to the system ({@link RamDirtyMemory}); a new block's used range starts dirty
 * for every client (QEMU's {@code ram_block_add}): a client that starts logging sees the whole
 * region once before it sees only changes.
 *
 * <h2>Thread safety</h2>
 * {@link #markWritten} may run on any thread without locks: one volatile read of the mask, then
 * per client a plain read of the bitmap word before an atomic OR. Changes to the logging state
 * happen under the memory system's topology lock.
 */
public final class RamDirtyLog {
    private final RamDirtyMemory memory;
    private final String regionName;
    private final long ramAddr;
    private final long ramLength;
    /** Per client: how many {@code setLog(on)} are outstanding. Topology lock. */
    private final int[] logCount = new int[DirtyClient.values().length];
    /** Clients logging the region: its own logging plus MIGRATION while global logging is on. */
    private volatile int mask;
    /** Clients whose bits writes set: {@link #mask}, or none once the block is freed (or without one). */
    private volatile int markMask;
    /** The region's own mask (without global logging). Topology lock. */
    private int ownMask;
    /** Set once the block is freed: writes mark nothing from then on. Topology lock. */
    private boolean blockFreed;

    /**
     * The state of the region {@code regionName} whose block holds ram addresses
     * {@code [ramAddr, ramAddr + ramLength)} ({@code ramLength} 0: no block), logging MIGRATION
     * from the start if {@code globalLogging}. Made by the region once its block is placed, with
     * the topology lock held.
     *
     * @throws IllegalArgumentException if the range is negative or past 2^63
     */
    public RamDirtyLog(RamDirtyMemory memory, String regionName, long ramAddr, long ramLength, boolean globalLogging) {
        this.memory = Objects.requireNonNull(memory, "memory");
        this.regionName = Objects.requireNonNull(regionName, "regionName");
        if (ramAddr < 0 || ramLength < 0 || ramAddr + ramLength < 0) {
            throw new IllegalArgumentException("ram range past 2^63: region=" + regionName
                    + " ramAddr=0x" + Long.toHexString(ramAddr) + " ramLength=0x" + Long.toHexString(ramLength));
        }
        this.ramAddr = ramAddr;
        this.ramLength = ramLength;
        this.mask = globalLogging ? DirtyClient.MIGRATION.bit() : 0;
        this.markMask = ramLength > 0 ? mask : 0;
    }

    /**
     * Marks the pages of {@code [offset, offset + length)} (offsets within the region) dirty for
     * every client logging the region. Called by every RAM write path after the bytes are stored;
     * allocation-free. QEMU: {@code invalidate_and_set_dirty}.
     */
    public void markWritten(long offset, long length) {
        int m = markMask;
        if (m != 0 && length > 0) {
            if (Long.compareUnsigned(length, ramLength - offset) > 0) {
                if (Long.compareUnsigned(offset, ramLength) >= 0) {
                    return;
                }
                length = ramLength - offset;
            }
            memory.mark(m, ramAddr + offset, length);
        }
    }

    /**
     * The clients logging the region now, as a mask of {@link DirtyClient#bit()}; writes mark them
     * unless the region's block was freed.
     */
    public int mask() {
        return mask;
    }

    /** The ram address of the region's offset 0 (its block's {@code ramAddr}). */
    public long ramAddr() {
        return ramAddr;
    }

    /** Bytes of the ram address space the region may mark: its block's max length, 0 without a block. */
    public long ramLength() {
        return ramLength;
    }

    /**
     * The region's block was freed: writes mark nothing from now on, whatever the logging state.
     * Called by the region's {@code release()} with the topology lock held.
     */
    public void blockFreed() {
        blockFreed = true;
        markMask = 0;
    }

    /** Counts a {@code setLog}; true when the client's bit in the region's own mask changed. Lock held. */
    boolean count(DirtyClient client, boolean on) {
        int c = client.ordinal();
        if (!on && logCount[c] == 0) {
            throw new IllegalStateException("dirty logging was not started: region=" + regionName
                    + " client=" + client);
        }
        logCount[c] += on ? 1 : -1;
        boolean logging = logCount[c] > 0;
        if (logging == ((ownMask & client.bit()) != 0)) {
            return false;
        }
        ownMask ^= client.bit();
        return true;
    }

    /** Recomputes the mask writes use from the own mask and the global state. Lock held. */
    void update(boolean globalLogging) {
        int m = ownMask | (globalLogging ? DirtyClient.MIGRATION.bit() : 0);
        mask = m;
        markMask = blockFreed || ramLength == 0 ? 0 : m;
    }
}
