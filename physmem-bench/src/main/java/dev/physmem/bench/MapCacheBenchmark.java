package dev.physmem.bench;

import dev.physmem.MemorySystem;
import dev.physmem.attr.MemTxAttrs;
import dev.physmem.attr.MemTxResult;
import dev.physmem.region.ContainerRegion;
import dev.physmem.space.AddressSpace;
import dev.physmem.space.GuestMapping;
import dev.physmem.space.MemoryRegionCache;
import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * DMA paths over 16 MiB of guest RAM (one region, so every lookup hits the most-recently-used
 * range, as in {@link AccessBenchmark} with {@code sections = 1}):
 * <ul>
 *   <li>{@code mapUnmap4KiBRead}/{@code mapUnmap4KiBWrite}: {@code map} of a random 4 KiB page and
 *       its {@code unmap} (for write: the dirty mark of the whole page), nothing accessed in
 *       between;</li>
 *   <li>{@code cachedLdqLe} vs {@code addressSpaceLdqLe}: an 8-byte load at a random offset of a
 *       4 KiB ring, through a {@link MemoryRegionCache} made once and through
 *       {@link AddressSpace#ldqLe(long)};</li>
 *   <li>{@code cachedStqLe} vs {@code addressSpaceStqLe}: the same for stores (each marks dirty,
 *       nobody logs the region).</li>
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class MapCacheBenchmark {
    private static final int OFFSETS = 1 << 12;
    private static final long RAM = 16L << 20;
    private static final long RING = 0x4000;
    private static final long RING_SIZE = 4096;

    private AddressSpace memory;
    private MemoryRegionCache ring;
    private MemoryRegionCache ringForWrite;
    private long[] pages;
    private long[] offsets;
    private int next;

    @Setup
    public void build() {
        MemorySystem system = new MemorySystem();
        ContainerRegion root = Maps.emptyRoot(system);
        MemorySegment backing = Maps.backing(RAM / Maps.PAGE);
        root.addSubregion(0, system.initRamPtr(null, "ram", RAM, backing));
        memory = system.addressSpace(root, "memory");
        backing.fill((byte) 0x5a); // touch every page: no first-touch faults while measuring
        ring = memory.cacheInit(RING, RING_SIZE, false);
        ringForWrite = memory.cacheInit(RING, RING_SIZE, true);
        SplittableRandom rnd = new SplittableRandom(13);
        pages = new long[OFFSETS];
        offsets = new long[OFFSETS];
        for (int i = 0; i < OFFSETS; i++) {
            pages[i] = rnd.nextLong(RAM / Maps.PAGE) * Maps.PAGE;
            offsets[i] = rnd.nextLong(RING_SIZE / 8) * 8;
        }
    }

    @TearDown
    public void close() {
        ring.close();
        ringForWrite.close();
    }

    private long page() {
        return pages[next++ & (OFFSETS - 1)];
    }

    private long offset() {
        return offsets[next++ & (OFFSETS - 1)];
    }

    @Benchmark
    public MemTxResult mapUnmap4KiBRead() {
        GuestMapping m = memory.map(page(), Maps.PAGE, false, MemTxAttrs.UNSPECIFIED).orElseThrow();
        return memory.unmap(m, Maps.PAGE, false);
    }

    @Benchmark
    public MemTxResult mapUnmap4KiBWrite() {
        GuestMapping m = memory.map(page(), Maps.PAGE, true, MemTxAttrs.UNSPECIFIED).orElseThrow();
        return memory.unmap(m, Maps.PAGE, true);
    }

    @Benchmark
    public long cachedLdqLe() {
        return ring.ldqLe(offset());
    }

    @Benchmark
    public long addressSpaceLdqLe() {
        return memory.ldqLe(RING + offset());
    }

    @Benchmark
    public void cachedStqLe() {
        long o = offset();
        ringForWrite.stqLe(o, o);
    }

    @Benchmark
    public void addressSpaceStqLe() {
        long o = offset();
        memory.stqLe(RING + o, o);
    }
}
