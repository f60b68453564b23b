package dev.physmem.models.iommu;

import static dev.physmem.attr.IommuAccessFlags.NONE;
import static dev.physmem.attr.IommuAccessFlags.RO;
import static dev.physmem.attr.IommuAccessFlags.RW;
import static dev.physmem.attr.IommuAccessFlags.WO;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.physmem.MemorySystem;
import dev.physmem.attr.MemTxAttrs;
import dev.physmem.attr.MemTxResult;
import dev.physmem.iommu.IommuNotifier;
import dev.physmem.iommu.IommuNotifierFlag;
import dev.physmem.iommu.IommuTlbEntry;
import dev.physmem.iommu.IommuTlbEvent;
import dev.physmem.mtree.MtreeOptions;
import dev.physmem.mtree.MtreePrinter;
import dev.physmem.region.ContainerRegion;
import dev.physmem.region.MemoryRegion;
import dev.physmem.region.RamRegion;
import dev.physmem.space.AddressSpace;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The TCE table: translation, DMA through it, notifications, replay; a 16-page window at 0x80000000. */
class TceIommuTest {
    private static final long BUS = 0x8000_0000L;

    private final MemorySystem sys = new MemorySystem();
    private final ContainerRegion system = sys.initContainer(null, "system", MemoryRegion.SIZE_2_64);
    private final RamRegion ram = sys.initRam(null, "ram", 0x100000);
    private final AddressSpace memory;
    private final TceIommu tce;
    private final AddressSpace pci;
    private final List<String> events = new ArrayList<>();

    TceIommuTest() {
        system.addSubregion(0, ram);
        memory = sys.addressSpace(system, "memory");
        tce = new TceIommu(sys, null, 0x80000000, BUS, 12, 16, memory);
        ContainerRegion root = sys.initContainer(null, "pci@800000020000000.iommu-root", MemoryRegion.SIZE_2_64);
        root.addSubregion(BUS, tce.region());
        pci = sys.addressSpace(root, "pci@800000020000000");
    }

    private IommuNotifier listen(long start, long end) {
        IommuNotifier n = new IommuNotifier(e -> events.add(e.type() + " " + Long.toHexString(e.entry().iova())
                + (e.entry().isValid() ? "->" + Long.toHexString(e.entry().translatedAddr()) + " " + e.entry().perm() : "")),
                EnumSet.of(IommuNotifierFlag.MAP, IommuNotifierFlag.UNMAP), start, end, 0);
        tce.region().registerNotifier(n);
        return n;
    }

    @Test
    void theWindowPrintsAsQemusTceRegion() {
        assertThat(MtreePrinter.print(sys, MtreeOptions.flatView()))
                .contains("  0000000080000000-000000008000ffff (prio 0, i/o): tce-iommu-80000000\n");
    }

    @Test
    void eachEntryTranslatesItsPageWithItsPermissions() {
        tce.putTce(BUS + 0x3000, 0x45000 | TceIommu.TCE_PCI_READ);
        assertThat(tce.getTce(BUS + 0x3abc)).isEqualTo(0x45001);
        assertThat(tce.region().translate(0x3abc, RO, 0)).isEqualTo(new IommuTlbEntry(memory, 0x3000, 0x45000, 0xfff, RO));
        assertThat(tce.region().translate(0x4000, RO, 0).perm()).isEqualTo(NONE);
        assertThat(tce.translate(0x10000, RO, 0)).isEqualTo(IommuTlbEntry.unmapped(memory, 0, -1L));
        assertThat(tce.minPageSize()).isEqualTo(0x1000);
    }

    @Test
    void dmaGoesThroughTheTableAndObeysItsPermissions() {
        tce.map(BUS + 0x1000, 0x7000, RW);
        tce.map(BUS + 0x2000, 0x9000, RO);
        pci.stqLe(BUS + 0x1ff8, 0x1122334455667788L);
        assertThat(ram.backing().get(ValueLayout.JAVA_LONG_UNALIGNED, 0x7ff8)).isEqualTo(0x1122334455667788L);
        assertThat(pci.write(BUS + 0x2000, MemTxAttrs.UNSPECIFIED, new byte[4], 0, 4))
                .isEqualTo(MemTxResult.DECODE_ERROR);
        assertThat(pci.read(BUS + 0x1ffc, MemTxAttrs.UNSPECIFIED, new byte[8], 0, 8)).isEqualTo(MemTxResult.OK);
        assertThat(pci.read(BUS + 0x3000, MemTxAttrs.UNSPECIFIED, new byte[1], 0, 1))
                .isEqualTo(MemTxResult.DECODE_ERROR);
    }

