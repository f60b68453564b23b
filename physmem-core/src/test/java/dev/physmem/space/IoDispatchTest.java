package dev.physmem.space;

import static dev.physmem.space.IoTestBed.BASE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.physmem.attr.MemTxAttrs;
import dev.physmem.attr.MemTxResult;
import dev.physmem.region.AccessConstraints;
import dev.physmem.region.Endianness;
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

/** The valid rules (accepts, alignment, sizes) and how results combine, through an AddressSpace. */
class IoDispatchTest {
    private final MemTxAttrs attrs = MemTxAttrs.UNSPECIFIED;
    private final MemTxResultHolder result = new MemTxResultHolder();

    private static RecordingDevice device(AccessConstraints valid, AccessConstraints impl) {
        return new RecordingDevice(0x40, Endianness.LITTLE, ByteOrder.LITTLE_ENDIAN, valid, impl).withPattern();
    }

    @Test
    void rejectedReadNeverReachesTheDeviceAndReadsZero() {
        RecordingDevice dev = device(AccessConstraints.DEFAULT, AccessConstraints.DEFAULT);
        dev.acceptor = (offset, size, isWrite) -> false;
        IoTestBed bed = new IoTestBed(ByteOrder.LITTLE_ENDIAN, dev, 0x40);
        byte[] buf = {1, 2, 3, 4, 5, 6, 7, 8};
        assertThat(bed.as.read(BASE, attrs, buf, 0, 8)).isEqualTo(MemTxResult.DECODE_ERROR);
        assertThat(buf).containsOnly(0);
        assertThat(bed.as.ldlLe(BASE + 4, attrs, result)).isZero();
        assertThat(result.get()).isEqualTo(MemTxResult.DECODE_ERROR);
        assertThat(dev.calls).isEmpty();
    }

    @Test
    void rejectedWriteNeverReachesTheDevice() {
        RecordingDevice dev = device(AccessConstraints.DEFAULT, AccessConstraints.DEFAULT);
        dev.acceptor = (offset, size, isWrite) -> !isWrite;
        IoTestBed bed = new IoTestBed(ByteOrder.LITTLE_ENDIAN, dev, 0x40);
        byte[] before = dev.cells.clone();
        assertThat(bed.as.write(BASE, attrs, new byte[8], 0, 8)).isEqualTo(MemTxResult.DECODE_ERROR);
        bed.as.stqLe(BASE, -1L, attrs, result);
        assertThat(result.get()).isEqualTo(MemTxResult.DECODE_ERROR);
        assertThat(dev.calls).isEmpty();
        assertThat(dev.cells).isEqualTo(before);
    }

    @Test
    void acceptsSeesEachGuestSizedAccessNotTheImplPieces() {
        RecordingDevice dev = device(AccessConstraints.sizes(1, 8), AccessConstraints.sizes(1, 1));
        IoTestBed bed = new IoTestBed(ByteOrder.LITTLE_ENDIAN, dev, 0x40);
        bed.as.ldqLe(BASE + 8);
        assertThat(dev.acceptsCalls).containsExactly(new Call(false, 8, 8, 0));
        assertThat(dev.calls).hasSize(8);
    }

    @Test
    void acceptsCanRejectOnePieceOfABufferAccess() {
        RecordingDevice dev = device(AccessConstraints.DEFAULT, AccessConstraints.DEFAULT);
        dev.acceptor = (offset, size, isWrite) -> offset != 4;
        IoTestBed bed = new IoTestBed(ByteOrder.LITTLE_ENDIAN, dev, 0x40);
        byte[] buf = new byte[12];
        assertThat(bed.as.read(BASE, attrs, buf, 0, 12)).isEqualTo(MemTxResult.DECODE_ERROR);
        assertThat(Arrays.copyOfRange(buf, 0, 4)).isEqualTo(Arrays.copyOfRange(dev.cells, 0, 4));
        assertThat(Arrays.copyOfRange(buf, 4, 8)).containsOnly(0);
        assertThat(Arrays.copyOfRange(buf, 8, 12)).isEqualTo(Arrays.copyOfRange(dev.cells, 8, 12));
        assertThat(dev.calls).extracting(Call::offset).containsExactly(0L, 8L);
    }

