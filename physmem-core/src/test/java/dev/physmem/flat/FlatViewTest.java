package dev.physmem.flat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.physmem.MemorySystem;
import dev.physmem.region.MemoryRegion;
import dev.physmem.region.MemoryRegionOps;
import java.util.List;
import org.junit.jupiter.api.Test;

class FlatViewTest {
    private final MemorySystem sys = new MemorySystem();
    private final MemoryRegionOps ops = MemoryRegionOps.of((o, s) -> 0, (o, v, s) -> {});
    private final MemoryRegion a = sys.initIo(null, ops, "a", MemoryRegion.SIZE_2_64);
    private final MemoryRegion b = sys.initIo(null, ops, "b", MemoryRegion.SIZE_2_64);

    private FlatRange range(long start, long last, MemoryRegion mr, long offset) {
        return new FlatRange(start, last, mr, offset, false, false);
    }

    @Test
    void emptyViewHasNoRootAndNoRanges() {
        assertThat(FlatView.empty().root()).isNull();
        assertThat(FlatView.empty().ranges()).isEmpty();
        assertThat(FlatView.empty().lookup(0)).isNull();
        assertThat(FlatView.empty().lookup(-1L)).isNull();
    }

    @Test
    void lookupFindsTheRangeHoldingAnAddressAndNothingInTheGaps() {
        var low = range(0x1000, 0x1fff, a, 0);
        var high = range(0x8000_0000_0000_0000L, -2L, b, 0);
        var view = FlatView.of(a, List.of(low, high));

        assertThat(view.lookup(0)).isNull();
        assertThat(view.lookup(0xfff)).isNull();
        assertThat(view.lookup(0x1000)).isSameAs(low);
        assertThat(view.lookup(0x1fff)).isSameAs(low);
        assertThat(view.lookup(0x2000)).isNull();
        assertThat(view.lookup(0x7fff_ffff_ffff_ffffL)).isNull();
        assertThat(view.lookup(0x8000_0000_0000_0000L)).isSameAs(high);
        assertThat(view.lookup(-2L)).isSameAs(high);
        assertThat(view.lookup(-1L)).isNull();
        assertThat(view.indexOf(0x1800)).isZero();
        assertThat(view.indexOf(-2L)).isEqualTo(1);
        assertThat(view.indexOf(-1L)).isEqualTo(-1);
    }

    @Test
    void viewOverTheWholeSpaceAnswersEveryAddress() {
        var all = range(0, -1L, a, 0);
        var view = FlatView.of(a, List.of(all));

        assertThat(view.lookup(0)).isSameAs(all);
        assertThat(view.lookup(Long.MIN_VALUE)).isSameAs(all);
        assertThat(view.lookup(-1L)).isSameAs(all);
    }

    @Test
    void overlappingOrUnsortedRangesAreRejected() {
        assertThatThrownBy(() -> FlatView.of(a, List.of(range(0, 0xff, a, 0), range(0xff, 0x1ff, b, 0))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("index=1")
                .hasMessageContaining("prev.last=0xff");
        assertThatThrownBy(() -> FlatView.of(a, List.of(range(-0x100L, -1L, a, 0), range(0, 0xff, b, 0))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("index=1");
    }

    @Test
    void neighboursThatShouldHaveBeenMergedAreRejected() {
        assertThatThrownBy(() -> FlatView.of(a, List.of(range(0, 0xff, a, 0), range(0x100, 0x1ff, a, 0x100))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("region=a");
    }

    @Test
    void rangesOfOneRegionThatDoNotContinueEachOtherAreAccepted() {
        var view = FlatView.of(a, List.of(range(0, 0xff, a, 0), range(0x100, 0x1ff, a, 0)));

        assertThat(view.size()).isEqualTo(2);
        assertThat(view.range(1).offsetOf(0x100)).isZero();
    }
}
