package dev.physmem.space;

import static dev.physmem.attr.IommuAccessFlags.NONE;
import static dev.physmem.attr.IommuAccessFlags.RO;
import static dev.physmem.attr.IommuAccessFlags.RW;
import static dev.physmem.attr.IommuAccessFlags.WO;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.physmem.MemorySystem;
import dev.physmem.attr.MemTxAttrs;
import dev.physmem.attr.MemTxResult;
import dev.physmem.iommu.IommuMemoryRegion;
import dev.physmem.iommu.IommuTlbEntry;
import dev.physmem.region.ContainerRegion;
import dev.physmem.region.MemoryRegion;
import dev.physmem.region.RamRegion;
import dev.physmem.space.RecordingDevice.Call;
import dev.physmem.testing.PageTableIommu;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Accesses through IOMMU regions: every access path, page splitting, permissions, holes, nesting,
 * loops and the 2^64 edge. The bus space {@code pci} shows the IOMMU {@code dmar} (4 KiB pages)
 * at 0; it translates into {@code memory}, which has RAM at 0 and a device at 0x100000.
 */
class IommuTranslationTest {
    private static final MemTxAttrs ATTRS = MemTxAttrs.UNSPECIFIED;

    private final IommuBus machine = new IommuBus(0x1000, 2);
    private final MemorySystem sys = machine.sys;
    private final ContainerRegion system = machine.system;
    private final RamRegion ram = machine.ram;
    private final RecordingDevice device = machine.device;
    private final AddressSpace memory = machine.memory;
    private final PageTableIommu tables = machine.tables;
    private final IommuMemoryRegion dmar = machine.dmar;
    private final ContainerRegion bus = machine.bus;
    private final AddressSpace pci = machine.pci;
    private final MemTxResultHolder result = new MemTxResultHolder();

    private byte[] ramBytes(long from, int count) {
        return ram.backing().asSlice(from, count).toArray(ValueLayout.JAVA_BYTE);
    }

    private static byte[] sequence(int count, int first) {
        byte[] b = new byte[count];
        for (int i = 0; i < count; i++) {
            b[i] = (byte) (first + i);
        }
        return b;
    }

    // ------------------------------------------------------------ buffer accesses

    @Test
    void readAndWriteOfBytesGoToTheTranslatedRam() {
        tables.map(0x1000, 0x5000, RW);
        assertThat(pci.write(0x1010, ATTRS, sequence(8, 1), 0, 8)).isEqualTo(MemTxResult.OK);
        assertThat(ramBytes(0x5010, 8)).containsExactly(sequence(8, 1));
        byte[] back = new byte[8];
        assertThat(pci.read(0x1010, ATTRS, back, 0, 8)).isEqualTo(MemTxResult.OK);
        assertThat(back).containsExactly(sequence(8, 1));
        assertThat(pci.rw(0x1014, ATTRS, back, 0, 2, false)).isEqualTo(MemTxResult.OK);
        assertThat(back[0]).isEqualTo((byte) 5);
    }

    @Test
    void readAndWriteOfSegmentsGoToTheTranslatedRam() {
        tables.map(0x3000, 0x8000, RW);
        MemorySegment data = MemorySegment.ofArray(sequence(16, 0x40));
        assertThat(pci.write(0x3ff0, ATTRS, data)).isEqualTo(MemTxResult.OK);
        assertThat(ramBytes(0x8ff0, 16)).containsExactly(sequence(16, 0x40));
        MemorySegment back = MemorySegment.ofArray(new byte[16]);
        assertThat(pci.read(0x3ff0, ATTRS, back)).isEqualTo(MemTxResult.OK);
        assertThat(back.toArray(ValueLayout.JAVA_BYTE)).containsExactly(sequence(16, 0x40));
    }

    @Test
    void anAccessAcrossTwoTranslationPagesIsSplitAtThePageBoundary() {
        tables.map(0x1000, 0x5000, RW);
        tables.map(0x2000, 0x3000, RW);
        assertThat(pci.write(0x1ff8, ATTRS, sequence(16, 1), 0, 16)).isEqualTo(MemTxResult.OK);
        assertThat(ramBytes(0x5ff8, 8)).containsExactly(sequence(8, 1));
        assertThat(ramBytes(0x3000, 8)).containsExactly(sequence(8, 9));
        assertThat(ramBytes(0x6000, 8)).containsOnly(0);
        byte[] back = new byte[16];
        assertThat(pci.read(0x1ff8, ATTRS, back, 0, 16)).isEqualTo(MemTxResult.OK);
        assertThat(back).containsExactly(sequence(16, 1));
    }

