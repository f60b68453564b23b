package dev.physmem.region;

/**
 * The value a device returns from {@link MemoryRegionOps#readWithAttrs}. QEMU passes a
 * {@code uint64_t *data}; this is the same out-parameter as a reusable object, so the access path
 * allocates nothing per read.
 */
public final class MemTxData {
    /** The value read, in the low bytes. */
    public long value;
}
