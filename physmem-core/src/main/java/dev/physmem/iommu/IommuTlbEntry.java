package dev.physmem.iommu;

import dev.physmem.attr.IommuAccessFlags;
import dev.physmem.space.AddressSpace;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One IOMMU translation: the page {@code [iova, iova | addrMask]} of the IOMMU region maps to
 * {@code [translatedAddr, translatedAddr | addrMask]} of {@code targetAs}, with permissions
 * {@code perm}. QEMU counterpart: {@code IOMMUTLBEntry}.
 *
 * <h2>Frames of reference</h2>
 * {@code iova} is an offset within the IOMMU region (QEMU's {@code iova} as the region's
 * {@code translate} callback sees it), not an address of the address space the region is mapped
 * in. {@code translatedAddr} is an absolute address of {@code targetAs}.
 *
 * <h2>Invariants</h2>
 * <ul>
 *   <li>{@code addrMask} is 2<sup>k</sup>−1 for some k in 0..64 (the page is 2<sup>k</sup>
 *       bytes; {@code -1} is the whole 64-bit space);</li>
 *   <li>{@code iova & addrMask == 0} and {@code translatedAddr & addrMask == 0} (both page
 *       aligned; QEMU masks a misaligned {@code translated_addr} silently, physmem rejects it);</li>
 *   <li>{@code targetAs} and {@code perm} are not null, also for an entry with {@code perm}
 *       {@link IommuAccessFlags#NONE}.</li>
 * </ul>
 * An entry with {@code perm} NONE says the page is not mapped; its {@code translatedAddr} means
 * nothing (0 by convention).
 *
 * @param targetAs the address space the page translates into
 * @param iova first offset of the page within the IOMMU region
 * @param translatedAddr first address of the page in {@code targetAs}
 * @param addrMask page size − 1
 * @param perm what accesses through this page may do
 */
public record IommuTlbEntry(AddressSpace targetAs, long iova, long translatedAddr, long addrMask,
        IommuAccessFlags perm) {

    public IommuTlbEntry {
        Objects.requireNonNull(targetAs, "targetAs");
        Objects.requireNonNull(perm, "perm");
        if ((addrMask & (addrMask + 1)) != 0) {
            throw new IllegalArgumentException("addrMask must be 2^k-1: addrMask=0x" + Long.toHexString(addrMask));
        }
        if ((iova & addrMask) != 0 || (translatedAddr & addrMask) != 0) {
            throw new IllegalArgumentException("iova and translatedAddr must be aligned to the page: iova=0x"
                    + Long.toHexString(iova) + " translatedAddr=0x" + Long.toHexString(translatedAddr)
                    + " addrMask=0x" + Long.toHexString(addrMask));
        }
    }

    /** An entry saying that the page {@code [iova, iova | addrMask]} is not mapped. */
    public static IommuTlbEntry unmapped(AddressSpace targetAs, long iova, long addrMask) {
        return new IommuTlbEntry(targetAs, iova, 0, addrMask, IommuAccessFlags.NONE);
    }

    /** The last offset of the page within the IOMMU region (inclusive, unsigned). */
    public long lastIova() {
        return iova | addrMask;
    }

    /** True when the page holds region offset {@code offset}. */
    public boolean covers(long offset) {
        return (offset & ~addrMask) == iova;
    }

    /** True when the page is mapped (its permissions are not {@link IommuAccessFlags#NONE}). */
    public boolean isValid() {
        return perm != IommuAccessFlags.NONE;
    }

    /**
     * The address in {@code targetAs} that region offset {@code offset} (inside the page)
     * translates to.
     */
    public long translate(long offset) {
        return translatedAddr | (offset & addrMask);
    }

    /**
     * The part of this entry within region offsets {@code [first, last]} (inclusive, unsigned), as
     * aligned power-of-two pages, in increasing order; each keeps this entry's target, mapping and
     * permissions. Empty when the ranges do not meet; this entry alone when it lies inside.
     */
    public List<IommuTlbEntry> cropTo(long first, long last) {
        long from = Long.compareUnsigned(iova, first) >= 0 ? iova : first;
        long to = Long.compareUnsigned(lastIova(), last) <= 0 ? lastIova() : last;
        if (Long.compareUnsigned(from, to) > 0) {
            return List.of();
        }
        if (from == iova && to == lastIova()) {
            return List.of(this);
        }
        ArrayList<IommuTlbEntry> out = new ArrayList<>();
        long at = from;
        while (true) {
            // The largest aligned page at 'at' that ends at or before 'to'.
            long mask = at == 0 ? -1L : (at & -at) - 1;
            while (Long.compareUnsigned(at | mask, to) > 0) {
                mask >>>= 1;
            }
            out.add(new IommuTlbEntry(targetAs, at, isValid() ? translate(at) : 0, mask, perm));
            if ((at | mask) == to) {
                return out;
            }
            at = (at | mask) + 1;
        }
    }
}
