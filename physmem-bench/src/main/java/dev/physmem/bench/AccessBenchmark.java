package dev.physmem.bench;

import dev.physmem.MemorySystem;
import dev.physmem.attr.MemTxAttrs;
import dev.physmem.attr.MemTxResult;
import dev.physmem.region.ContainerRegion;
import dev.physmem.region.RamRegion;
import dev.physmem.space.AddressSpace;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Loads, stores and 4 KiB copies through {@link AddressSpace} at random addresses of guest RAM:
 * {@code ldqLe}/{@code stqLe} (8-byte aligned), and {@code read}/{@code write} of a 4 KiB page into
 * or out of a heap array, into off-heap memory, and RAM to RAM (reading one guest page straight
 * into another RAM region's host memory, one {@code MemorySegment.copy}).
 *
 * <p>{@code sections = 1}: one 16 MiB RAM region, so the most-recently-used check always hits.
 * {@code sections = 4096}: the same 16 MiB as 4096 RAM regions of 4 KiB, so nearly every access
 * misses it and walks the dispatch tree.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class AccessBenchmark {
    private static final int ADDRESSES = 1 << 16;
    private static final long RAM = 16L << 20;
    private static final int COPY = 4096;

    @Param({"1", "4096"})
    public int sections;

    private AddressSpace memory;
    private long[] addresses;
    private long[] pages;
    private int next;
    private final byte[] heapBuffer = new byte[COPY];
    private MemorySegment nativeBuffer;
    private MemorySegment otherRam;

    @Setup
    public void build() {
        MemorySystem system = new MemorySystem();
        ContainerRegion root = Maps.emptyRoot(system);
        MemorySegment backing = Maps.backing(RAM / Maps.PAGE);
        try (var tx = system.transaction()) {
            if (sections == 1) {
                root.addSubregion(0, system.initRamPtr(null, "ram", RAM, backing));
            } else {
                RamRegion[] ram = Maps.ramPages(system, backing, sections);
                for (int i = 0; i < sections; i++) {
                    root.addSubregion(i * Maps.PAGE, ram[i]);
                }
            }
        }
        memory = system.addressSpace(root, "memory");
        backing.fill((byte) 0x5a); // touch every page: no first-touch faults while measuring
        nativeBuffer = Arena.ofAuto().allocate(COPY, 64);
        otherRam = Maps.backing(1);
        SplittableRandom rnd = new SplittableRandom(11);
        addresses = new long[ADDRESSES];
        pages = new long[ADDRESSES];
        for (int i = 0; i < ADDRESSES; i++) {
            addresses[i] = rnd.nextLong(RAM / 8) * 8;
            pages[i] = rnd.nextLong(RAM / COPY) * COPY;
        }
    }

    private long address() {
        return addresses[next++ & (ADDRESSES - 1)];
    }

    private long page() {
        return pages[next++ & (ADDRESSES - 1)];
    }

    @Benchmark
    public long ldqLe() {
        return memory.ldqLe(address());
    }

    @Benchmark
    public void stqLe() {
        long a = address();
        memory.stqLe(a, a);
    }

    @Benchmark
    public MemTxResult read4KiBToHeap() {
        return memory.read(page(), MemTxAttrs.UNSPECIFIED, heapBuffer, 0, COPY);
    }

    @Benchmark
    public MemTxResult read4KiBToNative() {
        return memory.read(page(), MemTxAttrs.UNSPECIFIED, nativeBuffer);
    }

    @Benchmark
    public MemTxResult write4KiBFromHeap() {
        return memory.write(page(), MemTxAttrs.UNSPECIFIED, heapBuffer, 0, COPY);
    }

    /** A guest page copied into another RAM region's host memory: RAM to RAM in one copy. */
    @Benchmark
    public MemTxResult copy4KiBRamToRam() {
        return memory.read(page(), MemTxAttrs.UNSPECIFIED, otherRam);
    }
}
