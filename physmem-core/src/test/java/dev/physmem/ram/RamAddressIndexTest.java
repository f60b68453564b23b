package dev.physmem.ram;

import static org.assertj.core.api.Assertions.assertThat;

import dev.physmem.MemorySystem;
import dev.physmem.region.RamRegion;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * {@link RamAddressIndex} gives QEMU's answer: every placement, over random adds and frees of
 * blocks of mixed sizes, equals what {@link RamAddressAllocator#findRamAddr}'s scan finds over the
 * live blocks in list order; and the list stays in QEMU's order.
 */
class RamAddressIndexTest {
    private static final long PAGE = 4096;
    private final MemorySegment host = MemorySegment.ofArray(new byte[(int) (4 << 20)]);

    static Stream<Long> seeds() {
        String fixed = System.getProperty("physmem.seed");
        return fixed != null ? Stream.of(Long.decode(fixed))
                : Stream.concat(LongStream.rangeClosed(1, 6).boxed(), Stream.of(System.nanoTime()));
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void placementsEqualQemusScanOverRandomAddsAndFrees(long seed) {
        RandomGenerator rnd = RandomGeneratorFactory.of("L64X128MixRandom").create(seed);
        MemorySystem sys = new MemorySystem();
        RamBlockList list = sys.ramBlocks();
        List<RamRegion> live = new ArrayList<>();
        List<RamBlock> order = new ArrayList<>();
        for (int step = 0; step < 1500; step++) {
            if (live.isEmpty() || rnd.nextInt(5) < 3) {
                long size = switch (rnd.nextInt(4)) {
                    case 0 -> PAGE;
                    case 1 -> (1 + rnd.nextInt(64)) * PAGE;
                    case 2 -> 64 * PAGE * (1 + rnd.nextInt(4));
                    default -> (1 + rnd.nextInt(1024)) * PAGE;
                };
                List<RamBlock> before = list.blocks();
                long want = RamAddressAllocator.findRamAddr(before, size, list.alignment());
                RamRegion r = sys.initRamPtr(null, "r" + step, size, host);
                RamBlock b = r.ramBlock().orElseThrow();
                assertThat(b.ramAddr()).as("seed=%d step=%d size=0x%x", seed, step, size).isEqualTo(want);
                live.add(r);
                order.add(b);
            } else {
                RamRegion r = live.remove(rnd.nextInt(live.size()));
                order.remove(r.ramBlock().orElseThrow());
                r.release();
            }
            List<RamBlock> expectedOrder = order.stream()
                    .sorted(Comparator.comparing(RamBlock::maxLength, Comparator.reverseOrder()))
                    .toList(); // stable sort: insertion order among equal max lengths
            assertThat(list.blocks()).as("seed=%d step=%d", seed, step).isEqualTo(expectedOrder);
        }
    }

    @Test
    void aMapOfManySmallRamRegionsIsMadeWithoutAQuadraticScanPerRegion() {
        MemorySystem sys = new MemorySystem();
        List<RamRegion> keep = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            keep.add(sys.initRamPtr(null, "r" + i, PAGE, host));
        }
        // Each 4 KiB block takes one 256 KiB slot, in order.
        assertThat(keep.getLast().ramBlock().orElseThrow().ramAddr()).isEqualTo(19_999L * 256 * 1024);
    }
}
