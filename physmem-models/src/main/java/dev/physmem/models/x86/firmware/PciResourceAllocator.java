package dev.physmem.models.x86.firmware;

import dev.physmem.models.x86.PciBarSpace;
import dev.physmem.models.x86.PciBus;
import dev.physmem.models.x86.PciFunction;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * SeaBIOS's placement of the root bus's BARs: the I/O BARs from port 0xc000 upwards, the memory
 * BARs in one block that ends as close below the top of the PCI window as their alignment
 * allows; within each block the BARs in order of decreasing size (ties in bus order), each
 * aligned to its size. SeaBIOS counterpart: {@code pci_bios_check_devices},
 * {@code pci_bios_init_root_regions_io}, {@code pci_bios_init_root_regions_mem} and
 * {@code pci_region_map_entries} (src/fw/pciinit.c), restricted to what the machine models
 * have: one root bus, 32-bit BARs, no bridges, no ROM BARs, no prefetchable window.
 */
final class PciResourceAllocator {
    /** Where SeaBIOS starts the root bus's I/O window when it fits in 16 KiB. */
    static final int IO_BASE = 0xc000;
    private static final int IO_WINDOW = 0x4000;

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
        for (PciFunction f : bus.functions()) {
            for (int bar : f.barIndexes()) {
                (f.barSpace(bar) == PciBarSpace.IO ? io : mem).add(new Entry(f, bar, f.barSize(bar)));
            }
        }
        Comparator<Entry> largestFirst = Comparator.comparingLong(Entry::size).reversed();
        io.sort(largestFirst);
        mem.sort(largestFirst);
        long ioSum = sum(io);
        if (ioSum > IO_WINDOW) {
            throw new IllegalStateException("I/O BARs do not fit the root bus window: sum=0x" + Long.toHexString(ioSum));
        }
        place(io, IO_BASE);
        if (!mem.isEmpty()) {
            long align = mem.getFirst().size();
            long base = (pcimemEnd - sum(mem)) & -align;
            if (base < pcimemStart) {
                throw new IllegalStateException("memory BARs do not fit the PCI window: base=0x" + Long.toHexString(base)
                        + " pcimemStart=0x" + Long.toHexString(pcimemStart));
            }
            place(mem, base);
        }
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
