package dev.physmem.region;

/**
 * A part of an I/O region whose writes the device lets the accelerator batch (coalesced MMIO).
 * QEMU counterpart: {@code CoalescedMemoryRange}.
 *
 * @param offset offset within the region of the first byte
 * @param size bytes, at least 1
 */
public record CoalescedMemoryRange(long offset, long size) {

    /** The last offset inside the range (inclusive). */
    public long lastOffset() {
        return offset + size - 1;
    }
}
