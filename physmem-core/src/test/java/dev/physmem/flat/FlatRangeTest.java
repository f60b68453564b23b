package dev.physmem.flat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.physmem.MemorySystem;
import dev.physmem.region.MemoryRegion;
import dev.physmem.region.MemoryRegionOps;
import org.junit.jupiter.api.Test;

class FlatRangeTest {
    private final MemorySystem sys = new MemorySystem();
    private final MemoryRegionOps ops = MemoryRegionOps.of((o, s) -> 0, (o, v, s) -> {});
    private final MemoryRegion dev = sys.initIo(null, ops, "dev", 0x10000);
    private final MemoryRegion other = sys.initIo(null, ops, "other", 0x10000);
    private final MemoryRegion all = sys.initIo(null, ops, "all", MemoryRegion.SIZE_2_64);

    @Test
    void rangeKnowsItsSizeAndTheRegionOffsetOfEachAddress() {
        var r = new FlatRange(0x1000, 0x1fff, dev, 0x300, false, false);

        assertThat(r.size()).isEqualTo(0x1000);
        assertThat(r.contains(0xfff)).isFalse();
        assertThat(r.contains(0x1000)).isTrue();
        assertThat(r.contains(0x1fff)).isTrue();
        assertThat(r.contains(0x2000)).isFalse();
        assertThat(r.offsetOf(0x1800)).isEqualTo(0xb00);
    }

    @Test
    void rangeOverTheWholeSpaceHasSizeZeroStandingFor2To64() {
        var r = new FlatRange(0, -1L, all, 0, false, false);

        assertThat(r.size()).isZero();
        assertThat(r.contains(-1L)).isTrue();
        assertThat(r.offsetOf(-1L)).isEqualTo(-1L);
    }

    @Test
    void rangeMayNotEndBeforeItStartsNorShowANonTerminalRegion() {
        assertThatThrownBy(() -> new FlatRange(0x10, 0xf, dev, 0, false, false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("start=0x10")
                .hasMessageContaining("last=0xf");
        var box = sys.initContainer(null, "box", 0x10);
        assertThatThrownBy(() -> new FlatRange(0, 0xf, box, 0, false, false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("region=box");
    }

    @Test
    void neighbourThatContinuesTheSameRegionMerges() {
        var a = new FlatRange(0x1000, 0x1fff, dev, 0x100, true, true);
        var b = new FlatRange(0x2000, 0x2fff, dev, 0x1100, true, true);

        assertThat(a.canMergeWith(b)).isTrue();
        assertThat(a.mergedWith(b)).isEqualTo(new FlatRange(0x1000, 0x2fff, dev, 0x100, true, true));
    }

    @Test
    void neighbourDoesNotMergeWhenAnythingButTheAddressContinues() {
        var a = new FlatRange(0x1000, 0x1fff, dev, 0x100, false, false);

        assertThat(a.canMergeWith(new FlatRange(0x2001, 0x2fff, dev, 0x1101, false, false))).as("gap").isFalse();
        assertThat(a.canMergeWith(new FlatRange(0x2000, 0x2fff, other, 0x1100, false, false))).as("region").isFalse();
        assertThat(a.canMergeWith(new FlatRange(0x2000, 0x2fff, dev, 0x1200, false, false))).as("offset").isFalse();
        assertThat(a.canMergeWith(new FlatRange(0x2000, 0x2fff, dev, 0x1100, true, false))).as("readonly").isFalse();
        assertThat(a.canMergeWith(new FlatRange(0x2000, 0x2fff, dev, 0x1100, false, true))).as("nonvolatile").isFalse();
    }

    @Test
    void rangeEndingAt2To64MergesWithNothing() {
        var top = new FlatRange(-0x10L, -1L, all, -0x10L, false, false);
        var wrapped = new FlatRange(0, 0xf, all, 0, false, false);

        assertThat(top.canMergeWith(wrapped)).isFalse();
    }

    @Test
    void offsetsThatRunPastTheEndOfA2To64RegionDoNotContinueAtZero() {
        // Found by FlatViewPropertyTest seed=709: the last byte of a 2^64-byte region followed by
        // its first byte, through two aliases, merged into one range crossing the region's end.
        var lastByte = new FlatRange(0xf, 0xf, all, -1L, false, false);
        var firstByte = new FlatRange(0x10, 0x1f, all, 0, false, false);

        assertThat(lastByte.canMergeWith(firstByte)).isFalse();
    }
}
