package dev.physmem.space;

import static dev.physmem.space.IoTestBed.BASE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.physmem.attr.MemTxAttrs;
import dev.physmem.attr.MemTxResult;
import dev.physmem.region.AccessConstraints;
import dev.physmem.region.Endianness;
import dev.physmem.region.MemoryRegionOps;
import dev.physmem.space.RecordingDevice.Call;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Splitting, widening and byte order of device accesses, end to end through an AddressSpace, for
 * every impl size pair, access size, device byte order and target byte order. The device behaves
 * like memory, so whatever the pieces, a correct core shows the guest the device's bytes.
 */
class AccessSplittingTest {
    private static final int[] SIZES = {1, 2, 4, 8};
    private static final long OFFSET = 0x10;
    private static final long VALUE = 0x8877_6655_4433_2211L;

    private static final ByteOrder[] TARGETS = {ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN};

    /** Every impl size pair (min <= max) with every device byte order; sizes and targets loop inside. */
    static Stream<Arguments> combinations() {
        List<Arguments> out = new ArrayList<>();
        for (int implMin : SIZES) {
            for (int implMax : SIZES) {
                if (implMin > implMax) {
                    continue;
                }
                for (Endianness endianness : Endianness.values()) {
                    out.add(Arguments.of(implMin, implMax, endianness));
                }
            }
        }
        return out.stream();
    }

    /** One access size on one target, named for assertion messages. */
    record Case(int size, ByteOrder target) {
        static List<Case> all() {
            List<Case> out = new ArrayList<>();
            for (int size : SIZES) {
                for (ByteOrder target : TARGETS) {
                    out.add(new Case(size, target));
                }
            }
            return out;
        }

        @Override
        public String toString() {
            return "size=" + size + " target=" + target;
        }
    }

    private static RecordingDevice device(int implMin, int implMax, Endianness endianness, ByteOrder target) {
        return new RecordingDevice(0x40, endianness, target, AccessConstraints.sizes(1, 8),
                AccessConstraints.sizes(implMin, implMax)).withPattern();
    }

    /** The callbacks QEMU's access_with_adjusted_size makes for one guest access. */
    private static List<Call> expectedReads(RecordingDevice dev, boolean deviceBig, int size, int implMin,
            int implMax) {
        int piece = Math.max(Math.min(size, implMax), implMin);
        List<Call> calls = new ArrayList<>();
        for (int index = 0; index < size || index == 0; index += piece) {
            calls.add(Call.read(OFFSET + index, piece, dev.cellsAsValue(OFFSET + index, piece, deviceBig)));
        }
        return calls;
    }

    @ParameterizedTest(name = "impl={0}..{1} {2}")
    @MethodSource("combinations")
    void loadsSeeTheDeviceBytesInTheLoadsByteOrder(int implMin, int implMax, Endianness endianness) {
        for (Case c : Case.all()) {
            loadsSeeTheDeviceBytesInTheLoadsByteOrder(implMin, implMax, c.size(), endianness, c.target(), c);
        }
    }

    private void loadsSeeTheDeviceBytesInTheLoadsByteOrder(int implMin, int implMax, int size,
            Endianness endianness, ByteOrder target, Case c) {
        RecordingDevice dev = device(implMin, implMax, endianness, target);
        IoTestBed bed = new IoTestBed(target, dev, 0x40);
        boolean deviceBig = endianness.resolve(target) == ByteOrder.BIG_ENDIAN;
        for (boolean big : new boolean[] {false, true}) {
            dev.calls.clear();
            var result = new MemTxResultHolder();
            long v = IoTestBed.ld(bed.as, BASE + OFFSET, size, big, MemTxAttrs.UNSPECIFIED, result);
            assertThat(result.get()).as("%s", c).isEqualTo(MemTxResult.OK);
            assertThat(v).as("value, %s, %s load", c, big ? "big-endian" : "little-endian")
                    .isEqualTo(dev.cellsAsValue(OFFSET, size, big));
            assertThat(dev.calls).as("%s", c).isEqualTo(expectedReads(dev, deviceBig, size, implMin, implMax));
        }
    }

    @ParameterizedTest(name = "impl={0}..{1} {2}")
    @MethodSource("combinations")
    void storesGiveTheDeviceTheStoresBytesAndZerosInWidenedBytes(int implMin, int implMax, Endianness endianness) {
        for (Case c : Case.all()) {
            storesGiveTheDeviceTheStoresBytesAndZerosInWidenedBytes(implMin, implMax, c.size(), endianness,
                    c.target(), c);
        }
    }

