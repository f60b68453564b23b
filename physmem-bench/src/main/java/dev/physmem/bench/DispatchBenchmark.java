package dev.physmem.bench;

import dev.physmem.MemorySystem;
import dev.physmem.flat.FlatRange;
import dev.physmem.flat.FlatView;
import dev.physmem.region.ContainerRegion;
import dev.physmem.region.RamRegion;
import dev.physmem.space.AddressSpace;
import java.util.Arrays;
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
 * Finds the range of a random address of a mapped section: {@link FlatView#lookup} (the dispatch
 * radix tree), the same through {@link AddressSpace#view()} (adds the volatile read), and, for comparison, a plain binary search over sorted starts, which is what
 * rust-vmm's {@code GuestMemoryMmap::find_region} does.
 *
 * <p>Layouts: {@code pages} maps N consecutive 4 KiB RAM regions; {@code mixed} maps N I/O
 * regions of 16 B to 16 MiB with random gaps, half of them not page aligned (so many pages are
 * subpages). Addresses pick a section uniformly, then an offset in it; 64 Ki of them are
 * precomputed and cycled.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class DispatchBenchmark {
    private static final int ADDRESSES = 1 << 16;

    @Param({"1", "64", "1024", "4096", "16384"})
    public int sections;

    @Param({"pages", "mixed"})
    public String layout;

    private AddressSpace memory;
    private FlatView view;
    private long[] addresses;
    private long[] starts;
    private long[] lasts;
    private int next;

    @Setup
    public void build() {
        MemorySystem system = new MemorySystem();
        ContainerRegion root = Maps.emptyRoot(system);
        long[] bounds;
        if (layout.equals("pages")) {
            RamRegion[] pages = Maps.ramPages(system, Maps.backing(sections), sections);
            bounds = new long[2 * sections];
            try (var tx = system.transaction()) {
                for (int i = 0; i < sections; i++) {
                    root.addSubregion(i * Maps.PAGE, pages[i]);
                    bounds[2 * i] = i * Maps.PAGE;
                    bounds[2 * i + 1] = i * Maps.PAGE + Maps.PAGE - 1;
                }
            }
        } else {
            bounds = Maps.mapMixed(system, root, sections, 42);
        }
        memory = system.addressSpace(root, "memory");
        view = memory.view();
        if (view.size() != sections) {
            throw new IllegalStateException("expected " + sections + " sections, got " + view.size());
        }
        starts = new long[sections];
        lasts = new long[sections];
        for (int i = 0; i < sections; i++) {
            starts[i] = bounds[2 * i];
            lasts[i] = bounds[2 * i + 1];
        }
        SplittableRandom rnd = new SplittableRandom(7);
        addresses = new long[ADDRESSES];
        for (int i = 0; i < ADDRESSES; i++) {
            int s = rnd.nextInt(sections);
            addresses[i] = starts[s] + rnd.nextLong(lasts[s] - starts[s] + 1);
        }
    }

    @Benchmark
    public FlatRange lookup() {
        return view.lookup(addresses[next++ & (ADDRESSES - 1)]);
    }

    @Benchmark
    public FlatRange lookupThroughAddressSpace() {
        return memory.view().lookup(addresses[next++ & (ADDRESSES - 1)]);
    }

    /** Index of the section holding the address, by binary search (the rust-vmm approach). */
    @Benchmark
    public int binarySearchBaseline() {
        long addr = addresses[next++ & (ADDRESSES - 1)];
        int i = Arrays.binarySearch(starts, addr);
        if (i < 0) {
            i = -i - 2;
        }
        return i >= 0 && addr <= lasts[i] ? i : -1;
    }
}
