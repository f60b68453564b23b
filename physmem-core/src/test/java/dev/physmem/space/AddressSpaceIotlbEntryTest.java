package dev.physmem.space;

import static dev.physmem.attr.IommuAccessFlags.NONE;
import static dev.physmem.attr.IommuAccessFlags.RO;
import static dev.physmem.attr.IommuAccessFlags.RW;
import static dev.physmem.attr.IommuAccessFlags.WO;
import static org.assertj.core.api.Assertions.assertThat;

import dev.physmem.attr.MemTxAttrs;
import dev.physmem.iommu.IommuMemoryRegion;
import dev.physmem.iommu.IommuTlbEntry;
import dev.physmem.region.ContainerRegion;
import dev.physmem.region.MemoryRegion;
import dev.physmem.testing.PageTableIommu;
import org.junit.jupiter.api.Test;

/**
 * {@link AddressSpace#getIotlbEntry}: QEMU's {@code address_space_get_iotlb_entry} over the
 * {@link IommuBus} machine ({@code pci} shows the 4 KiB-page IOMMU {@code dmar} at 0, translating
 * into {@code memory}: RAM at 0..0xffff, a device at 0x100000).
 */
class AddressSpaceIotlbEntryTest {
    private static final MemTxAttrs ATTRS = MemTxAttrs.UNSPECIFIED;

    private final IommuBus machine = new IommuBus(0x1000, 2);

    @Test
    void anAddressNotBehindAnIommuIsItsOwnTargetPage() {
        IommuTlbEntry e = machine.memory.getIotlbEntry(0x1234, true, ATTRS);
        assertThat(e).isEqualTo(new IommuTlbEntry(machine.memory, 0x1000, 0x1000, 0xfff, RW));
        assertThat(machine.memory.getIotlbEntry(0x10_0004, false, ATTRS).translatedAddr()).isEqualTo(0x10_0000);
    }

    @Test
    void aHoleIsAFaultEntry() {
        IommuTlbEntry e = machine.memory.getIotlbEntry(0x5000_0123L, false, ATTRS);
        assertThat(e.perm()).isEqualTo(NONE);
        assertThat(e.targetAs()).isSameAs(machine.memory);
        assertThat(e.covers(0x5000_0123L)).isTrue();
    }

    @Test
    void aTranslatedPageNamesTheTargetSpaceAndIsReadWriteWhateverTheIommuAllowed() {
        machine.tables.map(0x3000, 0x8000, RO);
        IommuTlbEntry e = machine.pci.getIotlbEntry(0x3456, false, ATTRS);
        assertThat(e).isEqualTo(new IommuTlbEntry(machine.memory, 0x3000, 0x8000, 0xfff, RW));
    }

    @Test
    void theDirectionAskedForIsChecked() {
        machine.tables.map(0x3000, 0x8000, RO);
        machine.tables.map(0x4000, 0x9000, WO);
        assertThat(machine.pci.getIotlbEntry(0x3000, true, ATTRS).perm()).isEqualTo(NONE);
        assertThat(machine.pci.getIotlbEntry(0x4000, false, ATTRS).perm()).isEqualTo(NONE);
        assertThat(machine.pci.getIotlbEntry(0x4000, true, ATTRS).translatedAddr()).isEqualTo(0x9000);
    }

    @Test
    void anUnmappedPageAndATranslationIntoAHoleAreFaults() {
        machine.tables.map(0x6000, 0x7000_0000L, RW);
        IommuTlbEntry unmapped = machine.pci.getIotlbEntry(0x5010, false, ATTRS);
        assertThat(unmapped.perm()).isEqualTo(NONE);
        assertThat(unmapped.iova()).isEqualTo(0x5000);
        assertThat(machine.pci.getIotlbEntry(0x6010, false, ATTRS).perm()).isEqualTo(NONE);
    }

    @Test
    void theIndexComesFromTheAttributes() {
        machine.tables.put(1, new IommuTlbEntry(machine.memory, 0x3000, 0xa000, 0xfff, RW));
        assertThat(machine.pci.getIotlbEntry(0x3000, false, ATTRS).perm()).isEqualTo(NONE);
        assertThat(machine.pci.getIotlbEntry(0x3000, false, MemTxAttrs.UNSPECIFIED.withSecure(true)).translatedAddr())
                .isEqualTo(0xa000);
    }

    @Test
    void nestedIommusGiveTheSmallestPageAndTheLastTarget() {
        PageTableIommu outerTables = new PageTableIommu(0x10000).target(machine.pci);
        IommuMemoryRegion outer = machine.sys.initIommu(null, outerTables, "outer", 1L << 32);
        ContainerRegion guestBus = machine.sys.initContainer(null, "guest bus", MemoryRegion.SIZE_2_64);
        guestBus.addSubregion(0, outer);
        AddressSpace nested = machine.sys.addressSpace(guestBus, "nested");
        outerTables.map(0x40000, 0x10000, RW);   // 64 KiB: 0x40000.. -> pci 0x10000..
        machine.tables.map(0x1a000, 0x2000, RO); // pci 0x1a000 -> memory 0x2000

        IommuTlbEntry e = nested.getIotlbEntry(0x4a123, false, ATTRS);
        assertThat(e).isEqualTo(new IommuTlbEntry(machine.memory, 0x4a000, 0x2000, 0xfff, RW));
    }

    @Test
    void aHugeIommuPageIsReportedWhole() {
        machine.tables.put(0, new IommuTlbEntry(machine.memory, 0x20_0000L, 0, 0x1f_ffffL, RW));
        IommuTlbEntry e = machine.pci.getIotlbEntry(0x20_0345L, true, ATTRS);
        assertThat(e).isEqualTo(new IommuTlbEntry(machine.memory, 0x20_0000L, 0, 0x1f_ffffL, RW));
    }
}
