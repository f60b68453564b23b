package dev.physmem.testing;

import dev.physmem.attr.IommuAccessFlags;
import dev.physmem.attr.MemTxAttrs;
import dev.physmem.iommu.IommuNotifierFlag;
import dev.physmem.iommu.IommuOps;
import dev.physmem.iommu.IommuTlbEntry;
import dev.physmem.space.AddressSpace;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An IOMMU model for tests: per index, a map from page to entry; pages not in it translate to an
 * unmapped entry of one page. Secure accesses use index 1 when there are two indexes. Counts
 * translations and records flag changes as {@code "[OLD]->[NEW]"}. Tests that need a broken model
 * override a method.
 */
public class PageTableIommu implements IommuOps {
    private final long pageMask;
    private final List<Map<Long, IommuTlbEntry>> tables = new ArrayList<>();
    private AddressSpace target;
    /** Every {@code notifyFlagChanged} call, as {@code "[OLD]->[NEW]"}. */
    public final List<String> flagChanges = new ArrayList<>();
    /** Every {@code translate} call's flag, in order. */
    public final List<IommuAccessFlags> translations = new ArrayList<>();

    public PageTableIommu(long pageSize, int numIndexes) {
        this.pageMask = pageSize - 1;
        for (int i = 0; i < numIndexes; i++) {
            tables.add(new HashMap<>());
        }
    }

    /** One index, pages of {@code pageSize}. */
    public PageTableIommu(long pageSize) {
        this(pageSize, 1);
    }

    /** The space unmapped entries name as target (set before the first translation). */
    public PageTableIommu target(AddressSpace as) {
        this.target = as;
        return this;
    }

    /** Maps the page at {@code iova} (index 0) to {@code translated} in the default target. */
    public IommuTlbEntry map(long iova, long translated, IommuAccessFlags perm) {
        return put(0, new IommuTlbEntry(target, iova, translated, pageMask, perm));
    }

    /** Installs {@code entry} (any page size) at index {@code idx}; returns it. */
    public IommuTlbEntry put(int idx, IommuTlbEntry entry) {
        tables.get(idx).put(entry.iova(), entry);
        return entry;
    }

    /** Removes the page at {@code iova} (index 0); returns the unmapped entry for it. */
    public IommuTlbEntry unmap(long iova) {
        tables.get(0).remove(iova);
        return IommuTlbEntry.unmapped(target, iova, pageMask);
    }

    @Override
    public synchronized IommuTlbEntry translate(long addr, IommuAccessFlags flag, int iommuIdx) {
        translations.add(flag);
        for (IommuTlbEntry e : tables.get(iommuIdx).values()) {
            if (e.covers(addr)) {
                return e;
            }
        }
        return IommuTlbEntry.unmapped(target, addr & ~pageMask, pageMask);
    }

    @Override
    public int attrsToIndex(MemTxAttrs attrs) {
        return attrs.secure() && tables.size() > 1 ? 1 : 0;
    }

    @Override
    public int numIndexes() {
        return tables.size();
    }

    @Override
    public long minPageSize() {
        return pageMask + 1;
    }

    @Override
    public void notifyFlagChanged(Set<IommuNotifierFlag> oldFlags, Set<IommuNotifierFlag> newFlags) {
        flagChanges.add(oldFlags + "->" + newFlags);
    }
}
