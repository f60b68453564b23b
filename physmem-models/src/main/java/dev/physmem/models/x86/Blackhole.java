package dev.physmem.models.x86;

import dev.physmem.region.AccessConstraints;
import dev.physmem.region.Endianness;
import dev.physmem.region.MemoryRegionOps;

/**
 * What the MCH puts over RAM it hides from non-SMM code (TSEG, SMBASE): reads return all ones,
 * writes vanish. QEMU counterpart: {@code blackhole_ops} in hw/pci-host/q35.c (valid sizes 1-4,
 * implemented as 4-byte accesses, little-endian).
 */
final class Blackhole implements MemoryRegionOps {
    /** The one instance; it has no state. */
    static final Blackhole INSTANCE = new Blackhole();

    private Blackhole() {
    }

    @Override
    public long read(long offset, int size) {
        return 0xffff_ffffL;
    }

    @Override
    public void write(long offset, long value, int size) {
        // Hidden memory: nothing reaches it.
    }

    @Override
    public Endianness endianness() {
        return Endianness.LITTLE;
    }

    @Override
    public AccessConstraints valid() {
        return AccessConstraints.sizes(1, 4);
    }

    @Override
    public AccessConstraints impl() {
        return AccessConstraints.sizes(4, 4);
    }
}
