package dev.physmem.bench;

import dev.physmem.MemorySystem;
import dev.physmem.migration.MigrationPass;
import dev.physmem.migration.RamMigrationSender;
import dev.physmem.region.ContainerRegion;
import dev.physmem.region.MemoryRegion;
import dev.physmem.region.RamRegion;
import dev.physmem.space.AddressSpace;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.SplittableRandom;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The RAM migration sender over a 256 MiB guest, writing to a stream that discards its bytes:
 * the bulk stage ({@code setup} not measured, then the first {@code iterate}, which sends every
 * page), and one later {@code iterate} after the guest dirtied 1% of its pages through an address
 * space (the stores are not measured). {@code contents} is {@code random} (every page sent whole)
 * or {@code zero} (every page a zero record).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"})
public class MigrationBenchmark {
    private static final long GUEST = 256L << 20;
    private static final long PAGE = 4096;

    /** The guest: 256 MiB of RAM mapped at 0 of one address space. */
    @State(Scope.Thread)
    public static class Guest {
        @Param({"random", "zero"})
        public String contents;

        MemorySystem sys;
        AddressSpace memory;
        long[] dirtyPages;
        /** Kept reachable: a RAM block lives as long as its region. */
        RamRegion ram;

        @Setup
        public void build() {
            sys = new MemorySystem();
            ContainerRegion root = sys.initContainer(null, "system", MemoryRegion.SIZE_2_64);
            ram = sys.initRam(null, "pc.ram", GUEST);
            root.addSubregion(0, ram);
            memory = sys.addressSpace(root, "memory");
            MemorySegment host = ram.backing();
            SplittableRandom rnd = new SplittableRandom(42);
            if (contents.equals("random")) {
                for (long off = 0; off < GUEST; off += 8) {
                    host.set(ValueLayout.JAVA_LONG_UNALIGNED, off, rnd.nextLong() | 1);
                }
            }
            long pages = GUEST / PAGE;
            dirtyPages = rnd.longs(pages / 100, 0, pages).toArray();
        }
    }

    /** A sender just set up, before its bulk pass; a new one for every invocation. */
    @State(Scope.Thread)
    public static class Bulk {
        RamMigrationSender sender;

        @Setup(Level.Invocation)
        public void start(Guest g) throws IOException {
            sender = new RamMigrationSender(g.sys, OutputStream.nullOutputStream());
            sender.setup();
        }

        @TearDown(Level.Invocation)
        public void cancel() {
            sender.cancel();
        }
    }

    /** A sender past its bulk pass; before each invocation the guest dirties 1% of its pages. */
    @State(Scope.Thread)
    public static class Dirty {
        RamMigrationSender sender;
        /**
         * The guest the sender migrates, kept here: with JMH 1.37 an invocation-level setup that
         * took the Guest as a parameter saw a guest without global logging, so not this one.
         */
        Guest guest;

        @Setup
        public void start(Guest g) throws IOException {
            guest = g;
            sender = new RamMigrationSender(g.sys, OutputStream.nullOutputStream());
            sender.setup();
            sender.iterate();
        }

        @Setup(Level.Invocation)
        public void dirtyOnePercent() {
            for (long p : guest.dirtyPages) {
                guest.memory.stqLe(p * PAGE, p | 1);
            }
        }

        @TearDown
        public void stop() {
            sender.cancel();
        }
    }

    /** The bulk stage: every page of 256 MiB. */
    @Benchmark
    public MigrationPass bulkStage256MiB(Bulk b) throws IOException {
        return b.sender.iterate();
    }

    /** One pass after the guest dirtied 1% of its pages (655 stores, a few to the same page). */
    @Benchmark
    public MigrationPass iterateOnePercentDirty(Dirty d) throws IOException {
        return d.sender.iterate();
    }
}
