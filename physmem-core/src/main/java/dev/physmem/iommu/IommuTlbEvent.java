package dev.physmem.iommu;

import dev.physmem.attr.IommuAccessFlags;
import java.util.Objects;

/**
 * A change of an IOMMU's mappings, as notifiers receive it. QEMU counterpart:
 * {@code IOMMUTLBEvent}.
 *
 * <p>A {@link IommuNotifierFlag#MAP} event carries a valid entry (permissions other than
 * {@link IommuAccessFlags#NONE}); an {@link IommuNotifierFlag#UNMAP} or
 * {@link IommuNotifierFlag#DEVIOTLB_UNMAP} event carries an entry with permissions NONE, as QEMU
 * asserts for UNMAP. So an entry decides its own type: {@link #of}.
 *
 * @param type what happened
 * @param entry the page it happened to; {@code iova} is an offset within the IOMMU region
 */
public record IommuTlbEvent(IommuNotifierFlag type, IommuTlbEntry entry) {

    public IommuTlbEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(entry, "entry");
        if (type.isUnmap() == entry.isValid()) {
            throw new IllegalArgumentException("a MAP event needs a valid entry, an unmap event perm=NONE: type="
                    + type + " perm=" + entry.perm());
        }
    }

    /** MAP for a valid entry, UNMAP for one with permissions NONE. */
    public static IommuTlbEvent of(IommuTlbEntry entry) {
        return new IommuTlbEvent(entry.isValid() ? IommuNotifierFlag.MAP : IommuNotifierFlag.UNMAP, entry);
    }

    /** The same event for {@code other}, a piece of this event's entry. */
    IommuTlbEvent with(IommuTlbEntry other) {
        return other == entry ? this : new IommuTlbEvent(type, other);
    }
}
