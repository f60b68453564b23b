package dev.physmem.ram;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * QEMU 7.2's best-fit placement ({@link RamAddressAllocator}) kept up to date incrementally, so
 * that adding or freeing a block costs {@code O(log n)} instead of the {@code O(n²)} scan, and
 * making n RAM regions costs {@code O(n log n)} instead of {@code O(n³)}. QEMU counterpart:
 * {@code find_ram_offset}, which scans (fine for QEMU's dozens of blocks, not for maps of tens of
 * thousands of small RAM regions).
 *
 * <h2>Why this is the same answer</h2>
 * Every block proposes {@code c = roundUp(ramAddr + maxLength)}; its gap reaches the lowest block
 * address {@code >= c}. Block addresses are multiples of the alignment and blocks do not overlap,
 * so that block is simply the next block in address order: {@code next.ramAddr >= ramAddr +
 * maxLength} and is aligned, hence {@code >= c}. So a block's gap changes only when its
 * address-order successor changes, which adding or removing a block does for exactly one block,
 * its predecessor. The proposals are kept ordered by (gap, list order), and the answer is the
 * first whose gap is at least the size: the smallest gap that fits, the earliest in list order
 * among equals, as QEMU's strict {@code <} keeps the first. List order is max length descending,
 * then insertion order, and removals do not reorder it, so (max length descending, sequence) is
 * a fixed key.
 *
 * <p>The argument fails only if a proposal wraps past 2<sup>64</sup> (a block ending within one
 * alignment of it). Then {@link #exact()} turns false for good and the caller falls back to
 * {@link RamAddressAllocator#findRamAddr}.
 *
 * <h2>Thread safety</h2>
 * None; used under the memory system's topology lock.
 */
final class RamAddressIndex {
    /** A block's entry: a weak reference (the list holds blocks weakly) with what placement needs. */
    static final class Entry extends WeakReference<RamBlock> {
        final long ramAddr;
        final long maxLength;
        final long sequence;
        /** The block's proposal: {@code roundUp(ramAddr + maxLength)}. */
        final long proposal;
        /** From the proposal to the next block (or to {@link RamAddressAllocator#RAM_ADDR_MAX}). */
        long gap;
        boolean removed;

        Entry(RamBlock block, ReferenceQueue<RamBlock> queue, long maxLength, long sequence, long proposal) {
            super(block, queue);
            this.ramAddr = block == null ? 0 : block.ramAddr();
            this.maxLength = maxLength;
            this.sequence = sequence;
            this.proposal = proposal;
        }
    }

    /** Smallest gap first; among equal gaps, list order (max length descending, then sequence). */
    private static final Comparator<Entry> BY_GAP = (x, y) -> {
        int c = Long.compareUnsigned(x.gap, y.gap);
        if (c == 0) {
            c = Long.compareUnsigned(y.maxLength, x.maxLength);
        }
        return c != 0 ? c : Long.compare(x.sequence, y.sequence);
    };

    private final long alignment;
    private final TreeMap<Long, Entry> byAddr = new TreeMap<>(Long::compareUnsigned);
    private final TreeSet<Entry> byGap = new TreeSet<>(BY_GAP);
    private long nextSequence;
    private boolean exact = true;

    RamAddressIndex(long alignment) {
        this.alignment = alignment;
    }

    /** False once some block's proposal wrapped past 2^64: {@link #place} may then differ from QEMU. */
    boolean exact() {
        return exact;
    }

    /**
     * Where a block of {@code size} bytes goes: {@link RamAddressAllocator#findRamAddr} over the
     * indexed blocks. Valid while {@link #exact()}.
     *
     * @throws IllegalArgumentException if {@code size} is 0
     * @throws IllegalStateException if no gap fits
     */
    long place(long size) {
        if (size == 0) {
            throw new IllegalArgumentException("RAM block of size 0 has no place: size=0");
        }
        if (byAddr.isEmpty()) {
            return 0;
        }
        Entry probe = new Entry(null, null, RamAddressAllocator.RAM_ADDR_MAX, Long.MIN_VALUE, 0);
        probe.gap = size;
        Entry best = byGap.ceiling(probe);
        if (best == null) {
            throw new IllegalStateException("no gap in the ram address space fits the block: size=0x"
                    + Long.toHexString(size));
        }
        return best.proposal;
    }

    /** Indexes a block just placed; returns its entry, which the list keeps in list order. */
    Entry add(RamBlock block, ReferenceQueue<RamBlock> queue) {
        long end = block.ramAddr() + block.maxLength();
        long proposal = RamAddressAllocator.roundUp(end, alignment);
        if (Long.compareUnsigned(end, block.ramAddr()) < 0 || Long.compareUnsigned(proposal, end) < 0) {
            exact = false;
        }
        Entry e = new Entry(block, queue, block.maxLength(), nextSequence++, proposal);
        byAddr.put(e.ramAddr, e);
        Map.Entry<Long, Entry> next = byAddr.higherEntry(e.ramAddr);
        e.gap = gapTo(e, next == null ? null : next.getValue());
        byGap.add(e);
        Map.Entry<Long, Entry> previous = byAddr.lowerEntry(e.ramAddr);
        if (previous != null) {
            regap(previous.getValue(), e);
        }
        return e;
    }

    /** Unindexes a freed or collected block; idempotent. */
    void remove(Entry e) {
        if (e.removed) {
            return;
        }
        e.removed = true;
        byGap.remove(e);
        byAddr.remove(e.ramAddr);
        Map.Entry<Long, Entry> previous = byAddr.lowerEntry(e.ramAddr);
        if (previous != null) {
            Map.Entry<Long, Entry> next = byAddr.higherEntry(e.ramAddr);
            regap(previous.getValue(), next == null ? null : next.getValue());
        }
    }

    /** The entry of the block placed at {@code ramAddr}, or null. */
    Entry at(long ramAddr) {
        return byAddr.get(ramAddr);
    }

    private void regap(Entry e, Entry next) {
        byGap.remove(e);
        e.gap = gapTo(e, next);
        byGap.add(e);
    }

    private static long gapTo(Entry e, Entry next) {
        return (next == null ? RamAddressAllocator.RAM_ADDR_MAX : next.ramAddr) - e.proposal;
    }
}
