package dev.physmem.attr;

/**
 * What an IOMMU translation permits, and what an access asks of it. QEMU counterpart:
 * {@code IOMMUAccessFlags} ({@code IOMMU_NONE}, {@code IOMMU_RO}, {@code IOMMU_WO},
 * {@code IOMMU_RW}).
 *
 * <p>The bits are QEMU's: bit 0 read, bit 1 write. An access passes a translation when the
 * translation's flags have the access's bit ({@code perm & (1 << isWrite)} in QEMU).
 * {@link #NONE} in a translation means "nothing mapped here"; as the flag of a translate call it
 * means "tell me the mapping, I will not access it" (replay).
 */
public enum IommuAccessFlags {
    /** No access: an invalid translation, or a lookup without access (replay). */
    NONE,
    /** Read only. */
    RO,
    /** Write only. */
    WO,
    /** Read and write. */
    RW;

    private static final IommuAccessFlags[] BY_BITS = values();

    /** QEMU's bit mask: bit 0 read, bit 1 write. */
    public int bits() {
        return ordinal();
    }

    /** True if reads are permitted. */
    public boolean allowsRead() {
        return (bits() & 1) != 0;
    }

    /** True if writes are permitted. */
    public boolean allowsWrite() {
        return (bits() & 2) != 0;
    }

    /** True if an access of the given direction is permitted. */
    public boolean allows(boolean isWrite) {
        return isWrite ? allowsWrite() : allowsRead();
    }

    /** The flags with both permissions given. QEMU: {@code IOMMU_ACCESS_FLAG(r, w)}. */
    public static IommuAccessFlags of(boolean read, boolean write) {
        return BY_BITS[(read ? 1 : 0) | (write ? 2 : 0)];
    }

    /** The flag an access asks a translation for: {@link #WO} for a write, {@link #RO} for a read. */
    public static IommuAccessFlags forAccess(boolean isWrite) {
        return isWrite ? WO : RO;
    }

    /**
     * The flags with QEMU bit mask {@code bits}.
     *
     * @throws IllegalArgumentException if {@code bits} is not 0..3
     */
    public static IommuAccessFlags ofBits(int bits) {
        if (bits < 0 || bits > 3) {
            throw new IllegalArgumentException("IOMMU access flags must be 0..3: bits=" + bits);
        }
        return BY_BITS[bits];
    }
}