    @Test
    void readsTranslateWithReadOnlyAndWritesWithWriteOnly() {
        tables.map(0x1000, 0x5000, RW);
        pci.read(0x1000, ATTRS, new byte[1], 0, 1);
        pci.write(0x1000, ATTRS, new byte[1], 0, 1);
        pci.ldub(0x1000);
        pci.stb(0x1000, 1);
        assertThat(tables.translations).containsExactly(RO, WO, RO, WO);
    }

    @Test
    void aPageWithoutReadPermissionReadsAsUnassigned() {
        tables.map(0x1000, 0x5000, WO);
        ram.backing().fill((byte) 0x5a);
        byte[] back = new byte[4];
        Arrays.fill(back, (byte) 1);
        assertThat(pci.read(0x1000, ATTRS, back, 0, 4)).isEqualTo(MemTxResult.DECODE_ERROR);
        assertThat(back).containsOnly(0);
        assertThat(pci.ldlLe(0x1000, ATTRS, result)).isZero();
        assertThat(result.get()).isEqualTo(MemTxResult.DECODE_ERROR);
        assertThat(pci.write(0x1000, ATTRS, sequence(4, 1), 0, 4)).isEqualTo(MemTxResult.OK);
        assertThat(ramBytes(0x5000, 4)).containsExactly(sequence(4, 1));
    }

    @Test
    void aPageWithoutWritePermissionDropsWritesAsUnassigned() {
        tables.map(0x1000, 0x5000, RO);
        assertThat(pci.write(0x1000, ATTRS, sequence(4, 1), 0, 4)).isEqualTo(MemTxResult.DECODE_ERROR);
        pci.stlLe(0x1004, 0x11223344, ATTRS, result);
        assertThat(result.get()).isEqualTo(MemTxResult.DECODE_ERROR);
        assertThat(ramBytes(0x5000, 8)).containsOnly(0);
        ram.backing().set(ValueLayout.JAVA_BYTE, 0x5000, (byte) 7);
        assertThat(pci.ldub(0x1000, ATTRS, result)).isEqualTo(7);
        assertThat(result.get()).isEqualTo(MemTxResult.OK);
    }

    @Test
    void anUnmappedPageInTheMiddleFailsOnlyItsOwnBytes() {
        tables.map(0x1000, 0x5000, RW);
        tables.map(0x3000, 0x7000, RW);
        ram.backing().fill((byte) 0x33);
        byte[] back = new byte[0x1010];
        assertThat(pci.read(0x1ff8, ATTRS, back, 0, back.length)).isEqualTo(MemTxResult.DECODE_ERROR);
        assertThat(Arrays.copyOfRange(back, 0, 8)).containsOnly(0x33);
        assertThat(Arrays.copyOfRange(back, 8, 0x1008)).containsOnly(0);
        assertThat(Arrays.copyOfRange(back, 0x1008, 0x1010)).containsOnly(0x33);
    }

    @Test
    void aTranslationIntoAHoleIsUnassigned() {
        tables.map(0x1000, 0x200000, RW);
        byte[] back = {9, 9};
        assertThat(pci.read(0x1000, ATTRS, back, 0, 2)).isEqualTo(MemTxResult.DECODE_ERROR);
        assertThat(back).containsOnly(0);
        pci.stwLe(0x1000, 0x1234, ATTRS, result);
        assertThat(result.get()).isEqualTo(MemTxResult.DECODE_ERROR);
    }

    @Test
    void aTranslationIntoADeviceReachesItAtTheTranslatedOffset() {
        tables.map(0x4000, 0x100000, RW);
        pci.stlLe(0x4010, 0x1afef00d, ATTRS, result);
        assertThat(result.get()).isEqualTo(MemTxResult.OK);
        assertThat(device.calls).containsExactly(Call.write(0x10, 4, 0x1afef00dL));
        assertThat(pci.ldlLe(0x4010)).isEqualTo(0x1afef00d);
    }

    @Test
    void anAccessAcrossTheEndOfTheTargetRangeGoesOnIntoWhatFollows() {
        // One 128 KiB page: memory 0..0x1ffff, where ram ends at 0xffff and a hole follows.
        tables.put(0, new IommuTlbEntry(memory, 0x20000, 0, 0x1ffff, RW));
        byte[] data = sequence(8, 1);
        assertThat(pci.write(0x2fffc, ATTRS, data, 0, 8)).isEqualTo(MemTxResult.DECODE_ERROR);
        assertThat(ramBytes(0xfffc, 4)).containsExactly(1, 2, 3, 4);
        assertThat(pci.ldqLe(0x2fffc, ATTRS, result)).isEqualTo(0x04030201L);
        assertThat(result.get()).isEqualTo(MemTxResult.DECODE_ERROR);
    }

