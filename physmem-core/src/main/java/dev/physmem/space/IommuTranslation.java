package dev.physmem.space;

import dev.physmem.attr.IommuAccessFlags;
import dev.physmem.attr.MemTxAttrs;
import dev.physmem.attr.MemTxResult;
import dev.physmem.flat.FlatRange;
import dev.physmem.flat.FlatView;
import dev.physmem.iommu.IommuMemoryRegion;
import dev.physmem.iommu.IommuTlbEntry;

/**
 * Where a piece of an access that reached an IOMMU region ends up: translated page by page,
 * through nested IOMMU regions, to a terminal range of some address space, or to nothing. QEMU
 * counterpart: {@code address_space_translate_iommu} (the loop of {@code flatview_do_translate}).
 *
 * <h2>One step</h2>
 * For region offset {@code o}: the model translates the page holding {@code o} (RO for a read,
 * WO for a write, at the index {@code attrsToIndex} picks); the piece is cut at the page's end;
 * without the needed permission the piece is unassigned (QEMU returns {@code io_mem_unassigned}:
 * DECODE_ERROR, reads see 0); otherwise it continues at {@code translatedAddr | (o & addrMask)}
 * in the entry's target space, cut at the end of the range or hole found there. A hole is
 * unassigned; another IOMMU range is the next step.
 *
 * <h2>Loops</h2>
 * After {@value #MAX_DEPTH} IOMMU steps the piece ends with {@link MemTxResult#ERROR} (reads see
 * 0, writes are dropped): a target space that shows the same IOMMU again would otherwise loop
 * forever (QEMU's loop has no bound).
 *
 * <h2>The translation page</h2>
 * {@code pageMask} is the AND of the masks of every entry met on the way (QEMU's
 * {@code page_mask} in {@code address_space_translate_iommu}): the piece's first byte lies in a
 * page of that size which translates alike, which is what {@link AddressSpace#getIotlbEntry}
 * reports. For an unassigned piece it is the mask reached before the step that failed.
 *
 * @param range the terminal, non-IOMMU range the piece reaches; null when it is unassigned
 * @param offset offset within {@code range}'s region of the piece's first byte (0 when unassigned)
 * @param length bytes of the piece that translate alike, {@code 1..requested}
 * @param fault when {@code range} is null: what the piece answers (DECODE_ERROR or ERROR)
 * @param targetAs the space {@code range} is in (the last entry's target); null when unassigned
 * @param address absolute address in {@code targetAs} of the piece's first byte (0 when unassigned)
 * @param pageMask the translation page's size − 1, 2<sup>k</sup>−1
 */
record IommuTranslation(FlatRange range, long offset, long length, MemTxResult fault, AddressSpace targetAs,
        long address, long pageMask) {

    /** IOMMU steps one piece may take before it is declared a loop. */
    static final int MAX_DEPTH = 16;

    /**
     * Translates the piece of {@code length} bytes (positive) at absolute {@code addr} of a view in
     * which {@code iommuRange}, an IOMMU range, holds {@code addr}.
     */
    static IommuTranslation resolve(FlatRange iommuRange, long addr, long length, boolean isWrite,
            MemTxAttrs attrs) {
        FlatRange range = iommuRange;
        long at = addr;
        long len = ViewAccess.clamp(length, range.last() - at + 1);
        long pageMask = -1L;
        IommuAccessFlags flag = IommuAccessFlags.forAccess(isWrite);
        for (int depth = 0; depth < MAX_DEPTH; depth++) {
            IommuMemoryRegion iommu = (IommuMemoryRegion) range.region();
            long offset = range.offsetOf(at);
            IommuTlbEntry entry = iommu.translate(offset, flag, iommu.attrsToIndex(attrs));
            len = ViewAccess.clamp(len, (offset | entry.addrMask()) - offset + 1);
            pageMask &= entry.addrMask();
            if (!entry.perm().allows(isWrite)) {
                return unassigned(len, MemTxResult.DECODE_ERROR, pageMask);
            }
            at = entry.translate(offset);
            FlatView target = entry.targetAs().view();
            range = target.lookup(at);
            if (range == null) {
                return unassigned(ViewAccess.clamp(len, ViewAccess.holeLast(target, at) - at + 1),
                        MemTxResult.DECODE_ERROR, pageMask);
            }
            len = ViewAccess.clamp(len, range.last() - at + 1);
            if (!(range.region() instanceof IommuMemoryRegion)) {
                return new IommuTranslation(range, range.offsetOf(at), len, null, entry.targetAs(), at, pageMask);
            }
        }
        return unassigned(len, MemTxResult.ERROR, pageMask);
    }

    private static IommuTranslation unassigned(long length, MemTxResult fault, long pageMask) {
        return new IommuTranslation(null, 0, length, fault, null, 0, pageMask);
    }
}
