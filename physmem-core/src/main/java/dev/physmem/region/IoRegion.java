package dev.physmem.region;

import dev.physmem.MemorySystem;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A region whose accesses go to device callbacks (MMIO or port I/O). It fills the parts of its
 * range its subregions leave uncovered. QEMU counterpart: {@code memory_region_init_io}.
 *
 * <h2>Coalesced MMIO</h2>
 * A device may declare parts of the region whose writes an accelerator can batch
 * ({@link #addCoalescing}); memory listeners hear of them ({@code coalescedIoAdd}/{@code Del}).
 * physmem emulates no batching buffer: writes still reach the device at once, and the
 * {@linkplain #isFlushCoalesced flush flag} is kept for listeners and models that batch.
 */
public final class IoRegion extends MemoryRegion {
    private final MemoryRegionOps ops;
    /** Topology lock. */
    private final ArrayList<CoalescedMemoryRange> coalesced = new ArrayList<>();
    private volatile boolean flushCoalesced;

    public IoRegion(MemorySystem system, Owner owner, MemoryRegionOps ops, String name, long size) {
        super(system, owner, name, size);
        this.ops = Objects.requireNonNull(ops, "ops");
    }

    /** The callbacks. */
    public MemoryRegionOps ops() {
        return ops;
    }

    /**
     * Declares {@code size} bytes at {@code offset} coalesced, tells the listeners of every address
     * space showing them at once ({@code coalescedIoAdd}, forward, for each section's share), and
     * sets the flush flag. Not deferred to a commit, as in QEMU. QEMU:
     * {@code memory_region_add_coalescing}.
     *
     * @throws IllegalArgumentException if {@code size} is 0 or the bytes lie outside the region
     */
    public void addCoalescing(long offset, long size) {
        system.lock();
        try {
            long last = offset + size - 1;
            if (size == 0 || Long.compareUnsigned(last, lastOffset()) > 0 || Long.compareUnsigned(last, offset) < 0) {
                throw new IllegalArgumentException("coalesced range empty or outside the region: region=" + name()
                        + " offset=0x" + Long.toHexString(offset) + " size=0x" + Long.toHexString(size));
            }
            CoalescedMemoryRange range = new CoalescedMemoryRange(offset, size);
            coalesced.add(range);
            notifyListeners(range, true);
            flushCoalesced = true;
        } finally {
            system.unlock();
        }
    }

    /**
     * Declares the whole region coalesced, dropping earlier ranges. QEMU:
     * {@code memory_region_set_coalescing}.
     */
    public void setCoalescing() {
        system.lock();
        try {
            clearCoalescing();
            addCoalescing(0, size());
        } finally {
            system.unlock();
        }
    }

    /**
     * Drops every coalesced range, telling the listeners ({@code coalescedIoDel}, reverse) range
     * by range, and clears the flush flag. QEMU: {@code memory_region_clear_coalescing}.
     */
    public void clearCoalescing() {
        system.lock();
        try {
            if (coalesced.isEmpty()) {
                return;
            }
            flushCoalesced = false;
            while (!coalesced.isEmpty()) {
                notifyListeners(coalesced.removeFirst(), false);
            }
        } finally {
            system.unlock();
        }
    }

    /** The coalesced ranges in the order they were added. */
    public List<CoalescedMemoryRange> coalescedRanges() {
        system.lock();
        try {
            return List.copyOf(coalesced);
        } finally {
            system.unlock();
        }
    }

    /**
     * Whether accesses to the region must first flush batched coalesced writes (of any region).
     * QEMU: {@code MemoryRegion.flush_coalesced_mmio}.
     */
    public boolean isFlushCoalesced() {
        return flushCoalesced;
    }

    /** Sets the flush flag. QEMU: {@code memory_region_set_flush_coalesced}. */
    public void setFlushCoalesced() {
        flushCoalesced = true;
    }

    /**
     * Clears the flush flag unless the region has coalesced ranges. QEMU:
     * {@code memory_region_clear_flush_coalesced}.
     */
    public void clearFlushCoalesced() {
        system.lock();
        try {
            if (coalesced.isEmpty()) {
                flushCoalesced = false;
            }
        } finally {
            system.unlock();
        }
    }

    private void notifyListeners(CoalescedMemoryRange range, boolean add) {
        system.coalescedRangeChanged(this, range, add);
    }

    @Override
    public boolean isTerminal() {
        return true;
    }

    @Override
    public String typeName() {
        return "i/o";
    }
}
