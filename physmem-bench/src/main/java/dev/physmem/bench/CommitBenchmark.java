package dev.physmem.bench;

import dev.physmem.MemorySystem;
import dev.physmem.flat.FlatView;
import dev.physmem.flat.Renderer;
import dev.physmem.region.ContainerRegion;
import dev.physmem.region.RamRegion;
import dev.physmem.space.AddressSpace;
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
 * The cost of one commit in a map of N 4 KiB RAM regions: moving one region (a BAR being
 * reprogrammed) renders and publishes incrementally; {@link #fullRender} is what the same commit
 * would cost if the view were rendered from scratch.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Thread)
public class CommitBenchmark {
    @Param({"1024", "65536"})
    public int regions;

    private ContainerRegion root;
    private AddressSpace memory;
    private RamRegion moving;
    private long away;
    private boolean out;

    @Setup
    public void build() {
        MemorySystem system = new MemorySystem();
        root = Maps.emptyRoot(system);
        RamRegion[] pages = Maps.ramPages(system, Maps.backing(regions), regions);
        try (var tx = system.transaction()) {
            for (int i = 0; i < regions; i++) {
                root.addSubregion(i * Maps.PAGE, pages[i]);
            }
        }
        memory = system.addressSpace(root, "memory");
        moving = pages[regions / 2];
        away = (regions + 16) * Maps.PAGE;
    }

    /** One commit: the middle page moves past the end of the map, or back. */
    @Benchmark
    public FlatView moveOneRegion() {
        out = !out;
        moving.setAddress(out ? away : (regions / 2) * Maps.PAGE);
        return memory.view();
    }

    /** A from-scratch render of the same map, for comparison. */
    @Benchmark
    public FlatView fullRender() {
        return Renderer.render(root);
    }
}
