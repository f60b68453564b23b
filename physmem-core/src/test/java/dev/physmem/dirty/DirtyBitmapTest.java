package dev.physmem.dirty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.BitSet;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The growable bitmap against a BitSet model: marks, clears, queries and snapshots over random ranges. */
class DirtyBitmapTest {
    private static final long BLOCK = DirtyBitmap.BLOCK_PAGES;

    @Test
    void aNewBitmapCoversNothingAndGrowsInWholeBlocksOfCleanPages() {
        DirtyBitmap b = new DirtyBitmap();
        assertThat(b.pages()).isZero();
        b.extend(1);
        assertThat(b.pages()).isEqualTo(BLOCK);
        assertThat(b.countDirty(0, BLOCK - 1)).isZero();
        b.extend(BLOCK + 1);
        assertThat(b.pages()).isEqualTo(2 * BLOCK);
        b.extend(5);
        assertThat(b.pages()).as("never shrinks").isEqualTo(2 * BLOCK);
    }

    @Test
    void growingKeepsEveryBitSetBefore() {
        DirtyBitmap b = new DirtyBitmap();
        b.extend(BLOCK);
        b.mark(BLOCK - 70, BLOCK - 1);
        b.extend(3 * BLOCK);
        assertThat(b.countDirty(0, 3 * BLOCK - 1)).isEqualTo(70);
        b.mark(BLOCK - 1, BLOCK + 1);
        assertThat(b.countDirty(BLOCK - 64, BLOCK + 63)).isEqualTo(64 + 2);
    }

    @Test
    void clearReportsWhetherAnyPageWasDirty() {
        DirtyBitmap b = new DirtyBitmap();
        b.extend(BLOCK);
        b.mark(100, 100);
        assertThat(b.clear(0, 99)).isFalse();
        assertThat(b.clear(64, 200)).isTrue();
        assertThat(b.clear(64, 200)).isFalse();
    }

    @Test
    void aBitmapTooLargeForAnArrayIsRefused() {
        assertThatThrownBy(() -> new DirtyBitmap().extend(Long.MAX_VALUE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pages=");
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 0x5eed})
    void behavesLikeABitSetForRandomRangesAcrossBlocks(long seed) {
        System.out.println("DirtyBitmapTest seed=" + seed);
        Random rnd = new Random(seed);
        int pages = (int) (2 * BLOCK + 1000);
        DirtyBitmap b = new DirtyBitmap();
        b.extend(pages);
        BitSet model = new BitSet(pages);
        for (int step = 0; step < 2000; step++) {
            // Half the ranges start near a block boundary, so words and blocks are crossed.
            int first = rnd.nextBoolean() ? rnd.nextInt(pages) : (int) (BLOCK - 100 + rnd.nextInt(200));
            int last = Math.min(pages - 1, first + rnd.nextInt(rnd.nextBoolean() ? 4 : 300));
            switch (rnd.nextInt(4)) {
                case 0, 1 -> {
                    b.mark(first, last);
                    model.set(first, last + 1);
                }
                case 2 -> {
                    b.clear(first, last);
                    model.clear(first, last + 1);
                }
                default -> assertThat(b.anyDirty(first, last))
                        .as("step %d [%d, %d]", step, first, last)
                        .isEqualTo(model.nextSetBit(first) >= 0 && model.nextSetBit(first) <= last);
            }
        }
        assertThat(b.countDirty(0, b.pages() - 1)).isEqualTo(model.cardinality());
        long[] all = b.snapshotAndClear(0, b.pages() / DirtyBitmap.PAGES_PER_WORD);
        assertThat(BitSet.valueOf(all)).isEqualTo(model);
        assertThat(b.countDirty(0, b.pages() - 1)).isZero();
    }
}