    @Test
    void anAliasOfTheIommuTranslatesTheRegionsOwnOffsets() {
        tables.map(0x7000, 0x5000, RW);
        ContainerRegion other = sys.initContainer(null, "other bus", MemoryRegion.SIZE_2_64);
        other.addSubregion(0x100000, sys.initAlias(null, "dmar window", dmar, 0x6000, 0x4000));
        AddressSpace behindAlias = sys.addressSpace(other, "behind alias");
        behindAlias.stlLe(0x101010, 0x55667788, ATTRS, result);
        assertThat(result.get()).isEqualTo(MemTxResult.OK);
        assertThat(ram.backing().get(ValueLayout.JAVA_INT_UNALIGNED, 0x5010)).isEqualTo(0x55667788);
        assertThat(behindAlias.ldub(0x100010, ATTRS, result)).isZero();
        assertThat(result.get()).isEqualTo(MemTxResult.DECODE_ERROR);
    }

    // ------------------------------------------------------------ ld/st

    @Test
    void everyLoadAndStoreWidthAndOrderGoesThroughTheTranslation() {
        tables.map(0x1000, 0x5000, RW);
        pci.stb(0x1001, 0xab);
        pci.stwLe(0x1002, 0x1234);
        pci.stwBe(0x1004, 0x1234);
        pci.stlLe(0x1008, 0x01020304);
        pci.stlBe(0x100c, 0x01020304);
        pci.stqLe(0x1010, 0x0102030405060708L);
        pci.stqBe(0x1018, 0x0102030405060708L);
        assertThat(ramBytes(0x5001, 7)).containsExactly(0xab, 0x34, 0x12, 0x12, 0x34, 0, 0);
        assertThat(ramBytes(0x5008, 8)).containsExactly(4, 3, 2, 1, 1, 2, 3, 4);
        assertThat(ramBytes(0x5010, 16)).containsExactly(8, 7, 6, 5, 4, 3, 2, 1, 1, 2, 3, 4, 5, 6, 7, 8);
        assertThat(pci.ldub(0x1001)).isEqualTo(0xab);
        assertThat(pci.lduwLe(0x1002)).isEqualTo(0x1234);
        assertThat(pci.lduwBe(0x1004)).isEqualTo(0x1234);
        assertThat(pci.ldlLe(0x1008)).isEqualTo(0x01020304);
        assertThat(pci.ldlBe(0x100c)).isEqualTo(0x01020304);
        assertThat(pci.ldqLe(0x1010)).isEqualTo(0x0102030405060708L);
        assertThat(pci.ldqBe(0x1018, ATTRS, result)).isEqualTo(0x0102030405060708L);
        assertThat(result.get()).isEqualTo(MemTxResult.OK);
    }

    @Test
    void aLoadOrStoreAcrossTwoTranslationPagesIsSplitAtThePageBoundary() {
        tables.map(0x1000, 0x5000, RW);
        tables.map(0x2000, 0x3000, RW);
        pci.stqLe(0x1ffc, 0x8877665544332211L, ATTRS, result);
        assertThat(result.get()).isEqualTo(MemTxResult.OK);
        assertThat(ramBytes(0x5ffc, 4)).containsExactly(0x11, 0x22, 0x33, 0x44);
        assertThat(ramBytes(0x3000, 4)).containsExactly(0x55, 0x66, 0x77, 0x88);
        assertThat(pci.ldqLe(0x1ffc, ATTRS, result)).isEqualTo(0x8877665544332211L);
        assertThat(pci.ldlBe(0x1ffe)).isEqualTo(0x33445566);
    }

    @Test
    void aLoadHalfInAnUnmappedPageReadsZerosThereWithDecodeError() {
        tables.map(0x1000, 0x5000, RW);
        ram.backing().fill((byte) 0xff);
        assertThat(pci.ldlLe(0x1ffe, ATTRS, result)).isEqualTo(0x0000ffff);
        assertThat(result.get()).isEqualTo(MemTxResult.DECODE_ERROR);
    }

    // ------------------------------------------------------------ attributes and indexes

