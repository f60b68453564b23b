package dev.physmem.iommu;

/**
 * The kinds of IOMMU event a notifier can ask for, and the type of each event. QEMU counterpart:
 * {@code IOMMUNotifierFlag} ({@code IOMMU_NOTIFIER_UNMAP}, {@code IOMMU_NOTIFIER_MAP},
 * {@code IOMMU_NOTIFIER_DEVIOTLB_UNMAP}).
 */
public enum IommuNotifierFlag {
    /** A mapping went away or changed (an in-place change is UNMAP, then MAP). */
    UNMAP,
    /** A new mapping: what a consumer that shadows the IOMMU's tables (VFIO) needs. */
    MAP,
    /**
     * A device-IOTLB invalidation (PCIe ATS): what a consumer that caches translations (vhost)
     * needs. Delivered only to notifiers that ask for it.
     */
    DEVIOTLB_UNMAP;

    /** True for the two kinds of removal. */
    public boolean isUnmap() {
        return this != MAP;
    }
}
