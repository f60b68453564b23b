package dev.physmem.bench;

import dev.physmem.MemorySystem;
import dev.physmem.dirty.DirtyClient;
import dev.physmem.dirty.DirtyLog;
import dev.physmem.region.ContainerRegion;
import dev.physmem.region.MemoryRegion;
import dev.physmem.region.RamRegion;
import dev.physmem.space.AddressSpace;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost dirty logging adds to a guest store ({@code stqLe} to RAM): no logging, logging a page
 * that is already dirty (a plain read, no atomic), and logging a clean page (one atomic OR). The
 * clean-page case clears the bit first, so subtract {@link #resetOnly}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"})
public class DirtyMarkBenchmark {
    private static final long PAGE = DirtyLog.PAGE_SIZE;

    private AddressSpace as;
    private AddressSpace unloggedAs;
    private RamRegion ram;
    private DirtyLog dirty;
    private long value;

    @Setup
    public void setup() {
        MemorySystem sys = new MemorySystem();
        ContainerRegion root = sys.initContainer(null, "root", MemoryRegion.SIZE_2_64);
        ram = sys.initRam(null, "ram", 64 * PAGE);
        RamRegion plain = sys.initRam(null, "plain", 64 * PAGE);
        root.addSubregion(0, ram);
        root.addSubregion(0x100_0000, plain);
        as = sys.addressSpace(root, "memory");
        unloggedAs = as;
        dirty = sys.dirtyLog();
        dirty.setLog(ram, true, DirtyClient.VGA);
    }

    @Benchmark
    public void storeUnlogged() {
        unloggedAs.stqLe(0x100_0000 + 3 * PAGE, ++value);
    }

    @Benchmark
    public void storeLoggedDirtyPage() {
        as.stqLe(3 * PAGE, ++value);
    }

    @Benchmark
    public void storeLoggedCleanPage() {
        dirty.resetDirty(ram, 3 * PAGE, 8, DirtyClient.VGA);
        as.stqLe(3 * PAGE, ++value);
    }

    @Benchmark
    public void resetOnly() {
        dirty.resetDirty(ram, 3 * PAGE, 8, DirtyClient.VGA);
    }
}