    @Test
    void theIndexComesFromTheAccessAttributes() {
        tables.map(0x1000, 0x5000, RW);
        tables.put(1, new IommuTlbEntry(memory, 0x1000, 0x6000, 0xfff, RW));
        pci.stb(0x1000, 1, ATTRS, result);
        pci.stb(0x1000, 2, MemTxAttrs.DEFAULT.withSecure(true), result);
        assertThat(ram.backing().get(ValueLayout.JAVA_BYTE, 0x5000)).isEqualTo((byte) 1);
        assertThat(ram.backing().get(ValueLayout.JAVA_BYTE, 0x6000)).isEqualTo((byte) 2);
    }

    @Test
    void memoryOnlyAttributesAreCheckedAgainstWhatTheTranslationReaches() {
        tables.map(0x1000, 0x5000, RW);
        tables.map(0x2000, 0x100000, RW);
        MemTxAttrs memoryOnly = MemTxAttrs.DEFAULT.withMemory(true);
        assertThat(pci.write(0x1000, memoryOnly, new byte[4], 0, 4)).isEqualTo(MemTxResult.OK);
        assertThat(pci.write(0x2000, memoryOnly, new byte[4], 0, 4)).isEqualTo(MemTxResult.ACCESS_ERROR);
        assertThat(device.calls).isEmpty();
    }

    // ------------------------------------------------------------ nesting and loops

    @Test
    void nestedIommusTranslateOneAfterTheOther() {
        PageTableIommu outerTables = new PageTableIommu(0x10000).target(pci);
        IommuMemoryRegion outer = sys.initIommu(null, outerTables, "outer", 1L << 32);
        ContainerRegion guestBus = sys.initContainer(null, "guest bus", MemoryRegion.SIZE_2_64);
        guestBus.addSubregion(0, outer);
        AddressSpace nested = sys.addressSpace(guestBus, "nested");
        outerTables.map(0x40000, 0x10000, RW);     // 64 KiB: 0x40000.. -> pci 0x10000..
        tables.map(0x1a000, 0x2000, RW);           // pci 0x1a000 -> memory 0x2000
        tables.map(0x1b000, 0x9000, RW);           // pci 0x1b000 -> memory 0x9000
        assertThat(nested.write(0x4affc, ATTRS, sequence(8, 1), 0, 8)).isEqualTo(MemTxResult.OK);
        assertThat(ramBytes(0x2ffc, 4)).containsExactly(1, 2, 3, 4);
        assertThat(ramBytes(0x9000, 4)).containsExactly(5, 6, 7, 8);
        assertThat(nested.ldqLe(0x4affc)).isEqualTo(0x0807060504030201L);
    }

    @Test
    void anIommuThatTranslatesIntoItselfEndsWithErrorAfterABoundedNumberOfSteps() {
        PageTableIommu loopTables = new PageTableIommu(0x1000);
        IommuMemoryRegion loop = sys.initIommu(null, loopTables, "loop", 1L << 32);
        ContainerRegion loopBus = sys.initContainer(null, "loop bus", MemoryRegion.SIZE_2_64);
        loopBus.addSubregion(0, loop);
        AddressSpace looping = sys.addressSpace(loopBus, "looping");
        loopTables.target(looping).map(0x1000, 0x1000, RW);
        byte[] back = {7, 7};
        assertThat(looping.read(0x1000, ATTRS, back, 0, 2)).isEqualTo(MemTxResult.ERROR);
        assertThat(back).containsOnly(0);
        assertThat(loopTables.translations).hasSize(IommuTranslation.MAX_DEPTH);
        assertThat(looping.ldqLe(0x1000, ATTRS, result)).isZero();
        assertThat(result.get()).isEqualTo(MemTxResult.ERROR);
        looping.stb(0x1000, 1, ATTRS, result);
        assertThat(result.get()).isEqualTo(MemTxResult.ERROR);
    }

    // ------------------------------------------------------------ broken models

    @Test
    void aModelThatReturnsNullFailsLoudly() {
        IommuMemoryRegion broken = sys.initIommu(null, (addr, flag, idx) -> null, "broken", 0x10000);
        bus.addSubregionOverlap(0, broken, 1);
        assertThatThrownBy(() -> pci.ldub(0x10))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("IOMMU translate returned null: region=broken addr=0x10");
    }

