package dev.physmem.bench;

import dev.physmem.MemorySystem;
import dev.physmem.region.ContainerRegion;
import dev.physmem.region.RamRegion;
import dev.physmem.space.AddressSpace;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Builds a map of N 4 KiB RAM regions at consecutive addresses, one {@code addSubregion} per
 * region outside any transaction, so every region is one commit that publishes a new view to the
 * address space on the root. Each invocation starts from a fresh {@link MemorySystem}; the regions
 * are created in the (untimed) setup, so the time is that of the N commits.
 * {@link #createAndAdd} times region creation too.
 *
 * <p>Single-shot invocations are short for small N, so the defaults warm up with 100 of them
 * (100k commits at N = 1k) before measuring: fewer leave C2 compiling during the measurement.
 */
@BenchmarkMode(Mode.SingleShotTime)
@Warmup(iterations = 100)
@Measurement(iterations = 30)
@Fork(value = 3, jvmArgsAppend = "--sun-misc-unsafe-memory-access=allow")
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Thread)
public class BuildMapBenchmark {
    @Param({"1024", "4096", "16384", "65536"})
    public int regions;

    private MemorySegment backing;
    private MemorySystem system;
    private ContainerRegion root;
    private AddressSpace memory;
    private RamRegion[] pages;

    @Setup(Level.Trial)
    public void allocateBacking() {
        backing = Maps.backing(regions);
    }

    @Setup(Level.Invocation)
    public void freshSystem() {
        system = new MemorySystem();
        root = Maps.emptyRoot(system);
        memory = system.addressSpace(root, "memory");
        pages = Maps.ramPages(system, backing, regions);
    }

    /** N commits, each mapping one page and publishing the view. */
    @Benchmark
    public AddressSpace addOneCommitEach() {
        for (int i = 0; i < pages.length; i++) {
            root.addSubregion(i * Maps.PAGE, pages[i]);
        }
        return checked();
    }

    /** The same, with {@code initRamPtr} of each region inside the timed part. */
    @Benchmark
    public AddressSpace createAndAdd() {
        for (int i = 0; i < regions; i++) {
            root.addSubregion(i * Maps.PAGE,
                    system.initRamPtr(null, "r" + i, Maps.PAGE, backing.asSlice(i * Maps.PAGE, Maps.PAGE)));
        }
        return checked();
    }

    private AddressSpace checked() {
        if (memory.view().size() != regions) {
            throw new IllegalStateException("expected " + regions + " ranges, got " + memory.view().size());
        }
        return memory;
    }
}
