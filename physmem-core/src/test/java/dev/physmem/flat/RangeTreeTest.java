package dev.physmem.flat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.physmem.MemorySystem;
import dev.physmem.region.MemoryRegion;
import dev.physmem.region.MemoryRegionOps;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;
import org.junit.jupiter.api.Test;

class RangeTreeTest {
    private final MemorySystem sys = new MemorySystem();
    private final MemoryRegion io = sys.initIo(null, MemoryRegionOps.of((o, s) -> 0, (o, v, s) -> {}), "io", -1L);

    /** Range {@code i} covers {@code [16 i, 16 i + 7]}; the region offset makes neighbours unmergeable. */
    private FlatRange range(long i) {
        return new FlatRange(16 * i, 16 * i + 7, io, 1000 * i, false, false);
    }

    @Test
    void replaceMatchesAListModelAndLeavesTheOriginalAlone() {
        long seed = System.nanoTime();
        RandomGenerator rnd = RandomGeneratorFactory.of("L64X128MixRandom").create(seed);
        List<Long> model = new ArrayList<>();
        RangeTree tree = RangeTree.empty();
        long next = 0;
        for (int step = 0; step < 4000; step++) {
            RangeTree before = tree;
            List<Long> modelBefore = List.copyOf(model);
            // Keys are kept sorted by inserting fresh ones between neighbours' keys.
            int from = rnd.nextInt(model.size() + 1);
            int to = Math.min(model.size(), from + (rnd.nextInt(4) == 0 ? rnd.nextInt(200) : rnd.nextInt(3)));
            long lo = from == 0 ? 0 : model.get(from - 1) + 1;
            long hi = to == model.size() ? Long.MAX_VALUE / 32 : model.get(to) - 1;
            int n = (int) Math.min(hi - lo + 1, rnd.nextInt(4) == 0 ? rnd.nextInt(150) : rnd.nextInt(3));
            List<Long> keys = new ArrayList<>();
            for (long k = lo; keys.size() < n; k++) {
                keys.add(k);
            }
            FlatRange[] repl = keys.stream().map(this::range).toArray(FlatRange[]::new);
            tree = tree.replace(from, to, repl);
            model.subList(from, to).clear();
            model.addAll(from, keys);
            next++;

            assertThat(tree.size()).as("seed=%d", seed).isEqualTo(model.size());
            assertThat(tree.toArray(0, tree.size())).as("seed=%d step=%d", seed, step)
                    .containsExactly(model.stream().map(this::range).toArray(FlatRange[]::new));
            assertThat(before.toArray(0, before.size()))
                    .containsExactly(modelBefore.stream().map(this::range).toArray(FlatRange[]::new));
            if (!model.isEmpty()) {
                int i = rnd.nextInt(model.size());
                long k = model.get(i);
                assertThat(tree.get(i)).isEqualTo(range(k));
                assertThat(tree.indexOf(16 * k + 3)).isEqualTo(i);
                assertThat(tree.indexOf(16 * k + 9)).isEqualTo(-1);
                assertThat(tree.floorIndex(16 * k + 12)).isEqualTo(i);
            }
        }
        assertThat(next).isPositive();
    }

    @Test
    void heightStaysLogarithmicWhenShrinking() {
        FlatRange[] all = new FlatRange[100_000];
        for (int i = 0; i < all.length; i++) {
            all[i] = range(i);
        }
        RangeTree tree = RangeTree.of(all);
        assertThat(tree.height()).isEqualTo(3);
        while (tree.size() > 10) {
            tree = tree.replace(0, Math.min(tree.size() - 10, 997), new FlatRange[0]);
        }
        assertThat(tree.height()).isLessThanOrEqualTo(1);
        assertThat(tree.get(0)).isEqualTo(range(99_990));
    }

    @Test
    void floorIndexComparesUnsigned() {
        FlatRange low = new FlatRange(0x10, 0x1f, io, 0, false, false);
        FlatRange high = new FlatRange(-0x100L, -1L, io, 0, false, false);
        RangeTree tree = RangeTree.of(new FlatRange[] {low, high});
        assertThat(tree.floorIndex(0x5)).isEqualTo(-1);
        assertThat(tree.floorIndex(0x8000_0000_0000_0000L)).isEqualTo(0);
        assertThat(tree.indexOf(-1L)).isEqualTo(1);
    }
}
