package dev.physmem.models.iommu;

import static dev.physmem.attr.IommuAccessFlags.RO;
import static dev.physmem.attr.IommuAccessFlags.RW;
import static org.assertj.core.api.Assertions.assertThat;

import dev.physmem.MemorySystem;
import dev.physmem.attr.IommuAccessFlags;
import dev.physmem.flat.FlatRange;
import dev.physmem.iommu.IommuTlbEntry;
import dev.physmem.models.iommu.VfioContainer.DmaMapping;
import dev.physmem.region.ContainerRegion;
import dev.physmem.region.IoRegion;
import dev.physmem.region.MemoryRegion;
import dev.physmem.region.MemoryRegionOps;
import dev.physmem.region.RamRegion;
import dev.physmem.space.AddressSpace;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The VFIO-like container over a TCE window: the shadow mappings always equal what translation
 * says about every visible page.
 *
 * <p>The property test runs fixed seeds and one fresh one; a failure names its seed. Replay one
 * with {@code -Dphysmem.seed=<seed>}.
 */
class VfioContainerTest {
    private static final long BUS = 0x4000_0000L;
    private static final long RAM_SIZE = 0x100_0000L;
    private static final long DEVICE = 0x200_0000L;
    private static final int OPERATIONS = 300;
    private static final MemoryRegionOps NO_OPS = MemoryRegionOps.of((o, s) -> 0, (o, v, s) -> { });

    private final MemorySystem sys = new MemorySystem();
    private final ContainerRegion system = sys.initContainer(null, "system", MemoryRegion.SIZE_2_64);
    private final RamRegion ram = sys.initRam(null, "ram", RAM_SIZE);
    private final AddressSpace memory;
    private final ContainerRegion busRoot = sys.initContainer(null, "iommu-root", MemoryRegion.SIZE_2_64);
    private final VfioContainer vfio = new VfioContainer();

    VfioContainerTest() {
        system.addSubregion(0, ram);
        system.addSubregion(DEVICE, sys.initIo(null, NO_OPS, "device", 0x10000));
        memory = sys.addressSpace(system, "memory");
    }

    private TceIommu window(int pageShift, int pages) {
        TceIommu tce = new TceIommu(sys, null, 0x80000000, BUS, pageShift, pages, memory);
        busRoot.addSubregion(BUS, tce.region());
        return tce;
    }

    static LongStream seeds() {
        String replay = System.getProperty("physmem.seed");
        if (replay != null) {
            return LongStream.of(Long.decode(replay));
        }
        return LongStream.concat(LongStream.range(0, 16).map(i -> 0x7CE0_0000L + i), LongStream.of(System.nanoTime()));
    }

    // ------------------------------------------------------------ examples

    @Test
    void mappingsMadeBeforeTheListenerAreReplayedAndLaterOnesFollow() {
        TceIommu tce = window(12, 16);
        tce.map(BUS + 0x1000, 0x5000, RW);
        AddressSpace pci = sys.addressSpace(busRoot, "pci");
        pci.registerListener(vfio);
        assertThat(vfio.mappings().values()).containsExactly(new DmaMapping(BUS + 0x1000, 0x1000, ram, 0x5000, false));
        tce.map(BUS + 0x2000, 0x9000, RO);
        tce.map(BUS + 0x1000, 0x6000, RW);
        assertThat(vfio.mappings().values()).containsExactly(
                new DmaMapping(BUS + 0x1000, 0x1000, ram, 0x6000, false),
                new DmaMapping(BUS + 0x2000, 0x1000, ram, 0x9000, true));
        tce.unmap(BUS + 0x2000);
        assertThat(vfio.mappings()).containsOnlyKeys(BUS + 0x1000);
        assertThat(vfio.errors()).isEmpty();
    }

    @Test
    void aMapOntoADeviceIsAnErrorAndNoMapping() {
        TceIommu tce = window(12, 16);
        sys.addressSpace(busRoot, "pci").registerListener(vfio);
        tce.map(BUS, DEVICE, RW);
        assertThat(vfio.mappings()).isEmpty();
        assertThat(vfio.errors()).containsExactly(
                "iommu map to non memory area: iova=0x40000000 translated=0x2000000 size=0x1000");
    }

    @Test
    void removingTheWindowUnregistersAndDropsItsMappings() {
        TceIommu tce = window(12, 16);
        AddressSpace pci = sys.addressSpace(busRoot, "pci");
        pci.registerListener(vfio);
        tce.map(BUS, 0x1000, RW);
        busRoot.delSubregion(tce.region());
        assertThat(vfio.notifierCount()).isZero();
        assertThat(vfio.mappings()).isEmpty();
        assertThat(tce.needVfio()).isFalse();
        tce.map(BUS + 0x1000, 0x1000, RW);
        assertThat(vfio.mappings()).isEmpty();
    }

    // ------------------------------------------------------------ the property

