package dev.physmem.models.x86.firmware;

import dev.physmem.models.pci.PciBarSpace;
import dev.physmem.models.pci.PciBus;
import dev.physmem.models.pci.PciFunction;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * SeaBIOS's placement of the root bus's BARs: the I/O BARs from port 0xc000 upwards; the memory
 * BARs in two blocks, non-prefetchable (with expansion ROMs) and prefetchable: the prefetchable
 * block ends as close below the top of the PCI window as its alignment allows and the other one
 * just below it, unless the non-prefetchable block has the smaller alignment, which then goes on
 * top; within each block the BARs in order of decreasing size (ties in the order SeaBIOS probes
 * them: by device/function number, then BAR index), each aligned to its size, memory BARs at
 * least 4 KiB. SeaBIOS counterpart:
 * {@code pci_bios_check_devices}, {@code pci_bios_init_root_regions_io},
 * {@code pci_bios_init_root_regions_mem} and {@code pci_region_map_entries}
 * (src/fw/pciinit.c), restricted to what the machine models have: one root bus, 32-bit BARs, no
 * bridges. ROM BARs get an address but stay disabled, as SeaBIOS leaves them.
 */
final class PciResourceAllocator {
    /** Where SeaBIOS starts the root bus's I/O window when it fits in 16 KiB. */
    static final int IO_BASE = 0xc000;
    private static final int IO_WINDOW = 0x4000;
    /** The smallest memory BAR SeaBIOS places ({@code PCI_DEVICE_MEM_MIN}). */
    private static final long MEM_MIN = 0x1000;

    private PciResourceAllocator() {
    }

    /**
     * Programs every registered BAR on {@code bus}; memory BARs go into
     * {@code [pcimemStart, pcimemEnd)}.
     *
     * @throws IllegalStateException if the BARs do not fit in the windows
     */
    static void assign(PciBus bus, long pcimemStart, long pcimemEnd) {
        List<Entry> io = new ArrayList<>();
        List<Entry> mem = new ArrayList<>();
        List<Entry> prefmem = new ArrayList<>();
        List<PciFunction> byDevfn = new ArrayList<>(bus.functions());
        byDevfn.sort(Comparator.comparingInt(PciFunction::devfn));
        for (PciFunction f : byDevfn) {
            for (int bar : f.barIndexes()) {
                PciBarSpace space = f.barSpace(bar);
                long size = space.isMemory() ? Math.max(f.barSize(bar), MEM_MIN) : f.barSize(bar);
                (switch (space) {
                    case IO -> io;
                    case MEMORY -> mem;
                    case MEMORY_PREFETCH -> prefmem;
                }).add(new Entry(f, bar, size));
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
        place(io, IO_BASE);
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
        place(top, topBase);
        place(below, belowBase);
    }

    /** A block's alignment: its largest BAR's size, 1 for an empty block. */
    private static long align(List<Entry> entries) {
        return entries.isEmpty() ? 1 : entries.getFirst().size();
    }

    private static void place(List<Entry> entries, long base) {
        long address = base;
        for (Entry e : entries) {
            e.function().setBarAddress(e.bar(), address);
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
    private record Entry(PciFunction function, int bar, long size) {
    }
}
