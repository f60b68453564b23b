package dev.physmem.iommu;

import static dev.physmem.attr.IommuAccessFlags.NONE;
import static dev.physmem.attr.IommuAccessFlags.RO;
import static dev.physmem.attr.IommuAccessFlags.RW;
import static dev.physmem.iommu.IommuNotifierFlag.DEVIOTLB_UNMAP;
import static dev.physmem.iommu.IommuNotifierFlag.MAP;
import static dev.physmem.iommu.IommuNotifierFlag.UNMAP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.physmem.MemorySystem;
import dev.physmem.attr.IommuAccessFlags;
import dev.physmem.mtree.MtreeOptions;
import dev.physmem.mtree.MtreePrinter;
import dev.physmem.region.ContainerRegion;
import dev.physmem.region.MemoryRegion;
import dev.physmem.region.MemoryRegionOps;
import dev.physmem.space.AddressSpace;
import dev.physmem.testing.PageTableIommu;
import dev.physmem.testing.ViewText;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The region kind: rendering and printing, checked translation, notifiers, delivery and replay. */
class IommuMemoryRegionTest {
    private final MemorySystem sys = new MemorySystem();
    private final ContainerRegion system = sys.initContainer(null, "system", MemoryRegion.SIZE_2_64);
    private final AddressSpace memory = sys.addressSpace(system, "memory");
    private final PageTableIommu tables = new PageTableIommu(0x1000, 2).target(memory);
    private final IommuMemoryRegion iommu = sys.initIommu(null, tables, "dmar", 0x100000);
    private final List<String> events = new ArrayList<>();

    /** A notifier that logs {@code NAME TYPE iova+size->translated perm}. */
    private IommuNotifier notifier(String name, Set<IommuNotifierFlag> flags, long start, long end, int idx) {
        return new IommuNotifier(e -> events.add(name + " " + describe(e)), flags, start, end, idx);
    }

    static String describe(IommuTlbEvent e) {
        IommuTlbEntry x = e.entry();
        return e.type() + " " + Long.toHexString(x.iova()) + "+" + Long.toHexString(x.addrMask() + 1)
                + (x.isValid() ? "->" + Long.toHexString(x.translatedAddr()) + " " + x.perm() : "");
    }

    private IommuTlbEvent map(long iova, long translated, long mask) {
        return new IommuTlbEvent(MAP, new IommuTlbEntry(memory, iova, translated, mask, RW));
    }

    private IommuTlbEvent unmap(long iova, long mask) {
        return new IommuTlbEvent(UNMAP, IommuTlbEntry.unmapped(memory, iova, mask));
    }

    // ------------------------------------------------------------ in the tree

    @Test
    void rendersAsOneTerminalRangeAndPrintsAsIo() {
        ContainerRegion bus = sys.initContainer(null, "bus", MemoryRegion.SIZE_2_64);
        bus.addSubregion(0x100000, iommu);
        AddressSpace pci = sys.addressSpace(bus, "pci");
        assertThat(iommu.isTerminal()).isTrue();
        assertThat(ViewText.of(pci)).containsExactly("100000-1fffff dmar @0");
        String tree = MtreePrinter.print(sys, MtreeOptions.tree());
        assertThat(tree).contains("    0000000000100000-00000000001fffff (prio 0, i/o): dmar\n");
        String flat = MtreePrinter.print(sys, MtreeOptions.flatView());
        assertThat(flat).contains("  0000000000100000-00000000001fffff (prio 0, i/o): dmar\n");
    }

    // ------------------------------------------------------------ translation

