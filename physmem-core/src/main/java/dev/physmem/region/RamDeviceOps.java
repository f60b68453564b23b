package dev.physmem.region;

import dev.physmem.attr.MemTxAttrs;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * The callbacks through which every access to a {@link RamDeviceRegion} goes: one load or store
 * of exactly the requested width (1, 2, 4 or 8 bytes) in host byte order, never a bulk copy.
 * QEMU counterpart: {@code ram_device_mem_ops} ({@code memory_region_ram_device_read/write}).
 *
 * <p>As in QEMU, the device's byte order is the host's ({@code DEVICE_HOST_ENDIAN}), so the
 * bytes the guest sees are the bytes in device memory, and {@code valid} and {@code impl} both
 * allow every size from 1 to 8 at any alignment.
 */
final class RamDeviceOps implements MemoryRegionOps {
    /** QEMU's {@code .valid} and {@code .impl} of {@code ram_device_mem_ops}. */
    static final AccessConstraints SIZES = new AccessConstraints(1, 8, true);
    /** {@code DEVICE_HOST_ENDIAN}: the host's order, expressed as LITTLE or BIG. */
    static final Endianness HOST_ENDIAN =
            ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN ? Endianness.LITTLE : Endianness.BIG;

    private static final ValueLayout.OfShort SHORT = ValueLayout.JAVA_SHORT_UNALIGNED;
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED;
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED;

    private final MemorySegment memory;

    RamDeviceOps(MemorySegment memory) {
        this.memory = memory;
    }

    @Override
    public long read(long offset, int size) {
        return switch (size) {
            case 1 -> memory.get(ValueLayout.JAVA_BYTE, offset) & 0xffL;
            case 2 -> memory.get(SHORT, offset) & 0xffffL;
            case 4 -> memory.get(INT, offset) & 0xffff_ffffL;
            case 8 -> memory.get(LONG, offset);
            default -> throw new IllegalArgumentException("RAM device access size must be 1, 2, 4 or 8: size=" + size);
        };
    }

    @Override
    public void write(long offset, long value, int size) {
        switch (size) {
            case 1 -> memory.set(ValueLayout.JAVA_BYTE, offset, (byte) value);
            case 2 -> memory.set(SHORT, offset, (short) value);
            case 4 -> memory.set(INT, offset, (int) value);
            case 8 -> memory.set(LONG, offset, value);
            default -> throw new IllegalArgumentException("RAM device access size must be 1, 2, 4 or 8: size=" + size);
        }
    }

    @Override
    public boolean accepts(long offset, int size, boolean isWrite, MemTxAttrs attrs) {
        return true;
    }

    @Override
    public Endianness endianness() {
        return HOST_ENDIAN;
    }

    @Override
    public AccessConstraints valid() {
        return SIZES;
    }

    @Override
    public AccessConstraints impl() {
        return SIZES;
    }
}