    @Test
    void acceptsRunsBeforeTheAlignmentCheckAsInQemu() {
        RecordingDevice dev = device(AccessConstraints.sizes(1, 4), AccessConstraints.DEFAULT);
        IoTestBed bed = new IoTestBed(ByteOrder.LITTLE_ENDIAN, dev, 0x40);
        bed.as.ldlLe(BASE + 2, attrs, result);
        assertThat(result.get()).isEqualTo(MemTxResult.DECODE_ERROR);
        assertThat(dev.acceptsCalls).containsExactly(new Call(false, 2, 4, 0));
        assertThat(dev.calls).isEmpty();
    }

    @Test
    void validUnalignedFalseRejectsAnUnalignedLoad() {
        RecordingDevice dev = device(AccessConstraints.sizes(1, 4), AccessConstraints.DEFAULT);
        IoTestBed bed = new IoTestBed(ByteOrder.LITTLE_ENDIAN, dev, 0x40);
        for (long offset = 1; offset < 4; offset++) {
            bed.as.ldlLe(BASE + offset, attrs, result);
            assertThat(result.get()).as("offset=%d", offset).isEqualTo(MemTxResult.DECODE_ERROR);
        }
        bed.as.lduwLe(BASE + 1, attrs, result);
        assertThat(result.get()).isEqualTo(MemTxResult.DECODE_ERROR);
        assertThat(dev.calls).isEmpty();
    }

    @Test
    void validUnalignedTrueLetsAnUnalignedLoadThroughAtItsOwnOffset() {
        RecordingDevice dev = device(AccessConstraints.sizes(1, 4).withUnaligned(true), AccessConstraints.DEFAULT);
        IoTestBed bed = new IoTestBed(ByteOrder.LITTLE_ENDIAN, dev, 0x40);
        int v = bed.as.ldlLe(BASE + 3, attrs, result);
        assertThat(result.get()).isEqualTo(MemTxResult.OK);
        assertThat(Integer.toUnsignedLong(v)).isEqualTo(dev.cellsAsValue(3, 4, false));
        // access_with_adjusted_size does not align pieces: one 4-byte callback at offset 3
        assertThat(dev.calls).containsExactly(Call.read(3, 4, dev.cellsAsValue(3, 4, false)));
    }

    @Test
    void implAlignedBufferAccessIsSplitByTheOffsetsAlignment() {
        RecordingDevice dev = device(AccessConstraints.sizes(1, 8), AccessConstraints.sizes(1, 8));
        IoTestBed bed = new IoTestBed(ByteOrder.LITTLE_ENDIAN, dev, 0x40);
        byte[] buf = new byte[15];
        assertThat(bed.as.read(BASE + 1, attrs, buf, 0, 15)).isEqualTo(MemTxResult.OK);
        assertThat(dev.calls).extracting(Call::offset, Call::size)
                .containsExactly(tuple(1L, 1), tuple(2L, 2), tuple(4L, 4), tuple(8L, 8));
        assertThat(buf).isEqualTo(Arrays.copyOfRange(dev.cells, 1, 16));
    }

    @Test
    void implUnalignedBufferAccessIsCutOnlyBySize() {
        RecordingDevice dev = device(AccessConstraints.sizes(1, 8).withUnaligned(true),
                AccessConstraints.sizes(1, 8).withUnaligned(true));
        IoTestBed bed = new IoTestBed(ByteOrder.LITTLE_ENDIAN, dev, 0x40);
        byte[] buf = new byte[15];
        assertThat(bed.as.read(BASE + 1, attrs, buf, 0, 15)).isEqualTo(MemTxResult.OK);
        assertThat(dev.calls).extracting(Call::offset, Call::size)
                .containsExactly(tuple(1L, 8), tuple(9L, 4), tuple(13L, 2), tuple(15L, 1));
        assertThat(buf).isEqualTo(Arrays.copyOfRange(dev.cells, 1, 16));
    }

