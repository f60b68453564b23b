package dev.physmem.space;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import dev.physmem.MemorySystem;
import dev.physmem.attr.MemTxAttrs;
import dev.physmem.attr.MemTxResult;
import dev.physmem.region.AccessConstraints;
import dev.physmem.region.ContainerRegion;
import dev.physmem.region.Endianness;
import dev.physmem.region.IoRegion;
import dev.physmem.region.MemoryRegion;
import dev.physmem.region.RamDeviceRegion;
import dev.physmem.region.RamRegion;
import dev.physmem.region.RomDeviceRegion;
import dev.physmem.space.RecordingDevice.Call;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Buffer accesses and ld/st against each kind of region, holes, range crossings and the 2^64 edge. */
class AddressSpaceAccessTest {
    private static final MemTxAttrs ATTRS = MemTxAttrs.UNSPECIFIED;

    private final MemorySystem sys = new MemorySystem();
    private final ContainerRegion root = sys.initContainer(null, "root", MemoryRegion.SIZE_2_64);
    private final MemTxResultHolder result = new MemTxResultHolder();

    private AddressSpace as() {
        return sys.addressSpace(root, "memory");
    }

    private static void fill(MemorySegment memory, int from, int count, int seed) {
        for (int i = 0; i < count; i++) {
            memory.set(ValueLayout.JAVA_BYTE, from + i, (byte) (seed + i));
        }
    }

    private static byte[] bytes(MemorySegment memory, long from, int count) {
        return memory.asSlice(from, count).toArray(ValueLayout.JAVA_BYTE);
    }

    private RecordingDevice device(int size) {
        return new RecordingDevice(size, Endianness.LITTLE, ByteOrder.LITTLE_ENDIAN, AccessConstraints.DEFAULT,
                AccessConstraints.DEFAULT).withPattern();
    }

    // ------------------------------------------------------------ RAM and ROM

    @Test
    void ramReadsAndWritesGoStraightToItsMemory() {
        RamRegion ram = sys.initRam(null, "ram", 0x1000);
        root.addSubregion(0x10000, ram);
        AddressSpace as = as();
        byte[] data = {1, 2, 3, 4, 5, 6, 7, 8, 9};
        assertThat(as.write(0x10ffb, ATTRS, data, 1, 5)).isEqualTo(MemTxResult.OK);
        assertThat(bytes(ram.backing(), 0xffb, 5)).containsExactly(2, 3, 4, 5, 6);
        byte[] back = new byte[7];
        assertThat(as.read(0x10ffa, ATTRS, back, 1, 6)).isEqualTo(MemTxResult.OK);
        assertThat(back).containsExactly(0, 0, 2, 3, 4, 5, 6);
    }

    @Test
    void accessAcrossTwoRamRegionsGoesToEach() {
        RamRegion a = sys.initRam(null, "a", 0x1000);
        RamRegion b = sys.initRam(null, "b", 0x1000);
        root.addSubregion(0x0, a);
        root.addSubregion(0x1000, b);
        AddressSpace as = as();
        byte[] data = new byte[16];
        Arrays.fill(data, (byte) 0x77);
        assertThat(as.write(0xff8, ATTRS, data, 0, 16)).isEqualTo(MemTxResult.OK);
        assertThat(bytes(a.backing(), 0xff8, 8)).containsOnly(0x77);
        assertThat(bytes(b.backing(), 0, 8)).containsOnly(0x77);
        as.stqLe(0xffc, 0x0807_0605_0403_0201L);
        assertThat(bytes(a.backing(), 0xffc, 4)).containsExactly(1, 2, 3, 4);
        assertThat(bytes(b.backing(), 0, 4)).containsExactly(5, 6, 7, 8);
        assertThat(as.ldqBe(0xffc, ATTRS, result)).isEqualTo(0x0102_0304_0506_0708L);
        assertThat(result.get()).isEqualTo(MemTxResult.OK);
    }

