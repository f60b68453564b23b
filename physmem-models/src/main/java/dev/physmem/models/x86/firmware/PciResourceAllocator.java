package dev.physmem.models.x86.firmware;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * SeaBIOS's placement of the root bus's BARs, through configuration cycles only: each present
 * function's BARs and ROM BAR are sized by writing all ones (the ROM: all ones but the enable
 * bit) and reading back the size mask, then restored; the I/O BARs go from port 0xc000 upwards;
 * the memory BARs in two blocks, non-prefetchable (with expansion ROMs) and prefetchable: the
 * prefetchable block ends as close below the top of the PCI window as its alignment allows and
 * the other one just below it, unless the non-prefetchable block has the smaller alignment,
 * which then goes on top; within each block the BARs in order of decreasing size (ties in
 * probe order: by device/function number, then BAR index), each aligned to its size, memory
 * BARs at least 4 KiB. A 64-bit BAR is sized and programmed through both of its dwords.
 * SeaBIOS counterpart: {@code pci_bios_get_bar}, {@code pci_bios_check_devices},
 * {@code pci_bios_init_root_regions_io}, {@code pci_bios_init_root_regions_mem},
 * {@code pci_region_map_entries} and {@code pci_set_io_region_addr} (src/fw/pciinit.c),
 * restricted to what the machine models have: one root bus, no bridges, everything below 4 GiB.
 * ROM BARs get an address but stay disabled, as SeaBIOS leaves them.
 */
final class PciResourceAllocator {
    /** Where SeaBIOS starts the root bus's I/O window when it fits in 16 KiB. */
    static final int IO_BASE = 0xc000;
    private static final int IO_WINDOW = 0x4000;
    /** The smallest memory BAR SeaBIOS places ({@code PCI_DEVICE_MEM_MIN}). */
    private static final long MEM_MIN = 0x1000;
    private static final int BAR0 = 0x10;
    private static final int ROM_ADDRESS = 0x30;
    private static final int ROM_SLOT = 6;
    private static final long IO_MASK = ~0x3L;
    private static final long MEM_MASK = ~0xfL;
    private static final long ROM_MASK = ~0x7ffL;

    private PciResourceAllocator() {
    }

    /** The kinds of window a BAR goes to. SeaBIOS: {@code PCI_REGION_TYPE_*}. */
    private enum Kind { IO, MEM, PREFMEM }

    /**
     * Sizes and programs every BAR of every function on bus 0; memory BARs go into
     * {@code [pcimemStart, pcimemEnd)}.
     *
     * @throws IllegalStateException if the BARs do not fit in the windows
     */
    static void assign(PciConfigCycles cfg, long pcimemStart, long pcimemEnd) {
        List<Entry> io = new ArrayList<>();
        List<Entry> mem = new ArrayList<>();
        List<Entry> prefmem = new ArrayList<>();
        for (int bdf : cfg.probeBus0()) {
            for (int bar = 0; bar <= ROM_SLOT; bar++) {
                Entry e = sizeBar(cfg, bdf, bar);
                if (e == null) {
                    continue;
                }
                (switch (e.kind()) {
                    case IO -> io;
                    case MEM -> mem;
                    case PREFMEM -> prefmem;
                }).add(e);
                if (e.is64()) {
                    bar++;
                }
            }
        }
        Comparator<Entry> largestFirst = Comparator.comparingLong(Entry::size).reversed();
        io.sort(largestFirst);
        mem.sort(largestFirst);
        prefmem.sort(largestFirst);
        long ioSum = sum(io);
        if (ioSum > IO_WINDOW) {
            throw new IllegalStateException("I/O BARs do not fit the root bus window: sum=0x" + Long.toHexString(ioSum));
        }
        place(cfg, io, IO_BASE);
        // SeaBIOS puts the prefetchable block on top, and swaps when that improves alignment.
        boolean swap = align(mem) < align(prefmem);
        List<Entry> top = swap ? mem : prefmem;
        List<Entry> below = swap ? prefmem : mem;
        long topBase = (pcimemEnd - sum(top)) & -align(top);
        long belowBase = (topBase - sum(below)) & -align(below);
        if (belowBase < pcimemStart) {
            throw new IllegalStateException("memory BARs do not fit the PCI window: base=0x" + Long.toHexString(belowBase)
                    + " pcimemStart=0x" + Long.toHexString(pcimemStart));
        }
        place(cfg, top, topBase);
        place(cfg, below, belowBase);
    }

    /** Sizes BAR {@code bar} of {@code bdf} as SeaBIOS's {@code pci_bios_get_bar}; null if it is not implemented. */
    private static Entry sizeBar(PciConfigCycles cfg, int bdf, int bar) {
        int offset = bar == ROM_SLOT ? ROM_ADDRESS : BAR0 + 4 * bar;
        int old = cfg.readl(bdf, offset);
        Kind kind = Kind.MEM;
        boolean is64 = false;
        long mask;
        if (bar == ROM_SLOT) {
            mask = ROM_MASK;
            cfg.writel(bdf, offset, (int) ROM_MASK);
        } else {
            if ((old & 0x1) != 0) {
                mask = IO_MASK;
                kind = Kind.IO;
            } else {
                mask = MEM_MASK;
                kind = (old & 0x8) != 0 ? Kind.PREFMEM : Kind.MEM;
                is64 = bar < ROM_SLOT - 1 && (old & 0x6) == 0x4;
            }
            cfg.writel(bdf, offset, ~0);
        }
        long value = cfg.readl(bdf, offset) & 0xffff_ffffL;
        cfg.writel(bdf, offset, old);
        if (is64) {
            int high = cfg.readl(bdf, offset + 4);
            cfg.writel(bdf, offset + 4, ~0);
            value |= (long) cfg.readl(bdf, offset + 4) << 32;
            cfg.writel(bdf, offset + 4, high);
            mask |= 0xffff_ffffL << 32;
        } else {
            mask &= 0xffff_ffffL;
        }
        long sizeMask = value & mask;
        if (sizeMask == 0) {
            return null;
        }
        long size = is64 ? -sizeMask : (~sizeMask & 0xffff_ffffL) + 1;
        if (kind != Kind.IO) {
            size = Math.max(size, MEM_MIN);
        }
        return new Entry(bdf, bar, offset, kind, is64, size);
    }

    /** A block's alignment: its largest BAR's size, 1 for an empty block. */
    private static long align(List<Entry> entries) {
        return entries.isEmpty() ? 1 : entries.getFirst().size();
    }

    /** SeaBIOS: {@code pci_set_io_region_addr} for each entry in turn. */
    private static void place(PciConfigCycles cfg, List<Entry> entries, long base) {
        long address = base;
        for (Entry e : entries) {
            cfg.writel(e.bdf(), e.offset(), (int) address);
            if (e.is64()) {
                cfg.writel(e.bdf(), e.offset() + 4, (int) (address >>> 32));
            }
            address += e.size();
        }
    }

    private static long sum(List<Entry> entries) {
        long sum = 0;
        for (Entry e : entries) {
            sum += e.size();
        }
        return sum;
    }

    /** One BAR to place. */
    private record Entry(int bdf, int bar, int offset, Kind kind, boolean is64, long size) {
    }
}