    @ParameterizedTest(name = "seed={0}")
    @MethodSource("seeds")
    void theShadowAlwaysEqualsWhatTranslationSays(long seed) {
        RandomGenerator rnd = RandomGeneratorFactory.of("L64X128MixRandom").create(seed);
        int pageShift = rnd.nextBoolean() ? 12 : 16;
        int pages = 64;
        TceIommu tce = window(pageShift, pages);
        long pageSize = 1L << pageShift;
        AddressSpace pci = sys.addressSpace(busRoot, "pci");
        IoRegion msi = sys.initIo(null, NO_OPS, "msi", 0x1000);
        boolean listening = false;
        for (int op = 0; op < OPERATIONS; op++) {
            String what;
            int choice = rnd.nextInt(100);
            long ioba = BUS + rnd.nextInt(pages) * pageSize;
            if (choice < 45) {
                long real = rnd.nextInt(10) == 0 ? DEVICE : rnd.nextLong(RAM_SIZE / pageSize) * pageSize;
                IommuAccessFlags perm = IommuAccessFlags.ofBits(1 + rnd.nextInt(3));
                tce.map(ioba, real, perm);
                what = "map 0x" + Long.toHexString(ioba) + " -> 0x" + Long.toHexString(real) + " " + perm;
            } else if (choice < 70) {
                tce.unmap(ioba);
                what = "unmap 0x" + Long.toHexString(ioba);
            } else if (choice < 78) {
                long tceValue = rnd.nextLong(RAM_SIZE / pageSize) * pageSize | rnd.nextInt(0x100) << 2;
                tce.putTce(ioba, tceValue);
                what = "putTce without permissions 0x" + Long.toHexString(ioba);
            } else if (choice < 86) {
                if (msi.container() != null) {
                    busRoot.delSubregion(msi);
                    what = "remove msi";
                } else {
                    long at = BUS + rnd.nextLong(pages * pageSize / 0x1000) * 0x1000;
                    msi.setSize(0x1000L * (1 + rnd.nextInt(3)));
                    busRoot.addSubregionOverlap(at, msi, 1);
                    what = "msi at 0x" + Long.toHexString(at) + " size 0x" + Long.toHexString(msi.size());
                }
            } else if (choice < 92) {
                tce.region().setEnabled(!tce.region().isEnabled());
                what = "window enabled=" + tce.region().isEnabled();
            } else {
                if (listening) {
                    pci.unregisterListener(vfio);
                } else {
                    pci.registerListener(vfio);
                }
                listening = !listening;
                what = "listening=" + listening;
            }
            String where = "seed=" + seed + " (replay: -Dphysmem.seed=" + seed + ") pageShift=" + pageShift
                    + " op=" + op + " " + what;
            List<Run> expected = listening ? expected(pci, tce) : List.of();
            assertThat(canonical(vfio.mappings().values())).as(where).isEqualTo(expected);
            assertThat(vfio.errors()).as(where).allMatch(e -> e.startsWith("iommu map to non memory area"));
            assertThat(vfio.notifierCount()).as(where).isEqualTo(listening ? iommuSections(pci, tce) : 0);
        }
    }

    /** A stretch of bus addresses mapped onto contiguous RAM with one permission. */
    record Run(long first, long last, RamRegion ram, long ramOffset, boolean readonly) {
    }

    /** What translation says: every visible piece of every valid page whose target is RAM. */
    private static List<Run> expected(AddressSpace pci, TceIommu tce) {
        List<Run> pieces = new ArrayList<>();
        for (FlatRange range : pci.view().ranges()) {
            if (range.region() != tce.region()) {
                continue;
            }
            long offset = range.offsetInRegion();
            long end = offset + range.size();
            while (offset < end) {
                IommuTlbEntry e = tce.region().translate(offset, IommuAccessFlags.NONE, 0);
                long pieceEnd = Math.min(end, e.lastIova() + 1);
                if (e.isValid()) {
                    FlatRange target = e.targetAs().view().lookup(e.translatedAddr());
                    if (target != null && target.region() instanceof RamRegion ram) {
                        long bus = range.start() + (offset - range.offsetInRegion());
                        pieces.add(new Run(bus, bus + (pieceEnd - offset) - 1, ram,
                                target.offsetOf(e.translate(offset)), !e.perm().allowsWrite() || target.readonly()));
                    }
                }
                offset = pieceEnd;
            }
        }
        return merge(pieces);
    }

    private static int iommuSections(AddressSpace pci, TceIommu tce) {
        return (int) pci.view().ranges().stream().filter(r -> r.region() == tce.region()).count();
    }

    private static List<Run> canonical(Iterable<DmaMapping> mappings) {
        List<Run> runs = new ArrayList<>();
        for (DmaMapping m : mappings) {
            runs.add(new Run(m.iova(), m.lastIova(), m.ram(), m.ramOffset(), m.readonly()));
        }
        return merge(runs);
    }

    /** Joins neighbours that continue each other (address, RAM offset, permission). */
    private static List<Run> merge(List<Run> runs) {
        List<Run> out = new ArrayList<>();
        for (Run r : runs) {
            if (!out.isEmpty()) {
                Run p = out.getLast();
                if (p.last + 1 == r.first && p.ram == r.ram && p.ramOffset + (p.last - p.first + 1) == r.ramOffset
                        && p.readonly == r.readonly) {
                    out.set(out.size() - 1, new Run(p.first, r.last, p.ram, p.ramOffset, p.readonly));
                    continue;
                }
            }
            out.add(r);
        }
        return out;
    }
}