    @Test
    void romReadsNormallyAndDropsWritesWithDecodeError() {
        RamRegion rom = sys.initRom(null, "bios", 0x1000);
        fill(rom.backing(), 0, 0x1000, 0x40);
        root.addSubregion(0xf0000, rom);
        AddressSpace as = as();
        byte[] before = bytes(rom.backing(), 0, 0x1000);

        assertThat(as.write(0xf0010, ATTRS, new byte[8], 0, 8)).isEqualTo(MemTxResult.DECODE_ERROR);
        as.stlLe(0xf0020, -1, ATTRS, result);
        assertThat(result.get()).isEqualTo(MemTxResult.DECODE_ERROR);
        as.stb(0xf0030, 0, ATTRS, result);
        assertThat(result.get()).isEqualTo(MemTxResult.DECODE_ERROR);
        assertThat(bytes(rom.backing(), 0, 0x1000)).isEqualTo(before);

        byte[] buf = new byte[4];
        assertThat(as.read(0xf0010, ATTRS, buf, 0, 4)).isEqualTo(MemTxResult.OK);
        assertThat(buf).containsExactly(0x50, 0x51, 0x52, 0x53);
        assertThat(as.ldlLe(0xf0010, ATTRS, result)).isEqualTo(0x53525150);
        assertThat(result.get()).isEqualTo(MemTxResult.OK);
    }

    @Test
    void readOnlyAliasOverRamReadsTheRamAndDropsWrites() {
        RamRegion ram = sys.initRam(null, "pc.ram", 0x10000);
        fill(ram.backing(), 0xc000, 0x100, 1);
        var alias = sys.initAlias(null, "pam-rom", ram, 0xc000, 0x4000);
        alias.setReadonly(true);
        root.addSubregion(0, ram);
        root.addSubregionOverlap(0xc0000, alias, 1);
        AddressSpace as = as();
        assertThat(as.view().lookup(0xc0000).readonly()).isTrue();

        assertThat(as.ldub(0xc0005)).isEqualTo(6);
        as.stb(0xc0005, 0x99, ATTRS, result);
        assertThat(result.get()).isEqualTo(MemTxResult.DECODE_ERROR);
        assertThat(as.write(0xc0000, ATTRS, new byte[16], 0, 16)).isEqualTo(MemTxResult.DECODE_ERROR);
        assertThat(ram.backing().get(ValueLayout.JAVA_BYTE, 0xc005)).isEqualTo((byte) 6);

        // the same RAM through its own, writable mapping
        as.stb(0xc005, 0x99, ATTRS, result);
        assertThat(result.get()).isEqualTo(MemTxResult.OK);
        assertThat(as.ldub(0xc0005)).isEqualTo(0x99);
    }

    @Test
    void readOnlyContainerMakesRamBelowItReadOnly() {
        ContainerRegion box = sys.initContainer(null, "box", 0x1000);
        box.setReadonly(true);
        RamRegion ram = sys.initRam(null, "ram", 0x1000);
        box.addSubregion(0, ram);
        root.addSubregion(0x2000, box);
        AddressSpace as = as();
        as.stlLe(0x2000, 0x12345678, ATTRS, result);
        assertThat(result.get()).isEqualTo(MemTxResult.DECODE_ERROR);
        assertThat(as.ldlLe(0x2000)).isZero();
    }

    @Test
    void writeStraddlingRamAndRomWritesTheRamPart() {
        RamRegion ram = sys.initRam(null, "ram", 0x1000);
        RamRegion rom = sys.initRom(null, "rom", 0x1000);
        root.addSubregion(0, ram);
        root.addSubregion(0x1000, rom);
        AddressSpace as = as();
        byte[] data = {1, 2, 3, 4, 5, 6, 7, 8};
        assertThat(as.write(0xffc, ATTRS, data, 0, 8)).isEqualTo(MemTxResult.DECODE_ERROR);
        assertThat(bytes(ram.backing(), 0xffc, 4)).containsExactly(1, 2, 3, 4);
        assertThat(bytes(rom.backing(), 0, 4)).containsOnly(0);
    }

