package dev.physmem.space;

import static dev.physmem.attr.IommuAccessFlags.RO;
import static dev.physmem.attr.IommuAccessFlags.RW;
import static org.assertj.core.api.Assertions.assertThat;

import dev.physmem.MemorySystem;
import dev.physmem.attr.MemTxAttrs;
import dev.physmem.attr.MemTxResult;
import dev.physmem.dirty.DirtyClient;
import dev.physmem.dirty.DirtyLog;
import dev.physmem.region.RamRegion;
import dev.physmem.space.RecordingDevice.Call;
import dev.physmem.testing.PageTableIommu;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/**
 * map, caches and accessValid of a bus-master space {@code pci} that shows the IOMMU {@code dmar}
 * (4 KiB pages) at 0, translating into {@code memory}: RAM at 0, a device at 0x100000.
 */
class DmaThroughIommuTest {
    private static final long PAGE = DirtyLog.PAGE_SIZE;
    private static final MemTxAttrs ATTRS = MemTxAttrs.UNSPECIFIED;

    private final IommuBus machine = new IommuBus(PAGE, 1);
    private final MemorySystem sys = machine.sys;
    private final RamRegion ram = machine.ram;
    private final RecordingDevice device = machine.device;
    private final PageTableIommu tables = machine.tables;
    private final AddressSpace pci = machine.pci;
    private final MemTxResultHolder result = new MemTxResultHolder();

    DmaThroughIommuTest() {
        sys.dirtyLog().setLog(ram, true, DirtyClient.VGA);
        sys.dirtyLog().resetDirty(ram, 0, ram.size(), DirtyClient.VGA);
    }

    private boolean dirtyPage(long page) {
        return sys.dirtyLog().getDirty(ram, page * PAGE, PAGE, DirtyClient.VGA);
    }

    @Test
    void mapThroughTheIommuIsTheTranslatedRamCutAtTheTranslationPage() {
        tables.map(0x1000, 0x5000, RW);
        tables.map(0x2000, 0x9000, RW);
        GuestMapping m = pci.map(0x1800, 0x1000, true, ATTRS).orElseThrow();
        assertThat(m.isBounce()).isFalse();
        assertThat(m.length()).as("iova 0x2000 maps elsewhere").isEqualTo(0x800);
        m.segment().set(ValueLayout.JAVA_BYTE, 0, (byte) 0x77);
        assertThat(ram.backing().get(ValueLayout.JAVA_BYTE, 0x5800)).isEqualTo((byte) 0x77);
        m.unmap(1);
        assertThat(dirtyPage(5)).isTrue();
        assertThat(dirtyPage(1)).isFalse();
    }

    @Test
    void mapExtendsOverTranslationPagesThatStayContiguous() {
        tables.map(0x1000, 0x5000, RW);
        tables.map(0x2000, 0x6000, RW);
        ram.backing().set(ValueLayout.JAVA_BYTE, 0x6000, (byte) 0x3c);
        GuestMapping m = pci.map(0x1800, 0x1000, false, ATTRS).orElseThrow();
        assertThat(m.length()).isEqualTo(0x1000);
        assertThat(m.segment().get(ValueLayout.JAVA_BYTE, 0x800)).isEqualTo((byte) 0x3c);
        m.close();
    }

    @Test
    void mapWithoutPermissionBouncesAndReadsZerosWithDecodeError() {
        tables.map(0x1000, 0x5000, RO);
        GuestMapping read = pci.map(0x3000, 16, false, ATTRS).orElseThrow();
        assertThat(read.isBounce()).isTrue();
        assertThat(read.fillResult()).isEqualTo(MemTxResult.DECODE_ERROR);
        read.close();
        GuestMapping write = pci.map(0x1000, 16, true, ATTRS).orElseThrow();
        assertThat(write.isBounce()).as("read-only translation, mapped for write").isTrue();
        assertThat(write.unmap(16)).isEqualTo(MemTxResult.DECODE_ERROR);
        assertThat(dirtyPage(5)).isFalse();
    }

    @Test
    void mapOfATranslatedDeviceBouncesThroughTheTranslation() {
        tables.map(0x4000, 0x100000, RW);
        GuestMapping m = pci.map(0x4010, 0x1000, false, ATTRS).orElseThrow();
        assertThat(m.isBounce()).isTrue();
        assertThat(m.length()).as("cut at the device's end").isEqualTo(0xf0);
        assertThat(m.segment().get(ValueLayout.JAVA_BYTE, 0)).isEqualTo(device.cells[0x10]);
        m.close();
    }

    @Test
    void cacheOverTheIommuTranslatesEveryAccessAndFollowsRemapping() {
        tables.map(0x1000, 0x5000, RW);
        MemoryRegionCache c = pci.cacheInit(0x1000, PAGE, true);
        assertThat(c.isDirect()).isFalse();
        c.stqLe(8, 0x1122334455667788L, ATTRS, result);
        assertThat(result.get()).isEqualTo(MemTxResult.OK);
        assertThat(ram.backing().get(ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 0x5008))
                .isEqualTo(0x1122334455667788L);
        assertThat(dirtyPage(5)).isTrue();
        ram.backing().set(ValueLayout.JAVA_BYTE, 0x7010, (byte) 0x42);
        tables.map(0x1000, 0x7000, RW);
        assertThat(c.ldub(0x10)).isEqualTo(0x42);
        tables.unmap(0x1000);
        assertThat(c.ldqLe(0, ATTRS, result)).isZero();
        assertThat(result.get()).isEqualTo(MemTxResult.DECODE_ERROR);
        byte[] buf = new byte[4];
        assertThat(c.read(0, buf, 0, 4)).isEqualTo(MemTxResult.DECODE_ERROR);
    }

    @Test
    void cacheOverTheIommuReachesATranslatedDevice() {
        tables.map(0x4000, 0x100000, RW);
        MemoryRegionCache c = pci.cacheInit(0x4000, 0x100, false);
        assertThat(c.ldlLe(4)).isEqualTo((int) device.cellsAsValue(4, 4, false));
        assertThat(device.calls).containsExactly(Call.read(4, 4, device.cellsAsValue(4, 4, false)));
    }

    @Test
    void accessValidFollowsTheTranslation() {
        tables.map(0x1000, 0x5000, RW);
        tables.map(0x2000, 0x9000, RO);
        assertThat(pci.accessValid(0x1000, 2 * PAGE, false, ATTRS)).isTrue();
        assertThat(pci.accessValid(0x1000, 2 * PAGE, true, ATTRS)).as("iova 0x2000 is read-only").isFalse();
        assertThat(pci.accessValid(0x3000, 1, false, ATTRS)).as("unmapped").isFalse();
    }
}