    @Test
    void implUnalignedButValidAlignedRejectsTheUnalignedCut() {
        // impl.unaligned lifts the alignment bound of the cut, so the 4-byte cut at offset 1 is
        // unaligned, and valid (aligned only) rejects it.
        RecordingDevice dev = device(AccessConstraints.sizes(1, 4), AccessConstraints.DEFAULT.withUnaligned(true));
        IoTestBed bed = new IoTestBed(ByteOrder.LITTLE_ENDIAN, dev, 0x40);
        byte[] buf = {9, 9, 9, 9};
        assertThat(bed.as.read(BASE + 1, attrs, buf, 0, 4)).isEqualTo(MemTxResult.DECODE_ERROR);
        assertThat(buf).containsOnly(0);
        assertThat(dev.calls).isEmpty();
    }

    @Test
    void sizesOutsideValidMinMaxAreRejected() {
        RecordingDevice dev = device(AccessConstraints.sizes(2, 4), AccessConstraints.DEFAULT);
        IoTestBed bed = new IoTestBed(ByteOrder.LITTLE_ENDIAN, dev, 0x40);
        bed.as.ldub(BASE, attrs, result);
        assertThat(result.get()).isEqualTo(MemTxResult.DECODE_ERROR);
        bed.as.ldqLe(BASE, attrs, result);
        assertThat(result.get()).isEqualTo(MemTxResult.DECODE_ERROR);
        assertThat(dev.calls).isEmpty();
        bed.as.lduwLe(BASE, attrs, result);
        assertThat(result.get()).isEqualTo(MemTxResult.OK);
        bed.as.ldlLe(BASE, attrs, result);
        assertThat(result.get()).isEqualTo(MemTxResult.OK);
    }

    @Test
    void validMaxZeroAcceptsEverySizeButBufferAccessesAreCutAtFour() {
        RecordingDevice dev = device(AccessConstraints.DEFAULT, AccessConstraints.sizes(1, 8));
        IoTestBed bed = new IoTestBed(ByteOrder.LITTLE_ENDIAN, dev, 0x40);
        assertThat(bed.as.ldqLe(BASE, attrs, result)).isEqualTo(dev.cellsAsValue(0, 8, false));
        assertThat(result.get()).isEqualTo(MemTxResult.OK);
        assertThat(dev.calls).extracting(Call::size).containsExactly(8);
        dev.calls.clear();
        bed.as.read(BASE, attrs, new byte[8], 0, 8);
        assertThat(dev.calls).extracting(Call::size).containsExactly(4, 4);
    }

    @Test
    void loadDoesNotCutAtValidMaxButIsRejectedByIt() {
        // address_space_ldq hands the device one 8-byte access; valid.max 4 rejects it, where a
        // buffer read of the same 8 bytes is cut into two valid 4-byte accesses.
        RecordingDevice dev = device(AccessConstraints.sizes(1, 4), AccessConstraints.DEFAULT);
        IoTestBed bed = new IoTestBed(ByteOrder.LITTLE_ENDIAN, dev, 0x40);
        bed.as.ldqLe(BASE, attrs, result);
        assertThat(result.get()).isEqualTo(MemTxResult.DECODE_ERROR);
        byte[] buf = new byte[8];
        assertThat(bed.as.read(BASE, attrs, buf, 0, 8)).isEqualTo(MemTxResult.OK);
        assertThat(buf).isEqualTo(Arrays.copyOfRange(dev.cells, 0, 8));
    }

    @Test
    void deviceErrorsOfAllPiecesAreOredAndEveryPieceIsStillIssued() {
        RecordingDevice dev = device(AccessConstraints.DEFAULT, AccessConstraints.sizes(1, 1));
        dev.failAt = offset -> offset == 1;
        IoTestBed bed = new IoTestBed(ByteOrder.LITTLE_ENDIAN, dev, 0x40);
        bed.as.ldlLe(BASE, attrs, result);
        assertThat(result.get()).isEqualTo(MemTxResult.ERROR);
        assertThat(dev.calls).hasSize(4);
        dev.calls.clear();
        bed.as.stlLe(BASE, 0x01020304, attrs, result);
        assertThat(result.get()).isEqualTo(MemTxResult.ERROR);
        assertThat(dev.calls).hasSize(4);
        assertThat(Arrays.copyOfRange(dev.cells, 0, 4)).containsExactly(4, 3, 2, 1);
    }

