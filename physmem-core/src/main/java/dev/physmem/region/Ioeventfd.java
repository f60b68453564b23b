package dev.physmem.region;

import java.util.Comparator;
import java.util.Objects;

/**
 * A guest write that signals a notifier instead of reaching the device: a write of {@code size}
 * bytes at offset {@code addr} of a region (with value {@code data} if {@code matchData}). QEMU
 * counterpart: {@code MemoryRegionIoeventfd} ({@code softmmu/memory.c}).
 *
 * <h2>Values</h2>
 * {@code data} is the device's value, as the device's write callback would see it: the region's
 * {@link MemoryRegion#addEventfd} has already converted the caller's target-order value to the
 * device's byte order, as QEMU's {@code memory_region_add_eventfd} does. It is 0 when
 * {@code matchData} is false (QEMU ignores it then).
 *
 * <h2>Size 0</h2>
 * {@code size == 0} matches a write of any size at {@code addr}, whatever its data (QEMU's
 * {@code memory_region_ioeventfd_equal}; KVM's length-0 ioeventfd). It cannot match data.
 *
 * @param addr offset within the region of the first byte
 * @param size access width in bytes: 0 (any), 1, 2, 4 or 8
 * @param matchData whether only writes of {@code data} match
 * @param data the device value to match; 0 unless {@code matchData}
 * @param notifier what a matching write signals
 */
public record Ioeventfd(long addr, int size, boolean matchData, long data, EventNotifier notifier) {

    /**
     * QEMU's order of eventfds ({@code memory_region_ioeventfd_before} without the notifier):
     * address, then size, then without match before with, then data; all unsigned.
     */
    public static final Comparator<Ioeventfd> ORDER = Ioeventfd::compareKeys;

    public Ioeventfd {
        Objects.requireNonNull(notifier, "notifier");
        if (size != 0 && size != 1 && size != 2 && size != 4 && size != 8) {
            throw new IllegalArgumentException("eventfd size must be 0, 1, 2, 4 or 8: size=" + size);
        }
        if (size == 0 && matchData) {
            throw new IllegalArgumentException("an eventfd of size 0 (any size) cannot match data: addr=0x"
                    + Long.toHexString(addr));
        }
        if (matchData && size < 8 && (data >>> (8 * size)) != 0) {
            throw new IllegalArgumentException("eventfd data wider than its size: size=" + size
                    + " data=0x" + Long.toHexString(data));
        }
        if (!matchData) {
            data = 0;
        }
    }

    /** QEMU's {@code memory_region_ioeventfd_before} without the notifier: negative if {@code a} sorts first. */
    public static int compareKeys(Ioeventfd a, Ioeventfd b) {
        int c = Long.compareUnsigned(a.addr, b.addr);
        return c != 0 ? c : compareShape(a, b);
    }

    /** {@link #compareKeys} without the address: size, then data rule, then data. */
    public static int compareShape(Ioeventfd a, Ioeventfd b) {
        int c = Integer.compare(a.size, b.size);
        if (c == 0) {
            c = Boolean.compare(a.matchData, b.matchData);
        }
        return c != 0 ? c : Long.compareUnsigned(a.data, b.data);
    }

    /**
     * Whether a guest write of {@code size} bytes of device value {@code value} at region offset
     * {@code offset} matches. QEMU: {@code memory_region_ioeventfd_equal} as
     * {@code memory_region_dispatch_write_eventfds} calls it.
     */
    public boolean matchesWrite(long offset, int size, long value) {
        return offset == addr && (this.size == 0 || (size == this.size && (!matchData || value == data)));
    }

    @Override
    public String toString() {
        return "Ioeventfd[@0x" + Long.toHexString(addr) + " size=" + size
                + (matchData ? " data=0x" + Long.toHexString(data) : "") + " " + notifier + "]";
    }
}