    private void storesGiveTheDeviceTheStoresBytesAndZerosInWidenedBytes(int implMin, int implMax, int size,
            Endianness endianness, ByteOrder target, Case c) {
        for (boolean big : new boolean[] {false, true}) {
            RecordingDevice dev = device(implMin, implMax, endianness, target);
            IoTestBed bed = new IoTestBed(target, dev, 0x40);
            boolean deviceBig = endianness.resolve(target) == ByteOrder.BIG_ENDIAN;
            byte[] before = dev.cells.clone();
            var result = new MemTxResultHolder();
            IoTestBed.st(bed.as, BASE + OFFSET, size, big, VALUE, MemTxAttrs.UNSPECIFIED, result);
            assertThat(result.get()).as("%s", c).isEqualTo(MemTxResult.OK);

            int piece = Math.max(Math.min(size, implMax), implMin);
            byte[] expected = before.clone();
            byte[] stored = IoTestBed.bytesOf(VALUE, size, big);
            System.arraycopy(stored, 0, expected, (int) OFFSET, size);
            Arrays.fill(expected, (int) OFFSET + size, (int) OFFSET + Math.max(size, piece), (byte) 0);
            assertThat(dev.cells).as("cells, %s, %s store", c, big ? "big-endian" : "little-endian")
                    .isEqualTo(expected);

            List<Call> calls = new ArrayList<>();
            for (int index = 0; index < size || index == 0; index += piece) {
                calls.add(Call.write(OFFSET + index, piece,
                        IoTestBed.valueOf(expected, (int) OFFSET + index, piece, deviceBig)));
            }
            assertThat(dev.calls).as("%s", c).isEqualTo(calls);
        }
    }

    @ParameterizedTest(name = "impl={0}..{1} {2}")
    @MethodSource("combinations")
    void bufferReadsSeeTheDeviceBytesInMemoryOrder(int implMin, int implMax, Endianness endianness) {
        for (Case c : Case.all()) {
            bufferReadsSeeTheDeviceBytesInMemoryOrder(implMin, implMax, c.size(), endianness, c.target(), c);
        }
    }

    private void bufferReadsSeeTheDeviceBytesInMemoryOrder(int implMin, int implMax, int size,
            Endianness endianness, ByteOrder target, Case c) {
        RecordingDevice dev = device(implMin, implMax, endianness, target);
        IoTestBed bed = new IoTestBed(target, dev, 0x40);
        boolean deviceBig = endianness.resolve(target) == ByteOrder.BIG_ENDIAN;
        byte[] buf = new byte[size];
        assertThat(bed.as.read(BASE + OFFSET, MemTxAttrs.UNSPECIFIED, buf, 0, size)).as("%s", c)
                .isEqualTo(MemTxResult.OK);
        assertThat(buf).as("%s", c).isEqualTo(Arrays.copyOfRange(dev.cells, (int) OFFSET, (int) OFFSET + size));
        // valid.max is 8 and the offset is aligned, so each buffer read is one guest access
        assertThat(dev.calls).as("%s", c).isEqualTo(expectedReads(dev, deviceBig, size, implMin, implMax));
    }

    @ParameterizedTest(name = "impl={0}..{1} {2}")
    @MethodSource("combinations")
    void bufferWritesStoreTheBufferBytes(int implMin, int implMax, Endianness endianness) {
        for (Case c : Case.all()) {
            RecordingDevice dev = device(implMin, implMax, endianness, c.target());
            IoTestBed bed = new IoTestBed(c.target(), dev, 0x40);
            byte[] buf = IoTestBed.bytesOf(VALUE, c.size(), false);
            assertThat(bed.as.write(BASE + OFFSET, MemTxAttrs.UNSPECIFIED, buf, 0, c.size())).as("%s", c)
                    .isEqualTo(MemTxResult.OK);
            assertThat(Arrays.copyOfRange(dev.cells, (int) OFFSET, (int) OFFSET + c.size())).as("%s", c)
                    .isEqualTo(buf);
        }
    }

    // ------------------------------------------------------------ register devices, literal values

    /** A device whose byte-wide registers read 0xA0 + offset; wider reads are refused by impl. */
    private static MemoryRegionOps byteRegisters(Endianness endianness, List<Call> calls) {
        return MemoryRegionOps.of((offset, size) -> {
            calls.add(Call.read(offset, size, 0xA0 + offset));
            return 0xA0 + offset;
        }, (offset, value, size) -> calls.add(Call.write(offset, size, value)),
                endianness, AccessConstraints.DEFAULT, AccessConstraints.sizes(1, 1));
    }