    @Test
    void translateAsksTheModelAndChecksTheOffset() {
        tables.map(0x3000, 0x9000, RO);
        assertThat(iommu.translate(0x3123, RO, 0)).isEqualTo(new IommuTlbEntry(memory, 0x3000, 0x9000, 0xfff, RO));
        assertThatThrownBy(() -> iommu.translate(0x100000, RO, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("offset past the IOMMU region: region=dmar addr=0x100000 size=0x100000");
        assertThatThrownBy(() -> iommu.translate(0, RO, 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("iommuIdx out of range: region=dmar iommuIdx=2 numIndexes=2");
    }

    @Test
    void brokenModelAnswersAreRejected() {
        IommuMemoryRegion zeroIndexes = sys.initIommu(null, new PageTableIommu(0x1800, 0), "broken", 0x1000);
        assertThatThrownBy(zeroIndexes::numIndexes).isInstanceOf(IllegalStateException.class)
                .hasMessage("IOMMU numIndexes must be at least 1: region=broken numIndexes=0");
        assertThatThrownBy(zeroIndexes::minPageSize).isInstanceOf(IllegalStateException.class)
                .hasMessage("IOMMU minPageSize must be a power of two: region=broken minPageSize=0x1800");
    }

    // ------------------------------------------------------------ registration

    @Test
    void theModelHearsTheUnionOfFlagsOnlyWhenItChanges() {
        IommuNotifier a = notifier("a", EnumSet.of(MAP, UNMAP), 0, 0xfffff, 0);
        IommuNotifier b = notifier("b", EnumSet.of(UNMAP), 0, 0xfff, 0);
        IommuNotifier c = notifier("c", EnumSet.of(DEVIOTLB_UNMAP), 0, 0xfff, 1);
        iommu.registerNotifier(a);
        iommu.registerNotifier(b);
        iommu.registerNotifier(c);
        iommu.unregisterNotifier(a);
        iommu.unregisterNotifier(c);
        iommu.unregisterNotifier(b);
        assertThat(tables.flagChanges).containsExactly(
                "[]->[UNMAP, MAP]",
                "[UNMAP, MAP]->[UNMAP, MAP, DEVIOTLB_UNMAP]",
                "[UNMAP, MAP, DEVIOTLB_UNMAP]->[UNMAP, DEVIOTLB_UNMAP]",
                "[UNMAP, DEVIOTLB_UNMAP]->[UNMAP]",
                "[UNMAP]->[]");
        assertThat(iommu.notifiers()).isEmpty();
        assertThat(iommu.notifyFlags()).isEmpty();
    }

    @Test
    void aModelThatRefusesTheFlagsLeavesTheNotifierUnregistered() {
        IommuMemoryRegion unmapOnly = sys.initIommu(null, new IommuOps() {
            @Override
            public IommuTlbEntry translate(long addr, IommuAccessFlags flag, int iommuIdx) {
                return IommuTlbEntry.unmapped(memory, addr & ~0xfffL, 0xfff);
            }

            @Override
            public void notifyFlagChanged(Set<IommuNotifierFlag> oldFlags, Set<IommuNotifierFlag> newFlags) {
                if (newFlags.contains(MAP)) {
                    throw new IllegalStateException("this IOMMU does not support MAP notifications");
                }
            }
        }, "smmu", 0x10000);
        IommuNotifier wantsMap = notifier("v", EnumSet.of(MAP, UNMAP), 0, 0xffff, 0);
        assertThatThrownBy(() -> unmapOnly.registerNotifier(wantsMap))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("MAP");
        assertThat(unmapOnly.notifiers()).isEmpty();
        assertThat(unmapOnly.notifyFlags()).isEmpty();
        IommuNotifier unmap = notifier("u", EnumSet.of(UNMAP), 0, 0xffff, 0);
        unmapOnly.registerNotifier(unmap);
        assertThat(unmapOnly.notifiers()).containsExactly(unmap);
        assertThat(unmapOnly.notifyFlags()).containsExactly(UNMAP);
    }

    @Test
    void registrationMistakesAreRefused() {
        IommuNotifier n = notifier("n", EnumSet.of(MAP), 0, 0xfff, 0);
        iommu.registerNotifier(n);
        assertThatThrownBy(() -> iommu.registerNotifier(n))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("notifier is already registered");
        IommuMemoryRegion other = sys.initIommu(null, tables, "other", 0x1000);
        assertThatThrownBy(() -> other.unregisterNotifier(n))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("notifier is not registered here");
        assertThatThrownBy(() -> other.registerNotifier(notifier("x", EnumSet.of(MAP), 0, 1, 2)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("iommuIdx out of range: region=other iommuIdx=2 numIndexes=2");
        iommu.unregisterNotifier(n);
        other.registerNotifier(n);
        assertThat(other.notifiers()).containsExactly(n);
    }

    // ------------------------------------------------------------ delivery

    @Test
    void anEventReachesNotifiersOfItsIndexTypeAndRangeNewestFirst() {
        iommu.registerNotifier(notifier("low", EnumSet.of(MAP, UNMAP), 0, 0x3fff, 0));
        iommu.registerNotifier(notifier("high", EnumSet.of(MAP, UNMAP), 0x4000, 0xfffff, 0));
        iommu.registerNotifier(notifier("unmapOnly", EnumSet.of(UNMAP), 0, 0xfffff, 0));
        iommu.registerNotifier(notifier("idx1", EnumSet.of(MAP, UNMAP), 0, 0xfffff, 1));
        iommu.registerNotifier(notifier("devtlb", EnumSet.of(DEVIOTLB_UNMAP), 0, 0xfffff, 0));
        iommu.notifyIommu(0, map(0x1000, 0x8000, 0xfff));
        iommu.notifyIommu(0, unmap(0x5000, 0xfff));
        iommu.notifyIommu(1, map(0x5000, 0x9000, 0xfff));
        iommu.notifyIommu(0, new IommuTlbEvent(DEVIOTLB_UNMAP, IommuTlbEntry.unmapped(memory, 0, 0xfff)));
        assertThat(events).containsExactly(
                "low MAP 1000+1000->8000 RW",
                "unmapOnly UNMAP 5000+1000",
                "high UNMAP 5000+1000",
                "idx1 MAP 5000+1000->9000 RW",
                "devtlb DEVIOTLB_UNMAP 0+1000");
    }

    @Test
    void anInPlaceChangeIsUnmapThenMapAndNoChangeIsNothing() {
        iommu.registerNotifier(notifier("n", EnumSet.of(MAP, UNMAP), 0, 0xfffff, 0));
        IommuTlbEntry none = IommuTlbEntry.unmapped(memory, 0x2000, 0xfff);
        IommuTlbEntry a = new IommuTlbEntry(memory, 0x2000, 0x8000, 0xfff, RW);
        IommuTlbEntry b = new IommuTlbEntry(memory, 0x2000, 0x9000, 0xfff, RW);
        IommuTlbEntry bReadOnly = new IommuTlbEntry(memory, 0x2000, 0x9000, 0xfff, RO);
        iommu.notifyChange(0, none, a);
        iommu.notifyChange(0, a, new IommuTlbEntry(memory, 0x2000, 0x8000, 0xfff, RW));
        iommu.notifyChange(0, a, b);
        iommu.notifyChange(0, b, bReadOnly);
        iommu.notifyChange(0, bReadOnly, none);
        iommu.notifyChange(0, none, new IommuTlbEntry(memory, 0x2000, 0x5000, 0xfff, NONE));
        assertThat(events).containsExactly(
                "n MAP 2000+1000->8000 RW",
                "n UNMAP 2000+1000", "n MAP 2000+1000->9000 RW",
                "n UNMAP 2000+1000", "n MAP 2000+1000->9000 RO",
                "n UNMAP 2000+1000");
        assertThatThrownBy(() -> iommu.notifyChange(0, a, new IommuTlbEntry(memory, 0, 0, 0x3fff, RW)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("an in-place change keeps the page: before.iova=0x2000 before.addrMask=0xfff"
                        + " after.iova=0x0 after.addrMask=0x3fff");
    }

    @Test
    void aNotifierGetsOnlyThePartOfAPageInsideItsRangeAsAlignedPages() {
        iommu.registerNotifier(notifier("n", EnumSet.of(MAP, UNMAP), 0x3000, 0x6fff, 0));
        iommu.notifyIommu(0, map(0, 0x10000, 0xffff));
        iommu.notifyIommu(0, unmap(0, 0xffff));
        assertThat(events).containsExactly(
                "n MAP 3000+1000->13000 RW",
                "n MAP 4000+2000->14000 RW",
                "n MAP 6000+1000->16000 RW",
                "n UNMAP 3000+1000",
                "n UNMAP 4000+2000",
                "n UNMAP 6000+1000");
    }

    @Test
    void aRegionSplitByAHigherPriorityRegionShowsEachUnmappedByteOnce() {
        // A consumer with one notifier per section, as a VFIO-like listener registers them.
        ContainerRegion bus = sys.initContainer(null, "bus", MemoryRegion.SIZE_2_64);
        bus.addSubregion(0, iommu);
        bus.addSubregionOverlap(0x80000, sys.initIo(null, MemoryRegionOps.of((o, s) -> 0, (o, v, s) -> { }),
                "msi", 0x1000), 1);
        AddressSpace pci = sys.addressSpace(bus, "pci");
        for (var range : pci.view().ranges()) {
            if (range.region() == iommu) {
                iommu.registerNotifier(notifier("section", EnumSet.of(MAP, UNMAP), range.offsetInRegion(),
                        range.offsetInRegion() + range.size() - 1, 0));
            }
        }
        iommu.notifyIommu(0, unmap(0, 0xfffff));
        long[] seen = new long[0x100];
        for (String e : events) {
            String[] parts = e.split("[ +]");
            long iova = Long.parseLong(parts[2], 16);
            long size = Long.parseLong(parts[3], 16);
            for (long page = iova >> 12; page < (iova + size) >> 12; page++) {
                seen[(int) page]++;
            }
        }
        for (int page = 0; page < 0x100; page++) {
            assertThat(seen[page]).as("UNMAPs of page 0x%x", page).isEqualTo(page == 0x80 ? 0 : 1);
        }
    }

    // ------------------------------------------------------------ replay

    @Test
    void replayTranslatesWithFlagNoneAndDeliversValidEntriesAsMap() {
        tables.map(0x2000, 0x8000, RO);
        tables.map(0x5000, 0x9000, RW);
        tables.put(0, new IommuTlbEntry(memory, 0x10000, 0x40000, 0xffff, RW));
        tables.map(0x30000, 0xa000, RW);
        tables.translations.clear();
        IommuNotifier n = notifier("r", EnumSet.of(MAP, UNMAP), 0x1800, 0x2ffff, 0);
        iommu.replay(n);
        assertThat(events).containsExactly(
                "r MAP 2000+1000->8000 RO",
                "r MAP 5000+1000->9000 RW",
                "r MAP 10000+10000->40000 RW");
        assertThat(tables.translations).containsOnly(NONE)
                .hasSize(0x10 - 1 + 1 + 0x10); // 0x1000..0xffff by page, the 64 KiB page once, 0x20000..0x2ffff
    }

    @Test
    void replayDeliversNothingToANotifierWithoutMap() {
        tables.map(0x2000, 0x8000, RO);
        iommu.replay(notifier("u", EnumSet.of(UNMAP), 0, 0xfffff, 0));
        assertThat(events).isEmpty();
    }

    @Test
    void replayOfAWholeSpaceRegionEndsAtTheTop() {
        PageTableIommu top = new PageTableIommu(0x1000).target(memory);
        IommuMemoryRegion whole = sys.initIommu(null, top, "whole", MemoryRegion.SIZE_2_64);
        top.map(0xffff_ffff_ffff_f000L, 0x1000, RW);
        whole.replay(notifier("t", EnumSet.of(MAP), 0xffff_ffff_ffff_c000L, -1L, 0));
        assertThat(events).containsExactly("t MAP fffffffffffff000+1000->1000 RW");
        assertThat(top.translations).hasSize(4);
    }

    @Test
    void aModelsOwnReplayReplacesTheWalk() {
        List<IommuNotifier> replayed = new ArrayList<>();
        IommuMemoryRegion custom = sys.initIommu(null, new IommuOps() {
            @Override
            public IommuTlbEntry translate(long addr, IommuAccessFlags flag, int iommuIdx) {
                throw new AssertionError("replay must not translate");
            }

            @Override
            public void replay(IommuMemoryRegion region, IommuNotifier notifier) {
                replayed.add(notifier);
                region.notifyOne(notifier, new IommuTlbEvent(MAP, new IommuTlbEntry(memory, 0, 0x7000, 0xfff, RO)));
            }
        }, "custom", 0x10000);
        IommuNotifier n = notifier("c", EnumSet.of(MAP), 0, 0xffff, 0);
        custom.replay(n);
        assertThat(replayed).containsExactly(n);
        assertThat(events).containsExactly("c MAP 0+1000->7000 RO");
    }
}
