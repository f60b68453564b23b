/**
 * Reference IOMMU models and the consumers that shadow them.
 *
 * <ul>
 *   <li>{@link dev.physmem.models.iommu.TceIommu}: the sPAPR TCE table ({@code SpaprTceTable}): a
 *       DMA window of pages the guest maps one entry at a time, with notifications (an in-place
 *       change is UNMAP then MAP) and a replay from the table.</li>
 *   <li>{@link dev.physmem.models.iommu.VfioContainer}: a VFIO-like listener that registers a
 *       MAP|UNMAP notifier on every IOMMU section of a device's address space, replays on add, and
 *       keeps the DMA mappings a host IOMMU would hold.</li>
 *   <li>{@link dev.physmem.models.iommu.VhostDeviceIotlb}: a vhost-like backend that reads and
 *       writes a device's DMA space by IOVA through a device IOTLB of its own, filled on a miss
 *       from {@link dev.physmem.space.AddressSpace#getIotlbEntry} and emptied by UNMAP or
 *       DEVIOTLB_UNMAP notifications.</li>
 * </ul>
 */
package dev.physmem.models.iommu;