    @Test
    void littleEndianDeviceCombinesBytePiecesLowFirst() {
        List<Call> calls = new ArrayList<>();
        IoTestBed bed = new IoTestBed(ByteOrder.LITTLE_ENDIAN, byteRegisters(Endianness.LITTLE, calls), 0x10);
        assertThat(bed.as.ldlLe(BASE)).isEqualTo(0xA3A2A1A0);
        assertThat(calls).extracting(Call::offset).containsExactly(0L, 1L, 2L, 3L);
        assertThat(bed.as.ldlBe(BASE)).isEqualTo(0xA0A1A2A3);
        byte[] buf = new byte[4];
        bed.as.read(BASE, MemTxAttrs.UNSPECIFIED, buf, 0, 4);
        assertThat(buf).containsExactly(0xA0, 0xA1, 0xA2, 0xA3);
    }

    @Test
    void bigEndianDeviceCombinesBytePiecesHighFirst() {
        List<Call> calls = new ArrayList<>();
        IoTestBed bed = new IoTestBed(ByteOrder.LITTLE_ENDIAN, byteRegisters(Endianness.BIG, calls), 0x10);
        // The device's 4-byte value is A0A1A2A3 (first byte most significant): the guest's bytes
        // at BASE..BASE+3 are still A0, A1, A2, A3.
        assertThat(bed.as.ldlBe(BASE)).isEqualTo(0xA0A1A2A3);
        assertThat(bed.as.ldlLe(BASE)).isEqualTo(0xA3A2A1A0);
        assertThat(calls).extracting(Call::offset).containsExactly(0L, 1L, 2L, 3L, 0L, 1L, 2L, 3L);
    }

    @Test
    void nativeDeviceFollowsTheTargetOrder() {
        // A 4-byte register reading 0x11223344: the bytes the guest sees depend on the order.
        MemoryRegionOps reg = MemoryRegionOps.of((offset, size) -> 0x1122_3344L, (o, v, s) -> { });
        byte[] le = new byte[4];
        new IoTestBed(ByteOrder.LITTLE_ENDIAN, reg, 4).as.read(BASE, MemTxAttrs.UNSPECIFIED, le, 0, 4);
        assertThat(le).containsExactly(0x44, 0x33, 0x22, 0x11);
        byte[] be = new byte[4];
        IoTestBed bigMachine = new IoTestBed(ByteOrder.BIG_ENDIAN, reg, 4);
        bigMachine.as.read(BASE, MemTxAttrs.UNSPECIFIED, be, 0, 4);
        assertThat(be).containsExactly(0x11, 0x22, 0x33, 0x44);
        assertThat(bigMachine.as.ldlBe(BASE)).isEqualTo(0x1122_3344);
        assertThat(bigMachine.as.ldlLe(BASE)).isEqualTo(0x4433_2211);
    }

    @Test
    void storeValueIsSwappedOnlyWhenOrdersDiffer() {
        List<Call> calls = new ArrayList<>();
        MemoryRegionOps reg = MemoryRegionOps.of((o, s) -> 0, (offset, value, size) ->
                calls.add(Call.write(offset, size, value)), Endianness.BIG, AccessConstraints.DEFAULT,
                AccessConstraints.DEFAULT);
        IoTestBed bed = new IoTestBed(ByteOrder.LITTLE_ENDIAN, reg, 4);
        bed.as.stlBe(BASE, 0x1122_3344);
        bed.as.stlLe(BASE, 0x1122_3344);
        bed.as.stwLe(BASE, 0xAABB);
        assertThat(calls).containsExactly(Call.write(0, 4, 0x1122_3344L), Call.write(0, 4, 0x4433_2211L),
                Call.write(0, 2, 0xBBAAL));
    }

    @Test
    void widenedByteReadTakesTheGuestsByteFromTheWideValue() {
        List<Call> calls = new ArrayList<>();
        for (Endianness e : new Endianness[] {Endianness.LITTLE, Endianness.BIG}) {
            MemoryRegionOps reg = MemoryRegionOps.of((offset, size) -> {
                calls.add(Call.read(offset, size, 0));
                return 0xAABB_CCDDL;
            }, (o, v, s) -> { }, e, AccessConstraints.DEFAULT, AccessConstraints.sizes(4, 4));
            IoTestBed bed = new IoTestBed(ByteOrder.LITTLE_ENDIAN, reg, 0x10);
            // QEMU widens at the same offset, without aligning down: read(1, 4)
            assertThat(bed.as.ldub(BASE + 1)).isEqualTo(e == Endianness.LITTLE ? 0xDD : 0xAA);
        }
        assertThat(calls).extracting(Call::offset, Call::size)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1L, 4), org.assertj.core.groups.Tuple.tuple(1L, 4));
    }
}
