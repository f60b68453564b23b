package dev.physmem.flat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.physmem.MemorySystem;
import dev.physmem.region.MemoryRegion;
import dev.physmem.region.MemoryRegionOps;
import org.junit.jupiter.api.Test;

class RendererTest {
    private final MemorySystem sys = new MemorySystem();
    private final MemoryRegionOps ops = MemoryRegionOps.of((o, s) -> 0, (o, v, s) -> {});

    @Test
    void equalPriorityLaterSiblingWins() {
        var root = sys.initContainer(null, "root", MemoryRegion.SIZE_2_64);
        var a = sys.initIo(null, ops, "a", 0x1000);
        var b = sys.initIo(null, ops, "b", 0x1000);
        root.addSubregionOverlap(0, a, 0);
        root.addSubregionOverlap(0x800, b, 0);
        var as = sys.addressSpace(root, "memory");
        assertThat(as.view().ranges()).extracting(r -> r.region().name(), FlatRange::start, FlatRange::last)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("a", 0L, 0x7ffL),
                        org.assertj.core.groups.Tuple.tuple("b", 0x800L, 0x17ffL));
    }

    @Test
    void aliasWindowShowsTargetAtOffset() {
        var root = sys.initContainer(null, "root", MemoryRegion.SIZE_2_64);
        var ram = sys.initRam(null, "ram", 0x10000);
        var alias = sys.initAlias(null, "hi", ram, 0x4000, 0x2000);
        root.addSubregion(0x100000, alias);
        var as = sys.addressSpace(root, "memory");
        FlatRange r = as.view().lookup(0x101000);
        assertThat(r.region()).isSameAs(ram);
        assertThat(r.offsetOf(0x101000)).isEqualTo(0x5000L);
        assertThat(as.view().lookup(0x102000)).isNull();
    }
}
