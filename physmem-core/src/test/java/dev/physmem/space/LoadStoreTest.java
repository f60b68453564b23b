package dev.physmem.space;

import static org.assertj.core.api.Assertions.assertThat;

import dev.physmem.MemorySystem;
import dev.physmem.attr.MemTxAttrs;
import dev.physmem.attr.MemTxResult;
import dev.physmem.region.AccessConstraints;
import dev.physmem.region.ContainerRegion;
import dev.physmem.region.Endianness;
import dev.physmem.region.MemTxData;
import dev.physmem.region.MemoryRegion;
import dev.physmem.region.MemoryRegionOps;
import dev.physmem.region.RamRegion;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The ld/st family: result reporting, value widths, the RAM fast path and straddling accesses. */
class LoadStoreTest {
    private final MemorySystem sys = new MemorySystem();
    private final ContainerRegion root = sys.initContainer(null, "root", MemoryRegion.SIZE_2_64);
    private final MemTxResultHolder result = new MemTxResultHolder();

    private RamRegion ramAt(long addr, long size) {
        RamRegion ram = sys.initRam(null, "ram@" + Long.toHexString(addr), size);
        root.addSubregion(addr, ram);
        return ram;
    }

    @Test
    void littleAndBigEndianLoadsOfRamReadTheSameBytesInOppositeOrders() {
        RamRegion ram = ramAt(0x1000, 0x1000);
        AddressSpace as = sys.addressSpace(root, "memory");
        for (int i = 0; i < 8; i++) {
            ram.backing().set(ValueLayout.JAVA_BYTE, 0x101 + i, (byte) (0xF1 + i));
        }
        assertThat(as.ldub(0x1101)).isEqualTo(0xF1);
        assertThat(as.lduwLe(0x1101)).isEqualTo(0xF2F1);
        assertThat(as.lduwBe(0x1101)).isEqualTo(0xF1F2);
        assertThat(as.ldlLe(0x1101)).isEqualTo(0xF4F3F2F1);
        assertThat(as.ldlBe(0x1101)).isEqualTo(0xF1F2F3F4);
        assertThat(as.ldqLe(0x1101)).isEqualTo(0xF8F7_F6F5_F4F3_F2F1L);
        assertThat(as.ldqBe(0x1101)).isEqualTo(0xF1F2_F3F4_F5F6_F7F8L);
    }

    @Test
    void storesWriteTheLowBitsInTheirOrder() {
        RamRegion ram = ramAt(0, 0x100);
        AddressSpace as = sys.addressSpace(root, "memory");
        as.stb(0x10, 0x1234);
        as.stwLe(0x20, 0xABCD_1234);
        as.stwBe(0x30, 0x1234);
        as.stlLe(0x40, 0x11223344);
        as.stlBe(0x50, 0x11223344);
        as.stqLe(0x60, 0x0102_0304_0506_0708L);
        as.stqBe(0x70, 0x0102_0304_0506_0708L);
        var mem = ram.backing();
        assertThat(mem.asSlice(0x10, 2).toArray(ValueLayout.JAVA_BYTE)).containsExactly(0x34, 0);
        assertThat(mem.asSlice(0x20, 3).toArray(ValueLayout.JAVA_BYTE)).containsExactly(0x34, 0x12, 0);
        assertThat(mem.asSlice(0x30, 2).toArray(ValueLayout.JAVA_BYTE)).containsExactly(0x12, 0x34);
        assertThat(mem.asSlice(0x40, 4).toArray(ValueLayout.JAVA_BYTE)).containsExactly(0x44, 0x33, 0x22, 0x11);
        assertThat(mem.asSlice(0x50, 4).toArray(ValueLayout.JAVA_BYTE)).containsExactly(0x11, 0x22, 0x33, 0x44);
        assertThat(mem.asSlice(0x60, 8).toArray(ValueLayout.JAVA_BYTE)).containsExactly(8, 7, 6, 5, 4, 3, 2, 1);
        assertThat(mem.asSlice(0x70, 8).toArray(ValueLayout.JAVA_BYTE)).containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
    }

    @Test
    void narrowLoadsAreZeroExtendedFromRamAndDevices() {
        RamRegion ram = ramAt(0, 0x100);
        ram.backing().asSlice(0, 8).fill((byte) 0xFF);
        root.addSubregion(0x1000, sys.initIo(null, MemoryRegionOps.of((o, s) -> -1L, (o, v, s) -> { }),
                "ones", 0x100));
        AddressSpace as = sys.addressSpace(root, "memory");
        for (long addr : new long[] {0, 0x1000}) {
            assertThat(as.ldub(addr)).isEqualTo(0xFF);
            assertThat(as.lduwLe(addr)).isEqualTo(0xFFFF);
            assertThat(as.lduwBe(addr)).isEqualTo(0xFFFF);
            assertThat(as.ldlLe(addr)).isEqualTo(-1);
            assertThat(as.ldqBe(addr)).isEqualTo(-1L);
        }
    }

