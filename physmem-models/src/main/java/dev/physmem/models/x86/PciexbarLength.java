package dev.physmem.models.x86;

/**
 * The sizes of the MCH's PCI Express MMCONFIG window, as PCIEXBAR bits 2:1 encode them (the
 * fourth encoding is reserved). QEMU counterpart: {@code MCH_HOST_BRIDGE_PCIEXBAR_LENGTH_*}.
 */
public enum PciexbarLength {
    /** 256 MiB: buses 0-255. */
    MB_256(256L << 20),
    /** 128 MiB: buses 0-127. */
    MB_128(128L << 20),
    /** 64 MiB: buses 0-63. */
    MB_64(64L << 20);

    private final long bytes;

    PciexbarLength(long bytes) {
        this.bytes = bytes;
    }

    /** The window's size in bytes. */
    public long bytes() {
        return bytes;
    }

    /** The field's bits within PCIEXBAR. */
    long bits() {
        return (long) ordinal() << 1;
    }

    /** The base-address bits PCIEXBAR holds for this length: bits 35 down to log2(size). */
    long addressMask() {
        return ((1L << 36) - 1) & -bytes;
    }
}