    // ------------------------------------------------------------ ROM devices

    @Test
    void romDeviceInRomdModeReadsItsMemoryAndWritesToItsCallbacks() {
        RecordingDevice flash = device(0x100);
        RomDeviceRegion rom = sys.initRomDevice(null, flash, "flash", 0x100);
        fill(rom.backing(), 0, 0x100, 0x30);
        root.addSubregion(0x4000, rom);
        AddressSpace as = as();
        assertThat(rom.isRomd()).isTrue();

        byte[] buf = new byte[4];
        assertThat(as.read(0x4008, ATTRS, buf, 0, 4)).isEqualTo(MemTxResult.OK);
        assertThat(buf).containsExactly(0x38, 0x39, 0x3a, 0x3b);
        assertThat(as.lduwBe(0x4008)).isEqualTo(0x3839);
        assertThat(flash.calls).isEmpty();

        as.stwLe(0x4010, 0xBEEF, ATTRS, result);
        assertThat(result.get()).isEqualTo(MemTxResult.OK);
        as.write(0x4020, ATTRS, new byte[] {1, 2}, 0, 2);
        assertThat(flash.calls).containsExactly(Call.write(0x10, 2, 0xBEEF), Call.write(0x20, 2, 0x0201));
        assertThat(rom.backing().get(ValueLayout.JAVA_BYTE, 0x10)).isEqualTo((byte) 0x40);
    }

    @Test
    void romDeviceOutOfRomdModeReadsThroughItsCallbacks() {
        RecordingDevice flash = device(0x100);
        RomDeviceRegion rom = sys.initRomDevice(null, flash, "flash", 0x100);
        fill(rom.backing(), 0, 0x100, 0x30);
        root.addSubregion(0x4000, rom);
        AddressSpace as = as();
        rom.setRomd(false);

        byte[] buf = new byte[4];
        assertThat(as.read(0x4008, ATTRS, buf, 0, 4)).isEqualTo(MemTxResult.OK);
        assertThat(buf).isEqualTo(Arrays.copyOfRange(flash.cells, 8, 12));
        assertThat(as.ldlLe(0x4008)).isEqualTo((int) flash.cellsAsValue(8, 4, false));
        assertThat(flash.calls).extracting(Call::write, Call::offset, Call::size)
                .containsExactly(tuple(false, 8L, 4), tuple(false, 8L, 4));

        rom.setRomd(true);
        assertThat(as.ldub(0x4008)).isEqualTo(0x38);
    }

    // ------------------------------------------------------------ RAM devices

    @Test
    void ramDeviceOpsAreQemusRamDeviceMemOps() {
        RamDeviceRegion bar = sys.initRamDevicePtr(null, "bar0", 0x100, Arena.ofAuto().allocate(0x100));
        assertThat(bar.ops().valid()).isEqualTo(new AccessConstraints(1, 8, true));
        assertThat(bar.ops().impl()).isEqualTo(new AccessConstraints(1, 8, true));
        assertThat(bar.ops().endianness().resolve(ByteOrder.BIG_ENDIAN)).isEqualTo(ByteOrder.nativeOrder());
    }

    @Test
    void ramDeviceIsAccessedInExactWidthsNeverBulk() {
        // The sizes a buffer access is cut into for a RAM device: power-of-two loads of at most 8
        // bytes, unaligned allowed, each one load of that exact width (RamDeviceOps).
        AccessConstraints sizes = new AccessConstraints(1, 8, true);
        List<Integer> widths = new ArrayList<>();
        long offset = 1;
        for (long left = 23; left > 0; ) {
            int l = AccessSplitter.memoryAccessSize(sizes, sizes, left, offset);
            assertThat(AccessSplitter.implAccessSize(l, sizes)).isEqualTo(l);
            widths.add(l);
            offset += l;
            left -= l;
        }
        assertThat(widths).containsExactly(8, 8, 4, 2, 1);
    }