    @Test
    void holderReportsEveryCallsOwnOutcome() {
        ramAt(0, 0x100);
        AddressSpace as = sys.addressSpace(root, "memory");
        as.ldlLe(0x5000, MemTxAttrs.UNSPECIFIED, result);
        assertThat(result.get()).isEqualTo(MemTxResult.DECODE_ERROR);
        as.ldlLe(0x10, MemTxAttrs.UNSPECIFIED, result);
        assertThat(result.get()).isEqualTo(MemTxResult.OK);
        as.stqLe(0x5000, 1, MemTxAttrs.UNSPECIFIED, result);
        assertThat(result.get()).isEqualTo(MemTxResult.DECODE_ERROR);
        as.stqLe(0x10, 1, MemTxAttrs.UNSPECIFIED, result);
        assertThat(result.get()).isEqualTo(MemTxResult.OK);
        // a null holder means "ignore the outcome"
        assertThat(as.ldqLe(0x10, MemTxAttrs.UNSPECIFIED, null)).isEqualTo(1L);
        as.stqLe(0x5000, 1, MemTxAttrs.UNSPECIFIED, null);
    }

    @Test
    void convenienceVariantsPassUnspecifiedAttributes() {
        List<MemTxAttrs> seen = new ArrayList<>();
        MemoryRegionOps ops = new MemoryRegionOps() {
            @Override
            public long read(long offset, int size) {
                return 0;
            }

            @Override
            public void write(long offset, long value, int size) {
            }

            @Override
            public MemTxResult readWithAttrs(long offset, int size, MemTxAttrs attrs, MemTxData data) {
                seen.add(attrs);
                return MemTxResult.OK;
            }

            @Override
            public MemTxResult writeWithAttrs(long offset, long value, int size, MemTxAttrs attrs) {
                seen.add(attrs);
                return MemTxResult.OK;
            }
        };
        root.addSubregion(0, sys.initIo(null, ops, "dev", 0x10));
        AddressSpace as = sys.addressSpace(root, "memory");
        as.ldqLe(0);
        as.stqLe(0, 1);
        as.ldub(0);
        as.stwBe(0, 1);
        MemTxAttrs secure = MemTxAttrs.DEFAULT.withSecure(true);
        as.ldlBe(0, secure, result);
        // ldq and stq reach the default-impl device as two 4-byte pieces each
        assertThat(seen).hasSize(2 + 2 + 1 + 1 + 1).endsWith(secure);
        assertThat(seen.subList(0, 6)).containsOnly(MemTxAttrs.UNSPECIFIED);
    }

    @Test
    void loadStraddlingRamAndDeviceTakesEachByteFromItsOwner() {
        RamRegion ram = ramAt(0, 0x1000);
        ram.backing().set(ValueLayout.JAVA_BYTE, 0xffe, (byte) 0x11);
        ram.backing().set(ValueLayout.JAVA_BYTE, 0xfff, (byte) 0x22);
        RecordingDevice dev = new RecordingDevice(0x10, Endianness.BIG, ByteOrder.LITTLE_ENDIAN,
                AccessConstraints.DEFAULT, AccessConstraints.DEFAULT);
        dev.cells[0] = 0x33;
        dev.cells[1] = 0x44;
        root.addSubregion(0x1000, sys.initIo(null, dev, "dev", 0x10));
        AddressSpace as = sys.addressSpace(root, "memory");
        assertThat(as.ldlBe(0xffe, MemTxAttrs.UNSPECIFIED, result)).isEqualTo(0x11223344);
        assertThat(result.get()).isEqualTo(MemTxResult.OK);
        assertThat(as.ldlLe(0xffe)).isEqualTo(0x44332211);
        as.stlBe(0xffe, 0xAABBCCDD, MemTxAttrs.UNSPECIFIED, result);
        assertThat(result.get()).isEqualTo(MemTxResult.OK);
        assertThat(ram.backing().get(ValueLayout.JAVA_BYTE, 0xfff)).isEqualTo((byte) 0xBB);
        assertThat(dev.cells[0]).isEqualTo((byte) 0xCC);
        assertThat(dev.cells[1]).isEqualTo((byte) 0xDD);
    }

