package dev.physmem.models.x86;

import dev.physmem.attr.MemTxAttrs;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import dev.physmem.space.AddressSpace;
import dev.physmem.space.MemTxResultHolder;

/**
 * The VT-d legacy-mode translation structures in guest memory, read the way the remapping
 * hardware reads them: the root table (one 128-bit entry per bus), the context tables (one
 * 128-bit entry per device/function) and the second-level page tables (3 or 4 levels of 512
 * 64-bit entries; 4 KiB leaves, 2 MiB and 1 GiB superpages). QEMU counterpart:
 * {@code vtd_get_root_entry}, {@code vtd_dev_to_context_entry}, {@code vtd_iova_to_slpte} and
 * {@code vtd_page_walk} (hw/i386/intel_iommu.c).
 *
 * <h2>Formats (Intel VT-d 3.x, 9.1-9.3)</h2>
 * <ul>
 *   <li>Root entry {@code bus} at {@code rootTable + 16 * bus}: bit 0 present, bits 63:12 the
 *       context table's address.
 *   <li>Context entry {@code devfn} at {@code contextTable + 16 * devfn}: low word bit 0 present,
 *       bit 1 fault processing disable, bits 3:2 translation type ({@link #TT_MULTI_LEVEL},
 *       {@link #TT_DEVICE_IOTLB}, {@link #TT_PASS_THROUGH}), bits 63:12 the second-level page
 *       table; high word bits 2:0 address width ({@link #AW_39} 3-level, {@link #AW_48}
 *       4-level), bits 23:8 domain id.
 *   <li>Second-level entry: bit 0 read, bit 1 write (an entry with neither is not present),
 *       bit 7 page size (a leaf at level 2 or 3), bits 51:12 the address.
 * </ul>
 * Every read goes through the {@code memory} address space with unspecified attributes; a
 * read that fails is a fault (QEMU: {@code VTD_FR_ROOT_TABLE_INV}, {@code VTD_FR_CONTEXT_TABLE_INV},
 * {@code VTD_FR_PAGING_ENTRY_INV}). Reserved bits are not checked.
 *
 * <h2>Thread safety</h2>
 * Stateless apart from the {@code memory} reference; safe from any thread.
 */
final class VtdTables {
    /** Fault reason: root entry not present ({@code VTD_FR_ROOT_ENTRY_P}). */
    static final int FR_ROOT_ENTRY_P = 1;
    /** Fault reason: context entry not present ({@code VTD_FR_CONTEXT_ENTRY_P}). */
    static final int FR_CONTEXT_ENTRY_P = 2;
    /** Fault reason: invalid context entry ({@code VTD_FR_CONTEXT_ENTRY_INV}). */
    static final int FR_CONTEXT_ENTRY_INV = 3;
    /** Fault reason: input address above the address width ({@code VTD_FR_ADDR_BEYOND_MGAW}). */
    static final int FR_ADDR_BEYOND_MGAW = 4;
    /** Fault reason: write not permitted or page not present ({@code VTD_FR_WRITE}). */
    static final int FR_WRITE = 5;
    /** Fault reason: read not permitted or page not present ({@code VTD_FR_READ}). */
    static final int FR_READ = 6;
    /** Fault reason: a paging entry could not be read ({@code VTD_FR_PAGING_ENTRY_INV}). */
    static final int FR_PAGING_ENTRY_INV = 7;
    /** Fault reason: the root table could not be read ({@code VTD_FR_ROOT_TABLE_INV}). */
    static final int FR_ROOT_TABLE_INV = 8;
    /** Fault reason: the context table could not be read ({@code VTD_FR_CONTEXT_TABLE_INV}). */
    static final int FR_CONTEXT_TABLE_INV = 9;

    /** Context translation type: untranslated requests through the page tables. */
    static final int TT_MULTI_LEVEL = 0;
    /** Context translation type: also translation requests (device-IOTLB). */
    static final int TT_DEVICE_IOTLB = 1;
    /** Context translation type: pass-through. */
    static final int TT_PASS_THROUGH = 2;
    /** Context address width: 39 bits, 3-level tables. */
    static final int AW_39 = 1;
    /** Context address width: 48 bits, 4-level tables. */
    static final int AW_48 = 2;

    static final long SL_R = 1;
    static final long SL_W = 2;
    static final long SL_PS = 1L << 7;
    private static final long ADDR_MASK = 0x000f_ffff_ffff_f000L;
    private static final int LEVEL_BITS = 9;
    private static final int PAGE_SHIFT = 12;

    private final AddressSpace memory;

    VtdTables(AddressSpace memory) {
        this.memory = memory;
    }

    /**
     * A context entry as read. {@code fault} is 0 for a usable entry, else the reason it is not.
     *
     * @param fault 0 or a fault reason
     * @param lo the low 64 bits
     * @param hi the high 64 bits
     */
    record Context(int fault, long lo, long hi) {
        static Context fault(int reason) {
            return new Context(reason, 0, 0);
        }

        boolean ok() {
            return fault == 0;
        }

        boolean faultsDisabled() {
            return (lo & 2) != 0;
        }

        int translationType() {
            return (int) (lo >>> 2) & 3;
        }

        long pageTable() {
            return lo & ADDR_MASK;
        }

        int domainId() {
            return (int) (hi >>> 8) & 0xffff;
        }

        /** Levels of the second-level tables: 3 for 39-bit, 4 for 48-bit. */
        int levels() {
            return (int) (hi & 7) + 2;
        }

        /** The input address width in bits. */
        int addressWidth() {
            return PAGE_SHIFT + LEVEL_BITS * levels();
        }
    }