    @Test
    void aModelThatReturnsAnotherPageFailsLoudly() {
        IommuMemoryRegion broken = sys.initIommu(null,
                (addr, flag, idx) -> new IommuTlbEntry(memory, 0, 0, 0xfff, RW), "broken", 0x10000);
        bus.addSubregionOverlap(0, broken, 1);
        assertThatThrownBy(() -> pci.read(0x2000, ATTRS, new byte[1], 0, 1))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("page without the address: region=broken addr=0x2000 iova=0x0");
    }

    @Test
    void aModelWithAnIndexOutOfRangeFailsLoudly() {
        IommuMemoryRegion broken = sys.initIommu(null, new PageTableIommu(0x1000) {
            @Override
            public int attrsToIndex(MemTxAttrs attrs) {
                return 3;
            }
        }, "broken", 0x10000);
        bus.addSubregionOverlap(0, broken, 1);
        assertThatThrownBy(() -> pci.stb(0, 0))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("IOMMU attrsToIndex out of range: region=broken index=3 numIndexes=1");
    }

    // ------------------------------------------------------------ the 2^64 edge

    @Test
    void anIommuAtTheTopOfTheSpaceStopsAt2To64() {
        PageTableIommu topTables = new PageTableIommu(0x1000).target(memory);
        IommuMemoryRegion top = sys.initIommu(null, topTables, "top", MemoryRegion.SIZE_2_64);
        ContainerRegion topBus = sys.initContainer(null, "top bus", MemoryRegion.SIZE_2_64);
        topBus.addSubregion(0, top);
        AddressSpace space = sys.addressSpace(topBus, "top space");
        topTables.map(0xffff_ffff_ffff_f000L, 0x1000, RW);
        assertThat(space.write(0xffff_ffff_ffff_fffcL, ATTRS, sequence(8, 1), 0, 8))
                .isEqualTo(MemTxResult.DECODE_ERROR);
        assertThat(ramBytes(0x1ffc, 4)).containsExactly(1, 2, 3, 4);
        assertThat(ramBytes(0x2000, 4)).containsOnly(0);
        assertThat(space.ldlLe(0xffff_ffff_ffff_fffcL, ATTRS, result)).isEqualTo(0x04030201);
        assertThat(result.get()).isEqualTo(MemTxResult.OK);
        space.stqLe(0xffff_ffff_ffff_fffcL, -1L, ATTRS, result);
        assertThat(result.get()).isEqualTo(MemTxResult.DECODE_ERROR);
        assertThat(ramBytes(0x1ffc, 4)).containsOnly(0xff);
    }

    @Test
    void oneEntryCanCoverTheWhole64BitSpace() {
        IommuMemoryRegion identity = sys.initIommu(null,
                (addr, flag, idx) -> new IommuTlbEntry(memory, 0, 0, -1L, RW), "identity", MemoryRegion.SIZE_2_64);
        bus.addSubregionOverlap(0, identity, 1);
        pci.stlLe(0xfffc, 0x44332211);
        assertThat(ramBytes(0xfffc, 4)).containsExactly(0x11, 0x22, 0x33, 0x44);
        assertThat(pci.read(0xfffe, ATTRS, new byte[4], 0, 4)).isEqualTo(MemTxResult.DECODE_ERROR);
        assertThat(pci.ldub(0xffff_ffff_ffff_ffffL, ATTRS, result)).isZero();
        assertThat(result.get()).isEqualTo(MemTxResult.DECODE_ERROR);
    }

    @Test
    void aTranslationToTheTopPageOfTheTargetReachesIt() {
        RamRegion high = sys.initRam(null, "high", 0x1000);
        system.addSubregion(0xffff_ffff_ffff_f000L, high);
        tables.map(0x7000, 0xffff_ffff_ffff_f000L, RW);
        pci.stqBe(0x7ff8, 0x0102030405060708L, ATTRS, result);
        assertThat(result.get()).isEqualTo(MemTxResult.OK);
        assertThat(high.backing().get(ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN), 0xff8))
                .isEqualTo(0x0102030405060708L);
    }

    @Test
    void anUnmappedEntryWithPermNoneDeniesBothDirections() {
        tables.put(0, IommuTlbEntry.unmapped(memory, 0x8000, 0xfff));
        assertThat(tables.translate(0x8000, NONE, 0).isValid()).isFalse();
        assertThat(pci.read(0x8000, ATTRS, new byte[1], 0, 1)).isEqualTo(MemTxResult.DECODE_ERROR);
        assertThat(pci.write(0x8000, ATTRS, new byte[1], 0, 1)).isEqualTo(MemTxResult.DECODE_ERROR);
    }
}
