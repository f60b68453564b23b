package dev.physmem.bench;

import dev.physmem.MemorySystem;
import dev.physmem.dirty.DirtyClient;
import dev.physmem.dirty.DirtyLog;
import dev.physmem.dirty.DirtySnapshot;
import dev.physmem.region.RamRegion;
import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code snapshotAndClearDirty} of a whole 16 GiB guest with 1% of its pages dirty, as one
 * migration round does. Only the bitmap is allocated: the region sits on a 16 GiB segment that is
 * never touched. Each invocation re-dirties the same 1% first (not measured).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"})
public class SnapshotAndClearBenchmark {
    private static final long GUEST = 16L << 30;
    private static final long PAGE = DirtyLog.PAGE_SIZE;

    private DirtyLog dirty;
    private RamRegion ram;
    private long[] dirtyPages;

    @Setup
    public void setup() {
        MemorySystem sys = new MemorySystem();
        ram = sys.initRamPtr(null, "pc.ram", GUEST, MemorySegment.NULL.reinterpret(GUEST));
        dirty = sys.dirtyLog();
        dirty.globalStart();
        long pages = GUEST / PAGE;
        dirtyPages = new SplittableRandom(42).longs(pages / 100, 0, pages).toArray();
        dirty.snapshotAndClearDirty(ram, 0, GUEST, DirtyClient.MIGRATION);
    }

    @Setup(Level.Invocation)
    public void dirtyOnePercent() {
        for (long p : dirtyPages) {
            dirty.setDirty(ram, p * PAGE, 1);
        }
    }

    @Benchmark
    public DirtySnapshot snapshotAndClear16GiB() {
        return dirty.snapshotAndClearDirty(ram, 0, GUEST, DirtyClient.MIGRATION);
    }
}