    @Test
    void ramDeviceShowsItsMemoryBytesThroughEveryPath() {
        MemorySegment mem = Arena.ofAuto().allocate(0x100);
        fill(mem, 0, 0x100, 0);
        RamDeviceRegion bar = sys.initRamDevicePtr(null, "bar0", 0x100, mem);
        root.addSubregion(0xfe000000L, bar);
        AddressSpace as = as();

        byte[] buf = new byte[23];
        assertThat(as.read(0xfe000001L, ATTRS, buf, 0, 23)).isEqualTo(MemTxResult.OK);
        assertThat(buf).isEqualTo(bytes(mem, 1, 23));
        assertThat(as.ldlBe(0xfe000003L)).isEqualTo(0x03040506);
        assertThat(as.ldqLe(0xfe000008L)).isEqualTo(0x0f0e_0d0c_0b0a_0908L);

        as.stlBe(0xfe000011L, 0xCAFEBABE, ATTRS, result);
        assertThat(result.get()).isEqualTo(MemTxResult.OK);
        assertThat(bytes(mem, 0x11, 4)).containsExactly(0xCA, 0xFE, 0xBA, 0xBE);
        byte[] data = new byte[13];
        Arrays.fill(data, (byte) 0xEE);
        assertThat(as.write(0xfe000031L, ATTRS, data, 0, 13)).isEqualTo(MemTxResult.OK);
        assertThat(bytes(mem, 0x31, 13)).containsOnly(0xEE);
        assertThat(mem.get(ValueLayout.JAVA_BYTE, 0x30)).isEqualTo((byte) 0x30);
        assertThat(mem.get(ValueLayout.JAVA_BYTE, 0x3e)).isEqualTo((byte) 0x3e);
    }

    // ------------------------------------------------------------ holes and crossings

    @Test
    void holeReadsZeroAndEveryAccessToItIsADecodeError() {
        AddressSpace as = as();
        byte[] buf = {1, 2, 3};
        assertThat(as.read(0x5000, ATTRS, buf, 0, 3)).isEqualTo(MemTxResult.DECODE_ERROR);
        assertThat(buf).containsOnly(0);
        assertThat(as.write(0x5000, ATTRS, buf, 0, 3)).isEqualTo(MemTxResult.DECODE_ERROR);
        assertThat(as.ldqLe(0x5000, ATTRS, result)).isZero();
        assertThat(result.get()).isEqualTo(MemTxResult.DECODE_ERROR);
        as.stqBe(0x5000, 1, ATTRS, result);
        assertThat(result.get()).isEqualTo(MemTxResult.DECODE_ERROR);
    }

    @Test
    void readAcrossRamHoleAndDeviceGivesEachPieceToItsOwner() {
        RamRegion ram = sys.initRam(null, "ram", 0x1000);
        fill(ram.backing(), 0xff0, 0x10, 0x10);
        RecordingDevice dev = device(0x100);
        IoRegion io = sys.initIo(null, dev, "dev", 0x100);
        root.addSubregion(0x1000, ram);
        root.addSubregion(0x3000, io);
        AddressSpace as = as();

        byte[] buf = new byte[0x1010];
        Arrays.fill(buf, (byte) 0x5A);
        assertThat(as.read(0x1ff8, ATTRS, buf, 0, buf.length)).isEqualTo(MemTxResult.DECODE_ERROR);
        assertThat(Arrays.copyOfRange(buf, 0, 8)).isEqualTo(bytes(ram.backing(), 0xff8, 8));
        assertThat(Arrays.copyOfRange(buf, 8, 0x1008)).containsOnly(0);
        assertThat(Arrays.copyOfRange(buf, 0x1008, 0x1010)).isEqualTo(Arrays.copyOfRange(dev.cells, 0, 8));
        assertThat(dev.calls).extracting(Call::offset, Call::size).containsExactly(tuple(0L, 4), tuple(4L, 4));
    }