    @Test
    void mapAndUnmapNotifyAndAnInPlaceChangeIsUnmapThenMap() {
        listen(0, 0xffff);
        tce.map(BUS + 0x1000, 0x7000, RW);
        tce.map(BUS + 0x1000, 0x7000, RW);     // unchanged: nothing
        tce.map(BUS + 0x1000, 0x8000, RW);     // other page
        tce.map(BUS + 0x1000, 0x8000, RO);     // other permissions
        tce.putTce(BUS + 0x1000, 0x8000 | TceIommu.TCE_PCI_READ | 0x100); // ignored bits only: nothing
        tce.unmap(BUS + 0x1000);
        tce.unmap(BUS + 0x1000);               // already unmapped: nothing
        assertThat(events).containsExactly(
                "MAP 1000->7000 RW",
                "UNMAP 1000", "MAP 1000->8000 RW",
                "UNMAP 1000", "MAP 1000->8000 RO",
                "UNMAP 1000");
    }

    @Test
    void notificationsReachOnlyNotifiersCoveringThePage() {
        listen(0x4000, 0x7fff);
        tce.map(BUS + 0x1000, 0x7000, WO);
        tce.map(BUS + 0x5000, 0x7000, WO);
        assertThat(events).containsExactly("MAP 5000->7000 WO");
    }

    @Test
    void replayWalksTheTableInTheNotifiersRange() {
        tce.map(BUS, 0x1000, RW);
        tce.map(BUS + 0x5000, 0x2000, RO);
        tce.map(BUS + 0xf000, 0x3000, WO);
        IommuNotifier n = new IommuNotifier(e -> events.add(e.type() + " " + Long.toHexString(e.entry().iova())),
                EnumSet.of(IommuNotifierFlag.MAP), 0x1000, 0x1_0000_0000L, 0);
        tce.region().replay(n);
        assertThat(events).containsExactly("MAP 5000", "MAP f000");
        events.clear();
        tce.region().replay(new IommuNotifier(e -> events.add("x"), EnumSet.of(IommuNotifierFlag.UNMAP), 0, 0xffff, 0));
        assertThat(events).isEmpty();
    }

    @Test
    void theTableHearsWhenSomeoneListens() {
        assertThat(tce.needVfio()).isFalse();
        IommuNotifier n = listen(0, 0xffff);
        assertThat(tce.needVfio()).isTrue();
        tce.region().unregisterNotifier(n);
        assertThat(tce.needVfio()).isFalse();
    }

    @Test
    void misuseIsRejected() {
        assertThatThrownBy(() -> tce.putTce(BUS + 0x10000, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ioba outside the DMA window: ioba=0x80010000 busOffset=0x80000000 windowSize=0x10000");
        assertThatThrownBy(() -> tce.getTce(BUS - 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> tce.map(BUS, 0x1800, RW))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("realAddr must be page aligned: realAddr=0x1800 pageSize=0x1000");
        assertThatThrownBy(() -> new TceIommu(sys, null, 1, 0x800, 12, 1, memory))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("busOffset must be page aligned: busOffset=0x800 pageShift=12");
        assertThatThrownBy(() -> new TceIommu(sys, null, 1, 0, 11, 1, memory))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TceIommu(sys, null, 1, 0, 12, 0, memory))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anUnmapEventCarriesTheWholePageWithPermNone() {
        List<IommuTlbEvent> seen = new ArrayList<>();
        tce.region().registerNotifier(new IommuNotifier(seen::add, EnumSet.of(IommuNotifierFlag.UNMAP), 0, 0xffff, 0));
        tce.map(BUS + 0x2000, 0x4000, RW);
        tce.unmap(BUS + 0x2000);
        assertThat(seen).containsExactly(IommuTlbEvent.of(IommuTlbEntry.unmapped(memory, 0x2000, 0xfff)));
    }
}
