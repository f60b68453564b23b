package dev.physmem.flat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.physmem.MemorySystem;
import dev.physmem.region.ContainerRegion;
import dev.physmem.region.MemoryRegion;
import dev.physmem.region.MemoryRegionOps;
import dev.physmem.testing.ViewText;
import org.junit.jupiter.api.Test;

/** RENDER-RULES §4, one rule at a time. */
class RendererTest {
    private final MemorySystem sys = new MemorySystem();
    private final MemoryRegionOps ops = MemoryRegionOps.of((o, s) -> 0, (o, v, s) -> {});
    private final ContainerRegion root = sys.initContainer(null, "root", MemoryRegion.SIZE_2_64);

    private MemoryRegion io(String name, long size) {
        return sys.initIo(null, ops, name, size);
    }

    @Test
    void nullRootRendersAnEmptyView() {
        assertThat(Renderer.render(null)).isSameAs(FlatView.empty());
    }

    @Test
    void equalPriorityLaterSiblingWins() {
        root.addSubregionOverlap(0, io("a", 0x1000), 0);
        root.addSubregionOverlap(0x800, io("b", 0x1000), 0);

        assertThat(ViewText.of(Renderer.render(root))).containsExactly("0-7ff a @0", "800-17ff b @0");
    }

    @Test
    void aliasWindowShowsTargetAtOffset() {
        var ram = sys.initRam(null, "ram", 0x10000);
        root.addSubregion(0x100000, sys.initAlias(null, "hi", ram, 0x4000, 0x2000));

        FlatView view = Renderer.render(root);

        FlatRange r = view.lookup(0x101000);
        assertThat(r.region()).isSameAs(ram);
        assertThat(r.offsetOf(0x101000)).isEqualTo(0x5000L);
        assertThat(view.lookup(0x102000)).isNull();
    }

    @Test
    void rootContributesItsOwnAddr() {
        var dev = io("dev", 0x100);
        dev.setAddress(0x5000);

        assertThat(ViewText.of(Renderer.render(dev))).containsExactly("5000-50ff dev @0");
    }

    @Test
    void terminalRegionFillsWhatItsSubregionsLeaveWithItsOwnOffsets() {
        var dev = io("dev", 0x1000);
        dev.addSubregion(0x400, io("window", 0x100));
        root.addSubregion(0x10000, dev);

        assertThat(ViewText.of(Renderer.render(root))).containsExactly(
                "10000-103ff dev @0", "10400-104ff window @0", "10500-10fff dev @500");
    }

    @Test
    void subregionsWinOverTheirOwnTerminalParentWhateverTheirPriority() {
        var dev = io("dev", 0x1000);
        dev.addSubregionOverlap(0x400, io("low", 0x100), Integer.MIN_VALUE);
        root.addSubregion(0, dev);
        root.addSubregion(0x10000, io("other", 0x10));

        assertThat(ViewText.of(Renderer.render(root))).contains("400-4ff low @0");
    }

    @Test
    void pureContainerLetsLowerSiblingsShowThroughItsHoles() {
        // smram-region @pci over an empty pci shows pc.ram (RENDER-RULES §4.5)
        var ram = sys.initRam(null, "pc.ram", 0x100000);
        var pci = sys.initContainer(null, "pci", MemoryRegion.SIZE_2_64);
        pci.addSubregion(0xa8000, io("vga-lowmem", 0x8000));
        root.addSubregionOverlap(0, ram, 0);
        root.addSubregionOverlap(0xa0000, sys.initAlias(null, "smram-region", pci, 0xa0000, 0x20000), 1);

        assertThat(ViewText.of(Renderer.render(root))).containsExactly(
                "0-a7fff pc.ram @0", "a8000-affff vga-lowmem @0", "b0000-fffff pc.ram @b0000");
    }

    @Test
    void nonContainerRegionHidesLowerSiblingsBehindItsHoles() {
        var ram = sys.initRam(null, "pc.ram", 0x100000);
        var vga = io("vga", 0x20000);
        vga.addSubregion(0x8000, io("vga-lowmem", 0x8000));
        root.addSubregionOverlap(0, ram, 0);
        root.addSubregionOverlap(0xa0000, vga, 1);

        assertThat(ViewText.of(Renderer.render(root))).containsExactly(
                "0-9ffff pc.ram @0", "a0000-a7fff vga @0", "a8000-affff vga-lowmem @0",
                "b0000-bffff vga @10000", "c0000-fffff pc.ram @c0000");
    }

    @Test
    void aliasWhoseTargetStartsBelowZeroShowsOnlyTheTargetsPartAboveZero() {
        var dev = io("dev", 0x2000);
        dev.addSubregion(0x800, io("below", 0x100));
        dev.addSubregion(0x1800, io("above", 0x100));
        root.addSubregion(0, sys.initAlias(null, "window", dev, 0x1000, 0x1000));

        assertThat(ViewText.of(Renderer.render(root))).containsExactly(
                "0-7ff dev @1000", "800-8ff above @0", "900-fff dev @1900");
    }

    @Test
    void aliasReachingPast2To64IsClippedAtTheTop() {
        var dev = io("dev", 0x1000);
        root.addSubregion(-0x100L, sys.initAlias(null, "top", dev, 0x10, 0x1000));
        root.addSubregion(0, io("low", 0x10));

        assertThat(ViewText.of(Renderer.render(root))).containsExactly(
                "0-f low @0", "ffffffffffffff00-ffffffffffffffff dev @10");
    }

    @Test
    void regionsWithTheSameNameAreNotMerged() {
        root.addSubregion(0, io("twin", 0x10));
        root.addSubregion(0x10, io("twin", 0x10));

        assertThat(ViewText.of(Renderer.render(root))).containsExactly("0-f twin @0", "10-1f twin @0");
    }

    @Test
    void renderWindowRendersOnlyTheAddressesInsideItUnmergedAtItsEdges() {
        root.addSubregion(0, io("a", 0x1000));
        root.addSubregion(0x1000, io("b", 0x1000));
        root.addSubregion(0x2000, io("c", 0x1000));

        var ranges = Renderer.renderWindow(root, 0x800, 0x17ff);

        assertThat(ranges).extracting(ViewText::of).containsExactly("800-fff a @800", "1000-17ff b @0");
    }
}
