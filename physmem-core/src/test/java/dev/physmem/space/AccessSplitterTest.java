package dev.physmem.space;

import static org.assertj.core.api.Assertions.assertThat;

import dev.physmem.region.AccessConstraints;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AccessSplitterTest {
    private static final AccessConstraints DEFAULT = AccessConstraints.DEFAULT;

    @ParameterizedTest(name = "len={0} offset={1} -> {2}")
    @CsvSource({
        // valid.max 0 reads as 4; alignment bounds the size; rounded down to a power of two
        "1, 0x0, 1",
        "3, 0x0, 2",
        "4, 0x0, 4",
        "8, 0x0, 4",
        "100, 0x0, 4",
        "8, 0x2, 2",
        "8, 0x1, 1",
        "8, 0x6, 2",
        "7, 0x4, 4",
        "3, 0x4, 2",
    })
    void defaultRulesCutAtFourBytesAndTheOffsetsAlignment(long len, String offset, int expected) {
        assertThat(AccessSplitter.memoryAccessSize(DEFAULT, DEFAULT, len, Long.decode(offset))).isEqualTo(expected);
    }

    @Test
    void validMaxRaisesTheCutAndImplUnalignedLiftsTheAlignmentBound() {
        AccessConstraints valid8 = AccessConstraints.sizes(1, 8);
        assertThat(AccessSplitter.memoryAccessSize(valid8, DEFAULT, 16, 0x10)).isEqualTo(8);
        assertThat(AccessSplitter.memoryAccessSize(valid8, DEFAULT, 16, 0x14)).isEqualTo(4);
        AccessConstraints implUnaligned = DEFAULT.withUnaligned(true);
        assertThat(AccessSplitter.memoryAccessSize(valid8, implUnaligned, 16, 0x13)).isEqualTo(8);
        assertThat(AccessSplitter.memoryAccessSize(valid8, implUnaligned, 7, 0x13)).isEqualTo(4);
    }

    @Test
    void cutUsesValidNotImplMaximum() {
        // QEMU's memory_access_size reads valid.max_access_size, never impl.max_access_size.
        assertThat(AccessSplitter.memoryAccessSize(DEFAULT, AccessConstraints.sizes(1, 8), 8, 0)).isEqualTo(4);
        assertThat(AccessSplitter.memoryAccessSize(AccessConstraints.sizes(1, 2), AccessConstraints.sizes(4, 8), 8, 0))
                .isEqualTo(2);
    }

    @Test
    void offsetZeroIsAlignedToEverything() {
        assertThat(AccessSplitter.memoryAccessSize(AccessConstraints.sizes(1, 8), DEFAULT, 8, 0)).isEqualTo(8);
    }

    @Test
    void hugeAlignmentDoesNotBound() {
        assertThat(AccessSplitter.memoryAccessSize(AccessConstraints.sizes(1, 8), DEFAULT, 8, 1L << 40)).isEqualTo(8);
        assertThat(AccessSplitter.memoryAccessSize(AccessConstraints.sizes(1, 8), DEFAULT, 8, Long.MIN_VALUE))
                .isEqualTo(8);
    }

    @ParameterizedTest(name = "size={0} impl={1}..{2} -> {3}")
    @CsvSource({
        "1, 0, 0, 1", "2, 0, 0, 2", "4, 0, 0, 4", "8, 0, 0, 4",
        "8, 1, 2, 2", "4, 1, 1, 1", "1, 4, 4, 4", "2, 4, 8, 4", "8, 4, 8, 8", "1, 8, 8, 8",
        "8, 8, 0, 8",
    })
    void implSizeSplitsOrWidens(int size, int min, int max, int expected) {
        AccessConstraints impl = new AccessConstraints(min, max == 0 && min == 8 ? 0 : max, false);
        assertThat(AccessSplitter.implAccessSize(size, impl)).isEqualTo(expected);
    }

    @Test
    void littleEndianPiecesFillFromTheLowEnd() {
        assertThat(AccessSplitter.pieceShift(4, 1, 0, false)).isZero();
        assertThat(AccessSplitter.pieceShift(4, 1, 3, false)).isEqualTo(24);
        assertThat(AccessSplitter.pieceShift(8, 2, 6, false)).isEqualTo(48);
    }

    @Test
    void bigEndianPiecesFillFromTheHighEnd() {
        assertThat(AccessSplitter.pieceShift(4, 1, 0, true)).isEqualTo(24);
        assertThat(AccessSplitter.pieceShift(4, 1, 3, true)).isZero();
        assertThat(AccessSplitter.pieceShift(8, 4, 4, true)).isZero();
    }

    @Test
    void widenedBigEndianPieceShiftsRight() {
        // a 1-byte read widened to 4: the guest's byte is the most significant of the four
        int shift = AccessSplitter.pieceShift(1, 4, 0, true);
        assertThat(shift).isEqualTo(-24);
        assertThat(AccessSplitter.placePiece(0xAABBCCDDL, 4, shift)).isEqualTo(0xAAL);
        assertThat(AccessSplitter.extractPiece(0xAAL, 4, shift)).isEqualTo(0xAA00_0000L);
    }

    @Test
    void placeAndExtractAreInverseForEveryPiece() {
        long value = 0x0123_4567_89AB_CDEFL;
        for (int pieceSize : new int[] {1, 2, 4, 8}) {
            for (boolean big : new boolean[] {false, true}) {
                long rebuilt = 0;
                for (int index = 0; index < 8; index += pieceSize) {
                    int shift = AccessSplitter.pieceShift(8, pieceSize, index, big);
                    rebuilt |= AccessSplitter.placePiece(AccessSplitter.extractPiece(value, pieceSize, shift),
                            pieceSize, shift);
                }
                assertThat(rebuilt).as("pieceSize=%d big=%s", pieceSize, big).isEqualTo(value);
            }
        }
    }

    @Test
    void pieceValuesAreMaskedToTheirWidth() {
        assertThat(AccessSplitter.placePiece(0xFFFF_FFFF_FFFF_FF12L, 1, 8)).isEqualTo(0x1200L);
        assertThat(AccessSplitter.extractPiece(0x1234_5678L, 2, 0)).isEqualTo(0x5678L);
    }
}