    @Test
    void bufferResultsCombineDeviceErrorAndRejection() {
        RecordingDevice dev = device(AccessConstraints.DEFAULT, AccessConstraints.DEFAULT);
        dev.failAt = offset -> offset == 0;
        dev.acceptor = (offset, size, isWrite) -> offset != 4;
        IoTestBed bed = new IoTestBed(ByteOrder.LITTLE_ENDIAN, dev, 0x40);
        MemTxResult r = bed.as.read(BASE, attrs, new byte[8], 0, 8);
        assertThat(r.hasError()).isTrue();
        assertThat(r.hasDecodeError()).isTrue();
    }

    // ------------------------------------------------------------ every valid/impl pair, any offset

    static Stream<Arguments> validImplPairs() {
        List<AccessConstraints> valids = List.of(AccessConstraints.DEFAULT, AccessConstraints.sizes(1, 1),
                AccessConstraints.sizes(1, 2), AccessConstraints.sizes(2, 4), AccessConstraints.sizes(4, 4),
                AccessConstraints.sizes(1, 8), AccessConstraints.sizes(8, 8),
                AccessConstraints.sizes(1, 4).withUnaligned(true));
        List<AccessConstraints> impls = List.of(AccessConstraints.DEFAULT, AccessConstraints.sizes(1, 1),
                AccessConstraints.sizes(2, 2), AccessConstraints.sizes(1, 8), AccessConstraints.sizes(4, 8),
                AccessConstraints.sizes(1, 4).withUnaligned(true));
        List<Arguments> out = new ArrayList<>();
        for (AccessConstraints valid : valids) {
            for (AccessConstraints impl : impls) {
                out.add(Arguments.of(valid, impl));
            }
        }
        return out.stream();
    }

    /**
     * For every offset and length, a buffer read shows the device's bytes wherever the guest-sized
     * access holding them is valid and zeros elsewhere; no callback touches a rejected access.
     * The expected guest accesses come from this test's own reading of QEMU's rule: the largest
     * power of two that fits the remaining length, valid.max (4 if 0) and, unless impl.unaligned,
     * the offset's alignment.
     */
    @ParameterizedTest(name = "valid={0} impl={1}")
    @MethodSource("validImplPairs")
    void bufferReadsAreCutAndCheckedForEveryOffsetAndLength(AccessConstraints valid, AccessConstraints impl) {
        for (int offset = 0; offset < 8; offset++) {
            for (int len = 1; len <= 16; len++) {
                RecordingDevice dev = device(valid, impl);
                IoTestBed bed = new IoTestBed(ByteOrder.LITTLE_ENDIAN, dev, 0x40);
                byte[] buf = new byte[len];
                Arrays.fill(buf, (byte) 0x5A);
                MemTxResult r = bed.as.read(BASE + offset, attrs, buf, 0, len);

                byte[] expected = new byte[len];
                boolean anyRejected = false;
                List<long[]> accepted = new ArrayList<>();
                int pos = offset;
                while (pos < offset + len) {
                    int bound = valid.maxAccessSize() == 0 ? 4 : valid.maxAccessSize();
                    if (!impl.unaligned() && pos != 0) {
                        bound = Math.min(bound, Integer.lowestOneBit(pos));
                    }
                    int l = 1;
                    while (l * 2 <= Math.min(offset + len - pos, bound)) {
                        l *= 2;
                    }
                    boolean ok = (valid.unaligned() || pos % l == 0)
                            && (valid.maxAccessSize() == 0
                                    || (l >= valid.minAccessSize() && l <= valid.maxAccessSize()));
                    if (ok) {
                        System.arraycopy(dev.cells, pos, expected, pos - offset, l);
                        accepted.add(new long[] {pos, pos + Math.max(l, AccessSplitter.implAccessSize(l, impl))});
                    }
                    anyRejected |= !ok;
                    pos += l;
                }
                String where = "offset=" + offset + " len=" + len;
                assertThat(buf).as(where).isEqualTo(expected);
                assertThat(r).as(where).isEqualTo(anyRejected ? MemTxResult.DECODE_ERROR : MemTxResult.OK);
                for (Call c : dev.calls) {
                    assertThat(accepted).as("%s: call %s inside an accepted access", where, c)
                            .anyMatch(a -> c.offset() >= a[0] && c.offset() + c.size() <= a[1]);
                }
            }
        }
    }
}
