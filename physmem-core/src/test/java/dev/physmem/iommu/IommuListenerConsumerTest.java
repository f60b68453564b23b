package dev.physmem.iommu;

import static dev.physmem.attr.IommuAccessFlags.RW;
import static dev.physmem.iommu.IommuNotifierFlag.MAP;
import static dev.physmem.iommu.IommuNotifierFlag.UNMAP;
import static org.assertj.core.api.Assertions.assertThat;

import dev.physmem.MemorySystem;
import dev.physmem.attr.MemTxAttrs;
import dev.physmem.dispatch.MemoryRegionSection;
import dev.physmem.listener.MemoryListener;
import dev.physmem.region.ContainerRegion;
import dev.physmem.region.MemoryRegion;
import dev.physmem.region.MemoryRegionOps;
import dev.physmem.space.AddressSpace;
import dev.physmem.testing.PageTableIommu;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The consumer QEMU's VFIO is, reduced to its use of the API: a listener that recognises IOMMU
 * sections, registers a MAP|UNMAP notifier over each on {@code regionAdd} (and replays), and
 * unregisters it on {@code regionDel}.
 */
class IommuListenerConsumerTest {
    private final MemorySystem sys = new MemorySystem();
    private final ContainerRegion system = sys.initContainer(null, "system", MemoryRegion.SIZE_2_64);
    private final AddressSpace memory = sys.addressSpace(system, "memory");
    private final PageTableIommu tables = new PageTableIommu(0x1000).target(memory);
    private final IommuMemoryRegion iommu = sys.initIommu(null, tables, "dmar", 0x100000);
    private final ContainerRegion bus = sys.initContainer(null, "bus", MemoryRegion.SIZE_2_64);
    private final AddressSpace pci;
    private final SectionNotifiers consumer = new SectionNotifiers();

    IommuListenerConsumerTest() {
        bus.addSubregion(0x200000, iommu);
        pci = sys.addressSpace(bus, "pci");
    }

    /** Registers a notifier per IOMMU section; logs what it hears as {@code TYPE iova+size}. */
    private static final class SectionNotifiers implements MemoryListener {
        final Map<MemoryRegionSection, IommuNotifier> notifiers = new LinkedHashMap<>();
        final List<String> log = new ArrayList<>();

        @Override
        public void regionAdd(MemoryRegionSection section) {
            if (section.region() instanceof IommuMemoryRegion region) {
                long first = section.offsetWithinRegion();
                IommuNotifier n = new IommuNotifier(e -> log.add(IommuMemoryRegionTest.describe(e)),
                        EnumSet.of(MAP, UNMAP), first, first + section.size() - 1,
                        region.attrsToIndex(MemTxAttrs.UNSPECIFIED));
                region.registerNotifier(n);
                notifiers.put(section, n);
                region.replay(n);
            }
        }

        @Override
        public void regionDel(MemoryRegionSection section) {
            if (section.region() instanceof IommuMemoryRegion region) {
                region.unregisterNotifier(notifiers.remove(section));
            }
        }

        List<String> ranges() {
            return notifiers.values().stream()
                    .map(n -> Long.toHexString(n.start()) + "-" + Long.toHexString(n.end())).toList();
        }
    }

    @Test
    void aNotifierIsRegisteredForTheIommuSectionAndHearsItsEvents() {
        tables.map(0x3000, 0x8000, RW);
        pci.registerListener(consumer);
        assertThat(consumer.ranges()).containsExactly("0-fffff");
        assertThat(iommu.notifiers()).containsExactlyElementsOf(consumer.notifiers.values());
        assertThat(tables.flagChanges).containsExactly("[]->[UNMAP, MAP]");
        assertThat(consumer.log).containsExactly("MAP 3000+1000->8000 RW");
        iommu.notifyIommu(0, IommuTlbEvent.of(tables.unmap(0x3000)));
        assertThat(consumer.log).containsExactly("MAP 3000+1000->8000 RW", "UNMAP 3000+1000");
    }

    @Test
    void disablingTheIommuUnregistersAndEnablingRegistersAndReplaysAgain() {
        pci.registerListener(consumer);
        iommu.setEnabled(false);
        assertThat(consumer.notifiers).isEmpty();
        assertThat(iommu.notifiers()).isEmpty();
        assertThat(tables.flagChanges).containsExactly("[]->[UNMAP, MAP]", "[UNMAP, MAP]->[]");
        tables.map(0x5000, 0x9000, RW);
        iommu.setEnabled(true);
        assertThat(consumer.ranges()).containsExactly("0-fffff");
        assertThat(consumer.log).containsExactly("MAP 5000+1000->9000 RW");
    }

    @Test
    void aHigherPriorityRegionSplitsTheSectionAndTheNotifiersFollow() {
        pci.registerListener(consumer);
        var msi = sys.initIo(null, MemoryRegionOps.of((o, s) -> 0, (o, v, s) -> { }), "msi", 0x1000);
        bus.addSubregionOverlap(0x280000, msi, 1);
        assertThat(consumer.ranges()).containsExactly("0-7ffff", "81000-fffff");
        assertThat(iommu.notifiers()).hasSize(2);
        bus.delSubregion(msi);
        assertThat(consumer.ranges()).containsExactly("0-fffff");
        assertThat(iommu.notifiers()).hasSize(1);
    }

    @Test
    void aPartlyHiddenIommuGetsANotifierForWhatIsVisible() {
        bus.setSize(0x280000);
        pci.registerListener(consumer);
        assertThat(consumer.ranges()).containsExactly("0-7ffff");
    }

    @Test
    void unregisteringTheListenerUnregistersEveryNotifier() {
        pci.registerListener(consumer);
        pci.unregisterListener(consumer);
        assertThat(consumer.notifiers).isEmpty();
        assertThat(iommu.notifiers()).isEmpty();
        assertThat(iommu.notifyFlags()).isEmpty();
    }
}
