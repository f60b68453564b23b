package dev.physmem.bench;

import dev.physmem.MemorySystem;
import dev.physmem.host.AnonymousMemory;
import dev.physmem.region.ContainerRegion;
import dev.physmem.region.MemoryRegion;
import dev.physmem.region.MemoryRegionOps;
import dev.physmem.region.RamRegion;
import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;

/** Memory maps the benchmarks share, built the way a machine model would build them. */
final class Maps {
    static final long PAGE = 0x1000;
    static final MemoryRegionOps NO_OPS = MemoryRegionOps.of((offset, size) -> 0, (offset, value, size) -> {});

    private Maps() {
    }

    /** A system with a 2^64 root container named {@code system} and nothing mapped. */
    static ContainerRegion emptyRoot(MemorySystem system) {
        return system.initContainer(null, "system", MemoryRegion.SIZE_2_64);
    }

    /** Host memory for {@code pages} 4 KiB pages, committed only when touched. */
    static MemorySegment backing(long pages) {
        return AnonymousMemory.map(pages * PAGE);
    }

    /** {@code count} 4 KiB RAM regions over consecutive slices of {@code backing}, not mapped yet. */
    static RamRegion[] ramPages(MemorySystem system, MemorySegment backing, int count) {
        RamRegion[] pages = new RamRegion[count];
        for (int i = 0; i < count; i++) {
            pages[i] = system.initRamPtr(null, "ram" + i, PAGE, backing.asSlice(i * PAGE, PAGE));
        }
        return pages;
    }

    /**
     * Maps {@code count} I/O regions of mixed sizes (16 B to 16 MiB, log-uniform; half of them page
     * aligned) with random gaps, in one transaction; returns {@code [start, last]} of each.
     */
    static long[] mapMixed(MemorySystem system, ContainerRegion root, int count, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        long[] bounds = new long[2 * count];
        long cursor = 0;
        try (var tx = system.transaction()) {
            for (int i = 0; i < count; i++) {
                long size = 1L << rnd.nextInt(4, 25);
                size += rnd.nextLong(size);
                boolean aligned = rnd.nextBoolean();
                if (aligned) {
                    size = Math.max(PAGE, size & -PAGE);
                    cursor = (cursor + PAGE - 1) & -PAGE;
                }
                cursor += rnd.nextInt(4) == 0 ? 0 : rnd.nextLong(aligned ? 64 * PAGE : 0x800) & (aligned ? -PAGE : -1L);
                root.addSubregion(cursor, system.initIo(null, NO_OPS, "io" + i, size));
                bounds[2 * i] = cursor;
                bounds[2 * i + 1] = cursor + size - 1;
                cursor += size;
            }
        }
        return bounds;
    }
}
