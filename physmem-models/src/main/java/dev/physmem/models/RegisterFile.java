package dev.physmem.models;

import dev.physmem.region.AccessConstraints;
import dev.physmem.region.Endianness;
import dev.physmem.region.MemoryRegionOps;
import java.util.HashMap;

/**
 * A device modelled as plain registers: every byte written reads back, little-endian; bytes never
 * written read as zero. Enough behaviour to make a region a real I/O region that a guest or a
 * test can poke; a device model with real semantics replaces it.
 *
 * <p>Storage is allocated in 4 KiB pages on first write, so that large windows (the 1 MiB
 * {@code apic-msi}, the 256 MiB PCIe MMCONFIG window) cost nothing until used.
 *
 * <h2>Thread safety</h2>
 * Accesses are serialised on the instance.
 */
public final class RegisterFile implements MemoryRegionOps {
    private static final int PAGE_SHIFT = 12;
    private static final int PAGE_MASK = (1 << PAGE_SHIFT) - 1;

    private final long size;
    private final HashMap<Long, byte[]> pages = new HashMap<>();

    /**
     * Registers covering {@code size} bytes, all zero.
     *
     * @throws IllegalArgumentException if {@code size} is not positive
     */
    public RegisterFile(long size) {
        if (size <= 0) {
            throw new IllegalArgumentException("size must be positive: size=" + size);
        }
        this.size = size;
    }

    /** The number of bytes the registers cover. */
    public long size() {
        return size;
    }

    @Override
    public synchronized long read(long offset, int size) {
        long v = 0;
        for (int i = size - 1; i >= 0; i--) {
            v = (v << 8) | (byteAt(offset + i) & 0xff);
        }
        return v;
    }

    @Override
    public synchronized void write(long offset, long value, int size) {
        for (int i = 0; i < size; i++) {
            long at = offset + i;
            if (at >= 0 && at < this.size) {
                pages.computeIfAbsent(at >>> PAGE_SHIFT, k -> new byte[1 << PAGE_SHIFT])[(int) (at & PAGE_MASK)] =
                        (byte) (value >>> (8 * i));
            }
        }
    }

    private byte byteAt(long at) {
        byte[] page = pages.get(at >>> PAGE_SHIFT);
        return page == null ? 0 : page[(int) (at & PAGE_MASK)];
    }

    @Override
    public Endianness endianness() {
        return Endianness.LITTLE;
    }

    @Override
    public AccessConstraints valid() {
        return AccessConstraints.sizes(1, 8).withUnaligned(true);
    }

    @Override
    public AccessConstraints impl() {
        return AccessConstraints.sizes(1, 8).withUnaligned(true);
    }
}
