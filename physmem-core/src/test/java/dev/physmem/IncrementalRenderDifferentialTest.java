package dev.physmem;

import static org.assertj.core.api.Assertions.assertThat;

import dev.physmem.flat.FlatRange;
import dev.physmem.flat.FlatView;
import dev.physmem.flat.Renderer;
import dev.physmem.region.AliasRegion;
import dev.physmem.region.ContainerRegion;
import dev.physmem.region.MemoryRegion;
import dev.physmem.region.MemoryRegionOps;
import dev.physmem.region.RamRegion;
import dev.physmem.space.AddressSpace;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Applies random topology changes (add, delete, move, resize, enable, read-only, non-volatile,
 * alias offset, nested transactions, address spaces created and destroyed) and checks after every
 * commit that each address space's incrementally maintained view equals a from-scratch
 * {@link Renderer#render} of its flat root (same ranges, same lookups), and that views published
 * earlier have not changed.
 *
 * <p>Replay a failure with {@code -Dphysmem.seed=<seed printed in the message>}.
 */
class IncrementalRenderDifferentialTest {
    private static final int STEPS = 600;
    private static final long[] SIZES = {
        0, 1, 2, 0x10, 0x800, 0x1000, 0x1000, 0x1800, 0x2000, 0x3000, 0x10000, 0x40000, 0x200000, 1L << 30,
        MemoryRegion.SIZE_2_64,
    };
    private static final MemoryRegionOps OPS = MemoryRegionOps.of((o, s) -> 0, (o, v, s) -> {});

    static Stream<Long> seeds() {
        String fixed = System.getProperty("physmem.seed");
        if (fixed != null) {
            return Stream.of(Long.decode(fixed));
        }
        long many = Long.getLong("physmem.seeds", 12);
        return Stream.concat(LongStream.rangeClosed(1, many).boxed(), Stream.of(System.nanoTime()));
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void incrementalViewsEqualFullRendersAfterEveryCommit(long seed) {
        try {
            new Run(seed).run();
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError("seed=" + seed + " (replay with -Dphysmem.seed=" + seed + "): " + e.getMessage(), e);
        }
    }

    /** A view as it was when published, to check later that it did not change. */
    private record Snapshot(FlatView view, List<FlatRange> ranges, long[] probes, FlatRange[] answers) {
    }

    private static final class Run {
        private final RandomGenerator rnd;
        private final MemorySystem sys = new MemorySystem();
        private final MemorySegment backing = MemorySegment.ofArray(new byte[0x40000]);
        private final List<MemoryRegion> regions = new ArrayList<>();
        private final List<Snapshot> snapshots = new ArrayList<>();
        private int names;
        private int commits;

        Run(long seed) {
            rnd = RandomGeneratorFactory.of("L64X128MixRandom").create(seed);
        }

        void run() {
            ContainerRegion system = sys.initContainer(null, "system", MemoryRegion.SIZE_2_64);
            regions.add(system);
            for (int i = 0; i < 12; i++) {
                regions.add(newRegion());
            }
            sys.addressSpace(system, "memory");
            try (var tx = sys.transaction()) {
                // A populated root, so that most commits have a previous view to update.
                for (int i = 0; i < 24; i++) {
                    MemoryRegion r = newRegionRegistered();
                    try {
                        system.addSubregionOverlap(offset(), r, rnd.nextInt(3) - 1);
                    } catch (IllegalArgumentException cycle) {
                        // an alias of system: stays unmapped
                    }
                }
            }
            check();
            for (int step = 0; step < STEPS; step++) {
                if (rnd.nextInt(4) == 0) {
                    transaction(1);
                } else {
                    mutate();
                }
                check();
            }
            for (Snapshot s : snapshots) {
                checkUnchanged(s);
            }
            assertThat(commits).isGreaterThan(STEPS / 2);
        }

        private void transaction(int level) {
            sys.begin();
            try {
                int n = 1 + rnd.nextInt(6);
                for (int i = 0; i < n; i++) {
                    if (level < 3 && rnd.nextInt(5) == 0) {
                        transaction(level + 1);
                    } else {
                        mutate();
                    }
                }
            } finally {
                sys.commit();
            }
        }

        private MemoryRegion newRegion() {
            String name = "r" + names++;
            long size = SIZES[rnd.nextInt(SIZES.length)];
            return switch (rnd.nextInt(5)) {
                case 0 -> sys.initContainer(null, name, size);
                case 1 -> {
                    long ramSize = Math.min(size == MemoryRegion.SIZE_2_64 ? 0x1000 : size, backing.byteSize());
                    yield sys.initRamPtr(null, name, ramSize, backing);
                }
                case 2 -> sys.initIo(null, OPS, name, size);
                default -> {
                    MemoryRegion target = regions.get(rnd.nextInt(regions.size()));
                    yield sys.initAlias(null, name, target, offset(), size);
                }
            };
        }

        private long offset() {
            return switch (rnd.nextInt(8)) {
                case 0 -> 0;
                case 1 -> rnd.nextLong(0x40) * 0x1000;
                case 2 -> rnd.nextLong(0x40000);
                case 3 -> -0x1000L * (1 + rnd.nextInt(4));
                case 4 -> rnd.nextLong(0x400) * 0x100;
                case 5 -> (1L << 32) + rnd.nextLong(4) * 0x1000;
                default -> rnd.nextLong(0x10) * 0x800;
            };
        }

        private MemoryRegion any() {
            return regions.get(rnd.nextInt(regions.size()));
        }

        private MemoryRegion mapped() {
            for (int tries = 0; tries < 20; tries++) {
                MemoryRegion r = any();
                if (r.container() != null) {
                    return r;
                }
            }
            return null;
        }

        private void mutate() {
            switch (rnd.nextInt(14)) {
                case 0, 1, 2, 3 -> {
                    MemoryRegion parent = rnd.nextInt(3) == 0 ? regions.getFirst() : any();
                    MemoryRegion child = rnd.nextInt(3) == 0 ? newRegionRegistered() : any();
                    if (child.container() != null || child == parent) {
                        return;
                    }
                    try {
                        if (rnd.nextBoolean()) {
                            parent.addSubregion(offset(), child);
                        } else {
                            parent.addSubregionOverlap(offset(), child, rnd.nextInt(5) - 2);
                        }
                    } catch (IllegalArgumentException cycle) {
                        // would have made a cycle: not applied
                    }
                }
                case 4, 5 -> {
                    MemoryRegion r = mapped();
                    if (r != null) {
                        r.container().delSubregion(r);
                    }
                }
                case 6 -> {
                    MemoryRegion r = mapped();
                    if (r != null) {
                        r.setAddress(rnd.nextBoolean() ? offset() : r.addr() + 0x800 * (rnd.nextInt(5) - 2));
                    }
                }
                case 7 -> {
                    MemoryRegion r = any();
                    long size = SIZES[rnd.nextInt(SIZES.length)];
                    if (r instanceof RamRegion ram) {
                        size = Math.min(size == MemoryRegion.SIZE_2_64 ? 0 : size, ram.backing().byteSize());
                    }
                    r.setSize(size);
                }
                case 8, 9 -> {
                    MemoryRegion r = any();
                    r.setEnabled(!r.isEnabled());
                }
                case 10 -> {
                    MemoryRegion r = any();
                    r.setReadonly(!r.isReadonly());
                }
                case 11 -> {
                    MemoryRegion r = any();
                    r.setNonvolatile(!r.isNonvolatile());
                }
                case 12 -> {
                    if (any() instanceof AliasRegion alias) {
                        alias.setAliasOffset(rnd.nextBoolean() ? offset() : alias.aliasOffset() + 0x800);
                    }
                }
                default -> {
                    List<AddressSpace> spaces = sys.addressSpaces();
                    if (spaces.size() > 1 && rnd.nextBoolean()) {
                        sys.destroy(spaces.get(1 + rnd.nextInt(spaces.size() - 1)));
                    } else if (spaces.size() < 5) {
                        sys.addressSpace(any(), "as" + names++);
                    }
                }
            }
        }

        private MemoryRegion newRegionRegistered() {
            MemoryRegion r = newRegion();
            regions.add(r);
            return r;
        }

        private void check() {
            if (sys.transactionDepth() != 0) {
                return;
            }
            commits++;
            for (AddressSpace as : sys.addressSpaces()) {
                FlatView actual = as.view();
                FlatView expected = Renderer.render(MemorySystem.flatViewRoot(as.root()));
                assertThat(actual.root()).as("flat root of %s", as.name()).isSameAs(expected.root());
                assertThat(actual.ranges()).as("ranges of %s after commit %d", as.name(), commits)
                        .isEqualTo(expected.ranges());
                assertThat(actual.size()).isEqualTo(expected.size());
                long[] probes = probes(expected);
                FlatRange[] answers = new FlatRange[probes.length];
                for (int i = 0; i < probes.length; i++) {
                    FlatRange want = naiveLookup(expected.ranges(), probes[i]);
                    answers[i] = want;
                    assertThat(actual.lookup(probes[i])).as("lookup 0x%x in %s", probes[i], as.name()).isEqualTo(want);
                    int index = actual.indexOf(probes[i]);
                    assertThat(index < 0 ? null : actual.range(index)).isEqualTo(want);
                }
                if (rnd.nextInt(4) == 0) {
                    snapshots.add(new Snapshot(actual, List.copyOf(actual.ranges()), probes, answers));
                }
            }
            for (int i = 0; i < 3 && !snapshots.isEmpty(); i++) {
                checkUnchanged(snapshots.get(rnd.nextInt(snapshots.size())));
            }
            checkIndexes();
        }

        private void checkUnchanged(Snapshot s) {
            assertThat(s.view().ranges()).as("a published view changed").isEqualTo(s.ranges());
            for (int i = 0; i < s.probes().length; i++) {
                assertThat(s.view().lookup(s.probes()[i])).as("old view lookup 0x%x", s.probes()[i])
                        .isEqualTo(s.answers()[i]);
            }
        }

        private void checkIndexes() {
            for (MemoryRegion r : regions) {
                List<MemoryRegion> all = new ArrayList<>();
                r.subregionsOverlapping(0, -1L, all);
                assertThat(all).as("interval index of %s", r.name())
                        .isEqualTo(r.subregions().stream().filter(c -> !c.isEmpty()).toList());
            }
        }

        private long[] probes(FlatView v) {
            ArrayList<Long> out = new ArrayList<>();
            for (FlatRange r : v.ranges()) {
                out.add(r.start());
                out.add(r.last());
                out.add(r.start() - 1);
                out.add(r.last() + 1);
                out.add(r.start() + (r.last() - r.start()) / 2);
            }
            for (int i = 0; i < 40; i++) {
                out.add(rnd.nextInt(3) == 0 ? rnd.nextLong() : rnd.nextLong(0x50000));
            }
            return out.stream().mapToLong(Long::longValue).toArray();
        }

        private static FlatRange naiveLookup(List<FlatRange> ranges, long addr) {
            for (FlatRange r : ranges) {
                if (r.contains(addr)) {
                    return r;
                }
            }
            return null;
        }
    }
}
