package dev.physmem.dirty;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.BitSet;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The bitmap against a BitSet model: marks, clears, queries and snapshots over random ranges. */
class DirtyBitmapTest {

    @Test
    void aDirtyBitmapSetsNoBitPastItsLastPage() {
        DirtyBitmap b = new DirtyBitmap(70, true);
        assertThat(b.words()).isEqualTo(2);
        assertThat(b.countDirty()).isEqualTo(70);
        assertThat(b.snapshotAndClear(1, 2)[0]).isEqualTo((1L << 6) - 1);
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 0x5eed})
    void behavesLikeABitSetForRandomRanges(long seed) {
        System.out.println("DirtyBitmapTest seed=" + seed);
        Random rnd = new Random(seed);
        int pages = 1000;
        DirtyBitmap b = new DirtyBitmap(pages, false);
        BitSet model = new BitSet(pages);
        for (int step = 0; step < 2000; step++) {
            int first = rnd.nextInt(pages);
            int last = Math.min(pages - 1, first + rnd.nextInt(rnd.nextBoolean() ? 4 : 200));
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
        long[] all = b.snapshotAndClear(0, b.words());
        assertThat(BitSet.valueOf(all)).isEqualTo(model);
        assertThat(b.countDirty()).isZero();
    }
}
