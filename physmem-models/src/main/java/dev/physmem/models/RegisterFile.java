package dev.physmem.models;

import dev.physmem.region.AccessConstraints;
import dev.physmem.region.Endianness;
import dev.physmem.region.MemoryRegionOps;

/**
 * A device modelled as plain registers: every byte written reads back, little-endian. Enough
 * behaviour to make a region a real I/O region that a guest or a test can poke; a device model
 * with real semantics replaces it.
 */
public final class RegisterFile implements MemoryRegionOps {
    private final byte[] bytes;

    /** Registers covering {@code size} bytes, all zero. */
    public RegisterFile(int size) {
        if (size <= 0) {
            throw new IllegalArgumentException("size must be positive: size=" + size);
        }
        this.bytes = new byte[size];
    }

    @Override
    public synchronized long read(long offset, int size) {
        long v = 0;
        for (int i = size - 1; i >= 0; i--) {
            long at = offset + i;
            v = (v << 8) | (at < bytes.length ? bytes[(int) at] & 0xff : 0);
        }
        return v;
    }

    @Override
    public synchronized void write(long offset, long value, int size) {
        for (int i = 0; i < size; i++) {
            long at = offset + i;
            if (at < bytes.length) {
                bytes[(int) at] = (byte) (value >>> (8 * i));
            }
        }
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
