package dev.physmem.region;

import static org.assertj.core.api.Assertions.assertThat;

import dev.physmem.MemorySystem;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;
import org.junit.jupiter.api.Test;

class SubregionIndexTest {
    private final MemorySystem sys = new MemorySystem();
    private final MemoryRegionOps ops = MemoryRegionOps.of((o, s) -> 0, (o, v, s) -> {});

    @Test
    void reportsOnlyChildrenMeetingTheWindowInRenderOrder() {
        var c = sys.initContainer(null, "c", MemoryRegion.SIZE_2_64);
        var low = sys.initIo(null, ops, "low", 0x1000);
        var mid = sys.initIo(null, ops, "mid", 0x1000);
        var over = sys.initIo(null, ops, "over", 0x10000);
        var high = sys.initIo(null, ops, "high", 0x1000);
        c.addSubregion(0, low);
        c.addSubregion(0x4000, mid);
        c.addSubregionOverlap(0x3000, over, 1);
        c.addSubregion(0x20000, high);

        List<MemoryRegion> out = new ArrayList<>();
        c.subregionsOverlapping(0x4800, 0x4fff, out);

        assertThat(out).containsExactly(over, mid);
    }

    @Test
    void equalPriorityLaterAddedComesFirst() {
        var c = sys.initContainer(null, "c", 0x10000);
        var a = sys.initIo(null, ops, "a", 0x1000);
        var b = sys.initIo(null, ops, "b", 0x1000);
        c.addSubregionOverlap(0, a, 0);
        c.addSubregionOverlap(0x800, b, 0);

        List<MemoryRegion> out = new ArrayList<>();
        c.subregionsOverlapping(0, 0xffff, out);

        assertThat(out).containsExactly(b, a).isEqualTo(c.subregions());
    }

    @Test
    void emptyChildrenAndChildrenPast2To64AreHandled() {
        var c = sys.initContainer(null, "c", MemoryRegion.SIZE_2_64);
        var empty = sys.initIo(null, ops, "empty", 0);
        var top = sys.initIo(null, ops, "top", 0x10000);
        c.addSubregion(0x100, empty);
        c.addSubregion(-0x1000L, top); // runs past 2^64: saturates at 2^64 - 1

        List<MemoryRegion> out = new ArrayList<>();
        c.subregionsOverlapping(0, -1L, out);
        assertThat(out).containsExactly(top);
        out.clear();
        c.subregionsOverlapping(-1L, -1L, out);
        assertThat(out).containsExactly(top);
    }

    @Test
    void staysInSyncWithMovesResizesAndDeletions() {
        long seed = System.nanoTime();
        RandomGenerator rnd = RandomGeneratorFactory.of("L64X128MixRandom").create(seed);
        var c = sys.initContainer(null, "c", MemoryRegion.SIZE_2_64);
        List<MemoryRegion> kids = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            kids.add(sys.initIo(null, ops, "k" + i, 1 + rnd.nextLong(0x3000)));
        }
        for (int step = 0; step < 3000; step++) {
            MemoryRegion k = kids.get(rnd.nextInt(kids.size()));
            switch (rnd.nextInt(4)) {
                case 0 -> {
                    if (k.container() == null) {
                        c.addSubregionOverlap(rnd.nextLong(0x40000), k, rnd.nextInt(3));
                    }
                }
                case 1 -> {
                    if (k.container() != null) {
                        c.delSubregion(k);
                    }
                }
                case 2 -> k.setAddress(rnd.nextLong(0x40000));
                default -> k.setSize(rnd.nextLong(0x3000));
            }
            long first = rnd.nextLong(0x44000);
            long last = first + rnd.nextLong(0x4000);
            List<MemoryRegion> got = new ArrayList<>();
            c.subregionsOverlapping(first, last, got);
            List<MemoryRegion> want = c.subregions().stream()
                    .filter(r -> !r.isEmpty() && Long.compareUnsigned(r.addr(), last) <= 0
                            && Long.compareUnsigned(r.addr() + r.lastOffset(), first) >= 0)
                    .toList();
            assertThat(got).as("seed=%d step=%d", seed, step).isEqualTo(want);
        }
        assertThat(c.indexedSubregions()).containsExactlyInAnyOrderElementsOf(c.subregions());
    }
}