    @Test
    void writeAcrossRamAndDeviceWithoutHoleSucceeds() {
        RamRegion ram = sys.initRam(null, "ram", 0x1000);
        RecordingDevice dev = device(0x100);
        root.addSubregion(0, ram);
        root.addSubregion(0x1000, sys.initIo(null, dev, "dev", 0x100));
        AddressSpace as = as();
        byte[] data = {1, 2, 3, 4, 5, 6};
        assertThat(as.write(0xffe, ATTRS, data, 0, 6)).isEqualTo(MemTxResult.OK);
        assertThat(bytes(ram.backing(), 0xffe, 2)).containsExactly(1, 2);
        assertThat(Arrays.copyOfRange(dev.cells, 0, 4)).containsExactly(3, 4, 5, 6);
        assertThat(as.ldlLe(0xffe, ATTRS, result)).isEqualTo(0x04030201);
        assertThat(result.get()).isEqualTo(MemTxResult.OK);
    }

    @Test
    void deviceErrorAndHoleInOneAccessReportBoth() {
        RecordingDevice dev = device(0x10);
        dev.readResult = MemTxResult.ERROR;
        root.addSubregion(0x1000, sys.initIo(null, dev, "dev", 0x10));
        AddressSpace as = as();
        MemTxResult r = as.read(0x1008, ATTRS, new byte[16], 0, 16);
        assertThat(r).isEqualTo(MemTxResult.ERROR.or(MemTxResult.DECODE_ERROR));
    }

    // ------------------------------------------------------------ the top of the 64-bit space

    @Test
    void eightByteLoadAtTheTopReadsFourRamBytesAndFourUnassignedOnes() {
        RamRegion top = sys.initRam(null, "top", 0x1000);
        fill(top.backing(), 0xffc, 4, 0xA1);
        RamRegion low = sys.initRam(null, "low", 0x1000);
        fill(low.backing(), 0, 8, 0x61);
        root.addSubregion(0xffff_ffff_ffff_f000L, top);
        root.addSubregion(0, low);
        AddressSpace as = as();

        assertThat(as.ldqLe(0xffff_ffff_ffff_fffcL, ATTRS, result)).isEqualTo(0x0000_0000_A4A3_A2A1L);
        assertThat(result.get()).isEqualTo(MemTxResult.DECODE_ERROR);
        assertThat(as.ldqBe(0xffff_ffff_ffff_fffcL, ATTRS, result)).isEqualTo(0xA1A2_A3A4_0000_0000L);
        assertThat(as.ldqLe(0xffff_ffff_ffff_fff8L, ATTRS, result)).isEqualTo(0xA4A3_A2A1_0000_0000L);
        assertThat(result.get()).isEqualTo(MemTxResult.OK);

        byte[] buf = new byte[8];
        Arrays.fill(buf, (byte) 0x5A);
        assertThat(as.read(0xffff_ffff_ffff_fffcL, ATTRS, buf, 0, 8)).isEqualTo(MemTxResult.DECODE_ERROR);
        assertThat(buf).containsExactly(0xA1, 0xA2, 0xA3, 0xA4, 0, 0, 0, 0);
    }

    @Test
    void writesAtTheTopNeverWrapToAddressZero() {
        RamRegion top = sys.initRam(null, "top", 0x1000);
        RamRegion low = sys.initRam(null, "low", 0x1000);
        root.addSubregion(0xffff_ffff_ffff_f000L, top);
        root.addSubregion(0, low);
        AddressSpace as = as();

        as.stqLe(0xffff_ffff_ffff_fffcL, 0x0807_0605_0403_0201L, ATTRS, result);
        assertThat(result.get()).isEqualTo(MemTxResult.DECODE_ERROR);
        assertThat(bytes(top.backing(), 0xffc, 4)).containsExactly(1, 2, 3, 4);
        byte[] data = new byte[16];
        Arrays.fill(data, (byte) 0x33);
        assertThat(as.write(0xffff_ffff_ffff_fff8L, ATTRS, data, 0, 16)).isEqualTo(MemTxResult.DECODE_ERROR);
        assertThat(bytes(low.backing(), 0, 0x1000)).containsOnly(0);
    }

