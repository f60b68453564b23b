package dev.physmem.bench;

import dev.physmem.MemorySystem;
import dev.physmem.dispatch.MemoryRegionSection;
import dev.physmem.listener.MemoryListener;
import dev.physmem.region.AliasRegion;
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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One PCI BAR moves in a machine with 256 address spaces, each with a listener (a bus-master
 * space per device, VFIO-like). {@code shared}: every space is a bus-master alias of system memory,
 * so all 256 views change and every listener hears of it; {@code isolated}: each space has its own
 * root and only system memory's listener hears. The BAR toggles between two addresses; the cost
 * includes the render and publish of the commit.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"})
public class ListenerNotifyBenchmark {
    private static final int SPACES = 256;

    @Param({"shared", "isolated"})
    public String topology;

    private RamRegion bar;
    private boolean flip;
    private long events;

    @Setup
    public void setup() {
        MemorySystem sys = new MemorySystem();
        ContainerRegion system = sys.initContainer(null, "system", MemoryRegion.SIZE_2_64);
        system.addSubregion(0, sys.initRam(null, "pc.ram", 1L << 30));
        for (int i = 0; i < 64; i++) {
            system.addSubregion(0xe000_0000L + i * 0x10_0000L, sys.initRam(null, "bar" + i, 0x1000));
        }
        bar = sys.initRam(null, "moving-bar", 0x1000);
        system.addSubregion(0xf000_0000L, bar);
        MemoryListener counter = new MemoryListener() {
            @Override
            public void regionAdd(MemoryRegionSection section) {
                events++;
            }

            @Override
            public void regionDel(MemoryRegionSection section) {
                events++;
            }
        };
        sys.addressSpace(system, "memory").registerListener(counter);
        for (int i = 1; i < SPACES; i++) {
            MemoryRegion root;
            if (topology.equals("shared")) {
                ContainerRegion bm = sys.initContainer(null, "bus master container " + i, MemoryRegion.SIZE_2_64);
                AliasRegion alias = sys.initAlias(null, "bus master " + i, system, 0, MemoryRegion.SIZE_2_64);
                bm.addSubregion(0, alias);
                root = bm;
            } else {
                ContainerRegion own = sys.initContainer(null, "dma " + i, MemoryRegion.SIZE_2_64);
                own.addSubregion(0, sys.initRam(null, "dma-ram " + i, 0x10000));
                root = own;
            }
            sys.addressSpace(root, "as " + i).registerListener(new MemoryListener() {
                @Override
                public void regionAdd(MemoryRegionSection section) {
                    events++;
                }
            });
        }
    }

    @Benchmark
    public long moveOneBar() {
        flip = !flip;
        bar.setAddress(flip ? 0xf100_0000L : 0xf000_0000L);
        return events;
    }
}
