package dev.physmem.models;

import dev.physmem.region.MemoryRegionOps;

/**
 * What answers where no device does in a space that answers for itself (x86 port I/O, the PCIe
 * host's windows): reads float high (all ones), writes vanish. QEMU counterpart:
 * {@code unassigned_io_ops}.
 */
public final class UnassignedIo implements MemoryRegionOps {
    /** The one instance; it has no state. */
    public static final UnassignedIo INSTANCE = new UnassignedIo();

    private UnassignedIo() {
    }

    @Override
    public long read(long offset, int size) {
        return size >= 8 ? -1L : (1L << (8 * size)) - 1;
    }

    @Override
    public void write(long offset, long value, int size) {
        // Nothing is there to take it.
    }
}