    @Test
    void loadStraddlingRamIntoAHoleKeepsTheRamBytes() {
        // QEMU 7.2 would hand the whole access to the RAM region's unassigned ops (0, DECODE_ERROR);
        // physmem reads the RAM bytes and reports the hole.
        RamRegion ram = ramAt(0, 0x1000);
        ram.backing().set(ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 0xffe, (short) 0xBEEF);
        AddressSpace as = sys.addressSpace(root, "memory");
        assertThat(as.ldlLe(0xffe, MemTxAttrs.UNSPECIFIED, result)).isEqualTo(0x0000BEEF);
        assertThat(result.get()).isEqualTo(MemTxResult.DECODE_ERROR);
    }

    @Test
    void storeStraddlingRomAndRamWritesOnlyTheRam() {
        RamRegion rom = sys.initRom(null, "rom", 0x1000);
        root.addSubregion(0, rom);
        RamRegion ram = ramAt(0x1000, 0x1000);
        AddressSpace as = sys.addressSpace(root, "memory");
        as.stqLe(0xffc, 0x0807_0605_0403_0201L, MemTxAttrs.UNSPECIFIED, result);
        assertThat(result.get()).isEqualTo(MemTxResult.DECODE_ERROR);
        assertThat(rom.backing().get(ValueLayout.JAVA_INT_UNALIGNED, 0xffc)).isZero();
        assertThat(ram.backing().asSlice(0, 4).toArray(ValueLayout.JAVA_BYTE)).containsExactly(5, 6, 7, 8);
    }

    @Test
    void viewChangesAreSeenByTheNextAccess() {
        RamRegion a = sys.initRam(null, "a", 0x1000);
        RamRegion b = sys.initRam(null, "b", 0x1000);
        a.backing().set(ValueLayout.JAVA_BYTE, 0, (byte) 1);
        b.backing().set(ValueLayout.JAVA_BYTE, 0, (byte) 2);
        root.addSubregion(0, a);
        AddressSpace as = sys.addressSpace(root, "memory");
        assertThat(as.ldub(0)).isEqualTo(1);
        root.addSubregionOverlap(0, b, 1);
        assertThat(as.ldub(0)).isEqualTo(2);
        b.setEnabled(false);
        assertThat(as.ldub(0)).isEqualTo(1);
    }

    @Test
    void aDeviceAccessStaysWholeWhereAHigherRangeCoversSomeOfItsBytes() {
        // QEMU's 0xcf8/0xcf9 case: a 4-byte register with a 1-byte register over its second byte.
        List<String> calls = new ArrayList<>();
        MemoryRegionOps wide = MemoryRegionOps.of((offset, size) -> {
            calls.add("wide read " + offset + "/" + size);
            return 0x1234_5678L;
        }, (offset, value, size) -> calls.add("wide write " + offset + "/" + size + "=" + Long.toHexString(value)));
        MemoryRegionOps narrow = MemoryRegionOps.of((offset, size) -> {
            calls.add("narrow read " + offset + "/" + size);
            return 0xab;
        }, (offset, value, size) -> calls.add("narrow write " + offset + "/" + size));
        root.addSubregion(0x100, sys.initIo(null, wide, "wide", 4));
        root.addSubregionOverlap(0x101, sys.initIo(null, narrow, "narrow", 1), 1);
        AddressSpace as = sys.addressSpace(root, "io");
        as.stlLe(0x100, 0x8000_0800);
        assertThat(as.ldlLe(0x100)).isEqualTo(0x1234_5678);
        assertThat(calls).containsExactly("wide write 0/4=80000800", "wide read 0/4");
        calls.clear();
        as.stwLe(0x102, 0xbeef);
        as.stwLe(0x101, 0xbeef);
        assertThat(calls).as("an access starting in the overlay is the overlay's, byte by byte")
                .containsExactly("wide write 2/2=beef", "narrow write 0/1", "wide write 2/1=be");
    }

    @Test
    void aDeviceAccessRunningPastTheDevicesRegionStillGoesByteByByte() {
        List<String> calls = new ArrayList<>();
        root.addSubregion(0x100, sys.initIo(null, MemoryRegionOps.of((offset, size) -> 0,
                (offset, value, size) -> calls.add("a " + offset + "/" + size)), "a", 2));
        root.addSubregion(0x102, sys.initIo(null, MemoryRegionOps.of((offset, size) -> 0,
                (offset, value, size) -> calls.add("b " + offset + "/" + size)), "b", 2));
        sys.addressSpace(root, "io").stlLe(0x100, 0);
        assertThat(calls).containsExactly("a 0/2", "b 0/2");
    }
}