    @Test
    void deviceCoveringTheWholeSpaceEndsAtTheTop() {
        RecordingDevice dev = device(0x10);
        IoRegion everything = sys.initIo(null, new dev.physmem.region.MemoryRegionOps() {
            @Override
            public long read(long offset, int size) {
                dev.calls.add(Call.read(offset, size, 0));
                return 0xFFFF_FFFFL;
            }

            @Override
            public void write(long offset, long value, int size) {
            }
        }, "all", MemoryRegion.SIZE_2_64);
        root.addSubregion(0, everything);
        AddressSpace as = as();
        byte[] buf = new byte[8];
        assertThat(as.read(-4L, ATTRS, buf, 0, 8)).isEqualTo(MemTxResult.DECODE_ERROR);
        assertThat(buf).containsExactly(0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0);
        assertThat(dev.calls).containsExactly(Call.read(-4L, 4, 0));
    }

    @Test
    void holeAtTheTopReadsZero() {
        AddressSpace as = as();
        assertThat(as.ldqLe(0xffff_ffff_ffff_fffcL, ATTRS, result)).isZero();
        assertThat(result.get()).isEqualTo(MemTxResult.DECODE_ERROR);
        byte[] buf = {1, 1, 1, 1, 1, 1, 1, 1};
        assertThat(as.read(-1L, ATTRS, buf, 0, 8)).isEqualTo(MemTxResult.DECODE_ERROR);
        assertThat(buf).containsOnly(0);
    }

    // ------------------------------------------------------------ MemTxAttrs.memory

    @Test
    void memoryOnlyAttributeDeniesDevicesAndHolesButNotRam() {
        MemTxAttrs dma = MemTxAttrs.DEFAULT.withMemory(true);
        RamRegion ram = sys.initRam(null, "ram", 0x1000);
        fill(ram.backing(), 0, 0x1000, 0);
        RecordingDevice dev = device(0x100);
        root.addSubregion(0, ram);
        root.addSubregion(0x1000, sys.initIo(null, dev, "dev", 0x100));
        AddressSpace as = as();

        byte[] buf = new byte[8];
        assertThat(as.read(0x10, dma, buf, 0, 8)).isEqualTo(MemTxResult.OK);

        // RAM then device: the RAM piece is read, the device piece denied and left untouched
        Arrays.fill(buf, (byte) 0x5A);
        assertThat(as.read(0xffc, dma, buf, 0, 8)).isEqualTo(MemTxResult.ACCESS_ERROR);
        assertThat(buf).containsExactly(0xfc, 0xfd, 0xfe, 0xff, 0x5A, 0x5A, 0x5A, 0x5A);
        assertThat(dev.calls).isEmpty();

        // device first: the access stops at once, nothing after the device is looked at
        Arrays.fill(buf, (byte) 0x5A);
        assertThat(as.read(0x10fc, dma, buf, 0, 8)).isEqualTo(MemTxResult.ACCESS_ERROR);
        assertThat(buf).containsOnly(0x5A);
        assertThat(as.write(0x5000, dma, buf, 0, 8)).isEqualTo(MemTxResult.ACCESS_ERROR);
        assertThat(dev.calls).isEmpty();
    }

    @Test
    void memoryOnlyAttributeIsNotCheckedByLoadsAndStoresAsInQemu() {
        RecordingDevice dev = device(0x100);
        root.addSubregion(0x1000, sys.initIo(null, dev, "dev", 0x100));
        AddressSpace as = as();
        int v = as.ldlLe(0x1000, MemTxAttrs.DEFAULT.withMemory(true), result);
        assertThat(result.get()).isEqualTo(MemTxResult.OK);
        assertThat(Integer.toUnsignedLong(v)).isEqualTo(dev.cellsAsValue(0, 4, false));
    }

    // ------------------------------------------------------------ segments and misuse

