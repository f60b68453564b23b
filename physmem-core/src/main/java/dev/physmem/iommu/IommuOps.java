package dev.physmem.iommu;

import dev.physmem.attr.IommuAccessFlags;
import dev.physmem.attr.MemTxAttrs;
import java.util.Set;

/**
 * The IOMMU model behind an {@link IommuMemoryRegion}: its translation and the hooks the memory
 * API calls. QEMU counterpart: {@code IOMMUMemoryRegionClass} ({@code translate},
 * {@code attrs_to_index}, {@code num_indexes}, {@code get_min_page_size},
 * {@code notify_flag_changed}, {@code replay}).
 *
 * <h2>When each method is called</h2>
 * <ul>
 *   <li>{@link #translate}: by every access through an address space that reaches the region (on
 *       the accessing thread, without locks: it must be thread-safe and must not block), by
 *       {@link IommuMemoryRegion#translate} callers, and by the default replay;</li>
 *   <li>{@link #attrsToIndex}: before each translation of an access, to pick the index;</li>
 *   <li>{@link #notifyFlagChanged}: when registering or unregistering a notifier changes the union
 *       of the flags of the region's notifiers; under the memory system's topology lock;</li>
 *   <li>{@link #replay}: by {@link IommuMemoryRegion#replay}, under no lock of the memory API's.</li>
 * </ul>
 */
public interface IommuOps {

    /**
     * Translates region offset {@code addr} for an access of kind {@code flag} (RO for a read, WO
     * for a write, NONE for a lookup that will not access: replay) at IOMMU index
     * {@code iommuIdx}. QEMU: {@code translate}.
     *
     * <p>The entry must describe the page holding {@code addr} ({@code iova == addr & ~addrMask})
     * in the region's frame, and must not be null: a page that is not mapped is an entry with
     * permissions {@link IommuAccessFlags#NONE} (say how large the hole is with its mask). The
     * access path checks the permissions; the model need not fail a translation for them. An
     * entry that breaks this contract makes the access throw {@link IllegalStateException}.
     */
    IommuTlbEntry translate(long addr, IommuAccessFlags flag, int iommuIdx);

    /**
     * The IOMMU index for an access with {@code attrs}, in {@code [0, numIndexes())}. Default 0.
     * QEMU: {@code attrs_to_index}.
     */
    default int attrsToIndex(MemTxAttrs attrs) {
        return 0;
    }

    /** How many IOMMU indexes the model has (at least 1). Default 1. QEMU: {@code num_indexes}. */
    default int numIndexes() {
        return 1;
    }

    /**
     * The smallest page the model maps, a power of two: the step of the default replay. Default
     * 4 KiB ({@code TARGET_PAGE_SIZE}). QEMU: {@code get_min_page_size}.
     */
    default long minPageSize() {
        return 4096;
    }

    /**
     * The union of the flags of the region's notifiers changes from {@code oldFlags} to
     * {@code newFlags} (either may be empty). A model that cannot deliver some kind of event
     * (MAP, say, because it does not trap the guest's table updates) throws
     * {@link IllegalStateException}: a registration that caused the change is then undone and the
     * exception reaches the registrant. QEMU: {@code notify_flag_changed} (non-zero return).
     */
    default void notifyFlagChanged(Set<IommuNotifierFlag> oldFlags, Set<IommuNotifierFlag> newFlags) {
    }

    /**
     * Tells {@code notifier} every mapping in its range as MAP events, through
     * {@link IommuMemoryRegion#notifyOne}. The default walks {@link #translate} with
     * {@link IommuAccessFlags#NONE} ({@link IommuMemoryRegion#replayByTranslation}); a model with
     * page tables does better by walking them. QEMU: {@code replay}.
     */
    default void replay(IommuMemoryRegion region, IommuNotifier notifier) {
        region.replayByTranslation(notifier);
    }
}
