/**
 * IOMMU regions: address ranges whose accesses an IOMMU model translates into other address
 * spaces, and the notifications through which consumers keep shadows of the mappings. QEMU
 * counterpart: the IOMMU part of {@code include/exec/memory.h} and {@code softmmu/memory.c}.
 *
 * <ul>
 *   <li>{@link dev.physmem.iommu.IommuMemoryRegion}: the region kind ({@code IOMMUMemoryRegion});
 *       terminal, printed as {@code i/o}; owns its notifiers, delivery and replay.</li>
 *   <li>{@link dev.physmem.iommu.IommuOps}: the model ({@code IOMMUMemoryRegionClass}):
 *       {@code translate}, {@code attrsToIndex}, {@code numIndexes}, {@code minPageSize},
 *       {@code notifyFlagChanged}, {@code replay}.</li>
 *   <li>{@link dev.physmem.iommu.IommuTlbEntry}: one translated page ({@code IOMMUTLBEntry});
 *       {@link dev.physmem.iommu.IommuTlbEvent}: a MAP/UNMAP/DEVIOTLB_UNMAP of one
 *       ({@code IOMMUTLBEvent}).</li>
 *   <li>{@link dev.physmem.iommu.IommuNotifier} and {@link dev.physmem.iommu.IommuNotifierFlag}:
 *       a subscription by kind, range and IOMMU index ({@code IOMMUNotifier}).</li>
 * </ul>
 *
 * <p>The translation of accesses lives with the other access paths, in
 * {@code dev.physmem.space} ({@code IommuTranslation}); the permissions are
 * {@link dev.physmem.attr.IommuAccessFlags}.
 *
 * <h2>Rules that hold</h2>
 * <ul>
 *   <li>A notification reaches a notifier only if its type is among the notifier's flags, its
 *       index is the notifier's and its page meets the notifier's range; the notifier gets the
 *       part inside its range, so one consumer with a notifier per section never sees a byte of
 *       one UNMAP twice, even when a higher-priority region splits the IOMMU region.</li>
 *   <li>An in-place change is UNMAP then MAP: a model reports a changed page with
 *       {@link dev.physmem.iommu.IommuMemoryRegion#notifyChange}, which sends nothing for an
 *       unchanged mapping and never a MAP over a page still mapped.</li>
 *   <li>Replay translates with access flag NONE and delivers valid entries as MAP.</li>
 * </ul>
 */
package dev.physmem.iommu;