    @Test
    void segmentVariantsReadAndWriteWholeSegments() {
        RamRegion ram = sys.initRam(null, "ram", 0x1000);
        root.addSubregion(0x8000, ram);
        AddressSpace as = as();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment src = arena.allocate(24);
            fill(src, 0, 24, 0x20);
            assertThat(as.write(0x8100, ATTRS, src)).isEqualTo(MemTxResult.OK);
            MemorySegment dst = arena.allocate(24);
            assertThat(as.rw(0x8100, ATTRS, dst, false)).isEqualTo(MemTxResult.OK);
            assertThat(dst.mismatch(src)).isEqualTo(-1L);
        }
        MemorySegment heap = MemorySegment.ofArray(new byte[4]);
        assertThat(as.read(0x8100, ATTRS, heap)).isEqualTo(MemTxResult.OK);
        assertThat(heap.toArray(ValueLayout.JAVA_BYTE)).containsExactly(0x20, 0x21, 0x22, 0x23);
    }

    @Test
    void misuseThrowsWithKeyValueMessagesBeforeAnyAccess() {
        RecordingDevice dev = device(0x10);
        root.addSubregion(0, sys.initIo(null, dev, "dev", 0x10));
        AddressSpace as = as();
        byte[] buf = new byte[8];
        assertThatThrownBy(() -> as.read(0, ATTRS, buf, 0, -1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("len=-1");
        assertThatThrownBy(() -> as.write(0, ATTRS, buf, 4, 5))
                .isInstanceOf(IndexOutOfBoundsException.class).hasMessageContaining("off=4 len=5 length=8");
        assertThatThrownBy(() -> as.read(0, ATTRS, buf, -1, 2))
                .isInstanceOf(IndexOutOfBoundsException.class).hasMessageContaining("off=-1");
        assertThatThrownBy(() -> as.read(0, ATTRS, MemorySegment.ofArray(buf).asReadOnly()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("byteSize=8");
        assertThat(dev.calls).isEmpty();
    }

    @Test
    void emptyAccessIsOkAndTouchesNothing() {
        RecordingDevice dev = device(0x10);
        root.addSubregion(0, sys.initIo(null, dev, "dev", 0x10));
        AddressSpace as = as();
        assertThat(as.read(0, ATTRS, new byte[0], 0, 0)).isEqualTo(MemTxResult.OK);
        assertThat(as.write(0x9999, ATTRS, new byte[4], 4, 0)).isEqualTo(MemTxResult.OK);
        assertThat(as.read(0, ATTRS, MemorySegment.ofArray(new byte[0]))).isEqualTo(MemTxResult.OK);
        assertThat(dev.calls).isEmpty();
        assertThat(dev.acceptsCalls).isEmpty();
    }

    @Test
    void aBufferAccessStartingInADeviceRunsToTheDevicesEndUnderAHigherRange() {
        // QEMU's cpu_outl(0xcf8): pci-conf-idx gets 4 bytes although a 1-byte port overlays 0xcf9.
        List<String> calls = new ArrayList<>();
        root.addSubregion(0x100, sys.initIo(null, dev.physmem.region.MemoryRegionOps.of((offset, size) -> 0x1122_3344L,
                (offset, value, size) -> calls.add("wide " + offset + "/" + size)), "wide", 4));
        root.addSubregionOverlap(0x101, sys.initIo(null, dev.physmem.region.MemoryRegionOps.of((offset, size) -> 0xab,
                (offset, value, size) -> calls.add("narrow " + offset + "/" + size)), "narrow", 1), 1);
        AddressSpace as = as();
        assertThat(as.write(0x100, ATTRS, new byte[] {1, 2, 3, 4}, 0, 4)).isEqualTo(MemTxResult.OK);
        byte[] buf = new byte[4];
        as.read(0x101, ATTRS, buf, 0, 3);
        assertThat(calls).containsExactly("wide 0/4");
        assertThat(buf).as("the overlay's byte, then one 2-byte read of the device at offset 2")
                .containsExactly(0xab, 0x44, 0x33, 0);
    }
}
