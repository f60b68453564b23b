package dev.physmem.models.x86;

import dev.physmem.space.AddressSpace;

/**
 * Test helper: a guest driver's VT-d legacy-mode tables, written into guest RAM through the
 * CPU's memory address space: a root table, one context table for bus 0, and second-level page
 * tables allocated from a bump pointer, as a guest's {@code intel-iommu} driver lays them out.
 */
final class VtdGuestTables {
    static final long R = VtdTables.SL_R;
    static final long W = VtdTables.SL_W;
    static final long RW = R | W;

    private final AddressSpace memory;
    private final int levels;
    private long next;
    final long rootTable;
    private final long contextTable;

    /** Tables of {@code levels} (3 or 4) levels, allocated upwards from {@code base}. */
    VtdGuestTables(AddressSpace memory, long base, int levels) {
        this.memory = memory;
        this.levels = levels;
        this.next = base;
        rootTable = page();
        contextTable = page();
        memory.stqLe(rootTable, contextTable | 1);
    }

    private long page() {
        long p = next;
        next += 0x1000;
        for (int i = 0; i < 0x1000; i += 8) {
            memory.stqLe(p + i, 0);
        }
        return p;
    }

    /** Points {@code devfn}'s context entry at a new empty page table of domain {@code domain}; returns the table. */
    long context(int devfn, int domain) {
        long table = page();
        memory.stqLe(contextTable + 16L * devfn, table | 1);
        memory.stqLe(contextTable + 16L * devfn + 8, (long) domain << 8 | (levels == 4 ? VtdTables.AW_48 : VtdTables.AW_39));
        return table;
    }

    /** Makes {@code devfn}'s context entry pass-through. */
    void passThrough(int devfn, int domain) {
        memory.stqLe(contextTable + 16L * devfn, (long) VtdTables.TT_PASS_THROUGH << 2 | 1);
        memory.stqLe(contextTable + 16L * devfn + 8, (long) domain << 8 | VtdTables.AW_39);
    }

    /**
     * Maps {@code iova} to {@code addr} in {@code table} with a leaf at {@code leafLevel} (1 for
     * 4 KiB, 2 for 2 MiB, 3 for 1 GiB) and permissions {@code perm}; 0 clears the leaf.
     */
    void map(long table, long iova, long addr, int leafLevel, long perm) {
        long t = table;
        for (int level = levels; level > leafLevel; level--) {
            long slot = t + 8 * ((iova >>> (12 + 9 * (level - 1))) & 0x1ff);
            long pte = memory.ldqLe(slot);
            if ((pte & RW) == 0) {
                pte = page() | RW;
                memory.stqLe(slot, pte);
            }
            t = pte & ~0xfffL;
        }
        long leaf = perm == 0 ? 0 : addr | perm | (leafLevel > 1 ? VtdTables.SL_PS : 0);
        memory.stqLe(t + 8 * ((iova >>> (12 + 9 * (leafLevel - 1))) & 0x1ff), leaf);
    }
}