    /**
     * One leaf of the page tables, or a fault.
     *
     * @param fault 0 or a fault reason
     * @param iova first input address of the page
     * @param addr first output address of the page
     * @param mask page size - 1
     * @param read whether every level allows reads
     * @param write whether every level allows writes
     */
    record Leaf(int fault, long iova, long addr, long mask, boolean read, boolean write) {
        static Leaf fault(int reason, long iova) {
            return new Leaf(reason, iova & ~0xfffL, 0, 0xfff, false, false);
        }
    }

    /** Receives the leaves of a walk, in address order. */
    interface LeafVisitor {
        void leaf(long iova, long addr, long mask, boolean read, boolean write);
    }

    /**
     * The context entry of {@code bus:devfn} under the root table at {@code rootTable}.
     * {@code pageLevelsSupported} is the bit set of levels the hardware supports (bit 3 for
     * 3-level, bit 4 for 4-level); another address width is an invalid entry.
     */
    Context context(long rootTable, int bus, int devfn, int pageLevelsSupported) {
        long[] entry = new long[2];
        if (!readEntry(rootTable + 16L * bus, entry)) {
            return Context.fault(FR_ROOT_TABLE_INV);
        }
        long root = entry[0];
        if ((root & 1) == 0) {
            return Context.fault(FR_ROOT_ENTRY_P);
        }
        if (!readEntry((root & ADDR_MASK) + 16L * devfn, entry)) {
            return Context.fault(FR_CONTEXT_TABLE_INV);
        }
        long lo = entry[0];
        long hi = entry[1];
        if ((lo & 1) == 0) {
            return Context.fault(FR_CONTEXT_ENTRY_P);
        }
        Context ce = new Context(0, lo, hi);
        int aw = (int) (hi & 7);
        if (ce.translationType() == 3 || (ce.translationType() != TT_PASS_THROUGH
                && (aw < AW_39 || aw > AW_48 || (pageLevelsSupported & (1 << ce.levels())) == 0))) {
            return Context.fault(FR_CONTEXT_ENTRY_INV);
        }
        return ce;
    }

    /**
     * Reads the 128-bit table entry at {@code addr} into {@code out} (low, high) with one access,
     * as QEMU's {@code dma_memory_read} of the whole entry: false if any byte could not be read.
     */
    private boolean readEntry(long addr, long[] out) {
        byte[] raw = new byte[16];
        if (!memory.read(addr, MemTxAttrs.UNSPECIFIED, raw, 0, 16).isOk()) {
            return false;
        }
        ByteBuffer le = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        out[0] = le.getLong(0);
        out[1] = le.getLong(8);
        return true;
    }

    /**
     * Walks {@code ce}'s page tables for input address {@code iova}. A missing permission is not
     * a fault here: the leaf says what the levels allow. QEMU: {@code vtd_iova_to_slpte}.
     */
    Leaf translate(Context ce, long iova) {
        if (iova >>> ce.addressWidth() != 0) {
            return Leaf.fault(FR_ADDR_BEYOND_MGAW, iova);
        }
        long table = ce.pageTable();
        boolean read = true;
        boolean write = true;
        MemTxResultHolder r = new MemTxResultHolder();
        for (int level = ce.levels(); ; level--) {
            int shift = PAGE_SHIFT + LEVEL_BITS * (level - 1);
            long pte = memory.ldqLe(table + 8 * ((iova >>> shift) & 0x1ff), MemTxAttrs.UNSPECIFIED, r);
            if (!r.get().isOk()) {
                return Leaf.fault(FR_PAGING_ENTRY_INV, iova);
            }
            if ((pte & (SL_R | SL_W)) == 0) {
                return Leaf.fault(FR_READ, iova);
            }
            read &= (pte & SL_R) != 0;
            write &= (pte & SL_W) != 0;
            if (level == 1 || (level <= 3 && (pte & SL_PS) != 0)) {
                long mask = (1L << shift) - 1;
                return new Leaf(0, iova & ~mask, pte & ADDR_MASK & ~mask, mask, read, write);
            }
            table = pte & ADDR_MASK;
        }
    }

    /**
     * Visits every present leaf of {@code ce}'s tables that meets {@code [first, last]}, in
     * address order; unreadable tables are skipped. QEMU: {@code vtd_page_walk_level}.
     */
    void walk(Context ce, long first, long last, LeafVisitor visitor) {
        long top = ce.addressWidth() >= 64 ? -1L : (1L << ce.addressWidth()) - 1;
        if (Long.compareUnsigned(first, top) > 0) {
            return;
        }
        walkLevel(ce.pageTable(), ce.levels(), 0, first, Long.compareUnsigned(last, top) < 0 ? last : top, true, true,
                visitor);
    }

    private void walkLevel(long table, int level, long base, long first, long last, boolean read, boolean write,
            LeafVisitor visitor) {
        int shift = PAGE_SHIFT + LEVEL_BITS * (level - 1);
        long span = 1L << shift;
        int from = (int) ((Math.max(first, base) - base) >>> shift);
        int to = (int) Math.min(511, (last - base) >>> shift);
        MemTxResultHolder r = new MemTxResultHolder();
        for (int i = from; i <= to; i++) {
            long pte = memory.ldqLe(table + 8L * i, MemTxAttrs.UNSPECIFIED, r);
            if (!r.get().isOk() || (pte & (SL_R | SL_W)) == 0) {
                continue;
            }
            long iova = base + i * span;
            boolean rd = read && (pte & SL_R) != 0;
            boolean wr = write && (pte & SL_W) != 0;
            if (level == 1 || (level <= 3 && (pte & SL_PS) != 0)) {
                visitor.leaf(iova, pte & ADDR_MASK & ~(span - 1), span - 1, rd, wr);
            } else {
                walkLevel(pte & ADDR_MASK, level - 1, iova, first, last, rd, wr, visitor);
            }
        }
    }
}
