package dev.physmem.region;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.physmem.MemorySystem;
import dev.physmem.space.AddressSpace;
import dev.physmem.testing.ViewText;
import org.junit.jupiter.api.Test;

class MemoryRegionTest {
    private final MemorySystem sys = new MemorySystem();
    private final MemoryRegionOps ops = MemoryRegionOps.of((o, s) -> 0, (o, v, s) -> {});
    private final ContainerRegion root = sys.initContainer(null, "root", MemoryRegion.SIZE_2_64);
    private final AddressSpace as = sys.addressSpace(root, "memory");

    private IoRegion io(String name, long size) {
        return sys.initIo(null, ops, name, size);
    }

    // ---------------------------------------------------------------- add and del

    @Test
    void addSubregionMapsTheRegionAtItsOffsetWithPriorityZero() {
        var dev = io("dev", 0x100);
        root.addSubregion(0x1000, dev);

        assertThat(dev.container()).isSameAs(root);
        assertThat(dev.addr()).isEqualTo(0x1000);
        assertThat(dev.priority()).isZero();
        assertThat(root.subregions()).containsExactly(dev);
        assertThat(ViewText.of(as)).containsExactly("1000-10ff dev @0");
    }

    @Test
    void delSubregionUnmapsTheRegionAndLetsItBeMappedAgain() {
        var a = io("a", 0x100);
        var b = io("b", 0x100);
        root.addSubregion(0x1000, a);
        root.addSubregion(0x2000, b);

        root.delSubregion(a);

        assertThat(a.container()).isNull();
        assertThat(root.subregions()).containsExactly(b);
        assertThat(ViewText.of(as)).containsExactly("2000-20ff b @0");

        root.addSubregion(0x3000, a);
        assertThat(ViewText.of(as)).containsExactly("2000-20ff b @0", "3000-30ff a @0");
    }

    @Test
    void delSubregionKeepsAddrAndPriorityAsQemuDoes() {
        var dev = io("dev", 0x100);
        root.addSubregionOverlap(0x1000, dev, 7);

        root.delSubregion(dev);

        assertThat(dev.addr()).isEqualTo(0x1000);
        assertThat(dev.priority()).isEqualTo(7);
    }

    @Test
    void unmappedRegionAsAnAddressSpaceRootShowsAtTheAddrItWasMappedAt() {
        // Found by FlatViewPropertyTest seed=10: the root contributes its own addr (§4.2).
        var dev = io("dev", 0x100);
        root.addSubregion(0x800, dev);
        root.delSubregion(dev);

        var space = sys.addressSpace(dev, "dev-space");

        assertThat(ViewText.of(space)).containsExactly("800-8ff dev @0");
    }

    @Test
    void equalPriorityLaterAddedSiblingWins() {
        var first = io("first", 0x1000);
        var second = io("second", 0x1000);
        root.addSubregionOverlap(0x0, first, 3);
        root.addSubregionOverlap(0x800, second, 3);

        assertThat(ViewText.of(as)).containsExactly("0-7ff first @0", "800-17ff second @0");
        assertThat(root.subregions()).containsExactly(second, first);
    }

    @Test
    void higherPriorityWinsWhateverTheInsertionOrder() {
        var high = io("high", 0x1000);
        var low = io("low", 0x1000);
        root.addSubregionOverlap(0x0, high, 1);
        root.addSubregionOverlap(0x800, low, -1);

        assertThat(ViewText.of(as)).containsExactly("0-fff high @0", "1000-17ff low @800");
        assertThat(root.subregions()).containsExactly(high, low);
    }

    @Test
    void subregionsAreListedInRenderOrder() {
        var a = io("a", 1);
        var b = io("b", 1);
        var c = io("c", 1);
        var d = io("d", 1);
        root.addSubregionOverlap(0, a, 0);
        root.addSubregionOverlap(1, b, 2);
        root.addSubregionOverlap(2, c, 0);
        root.addSubregionOverlap(3, d, -7);

        assertThat(root.subregions()).containsExactly(b, c, a, d);
        assertThat(c.serial()).isGreaterThan(a.serial());
    }

    @Test
    void prioritiesCompareOnlyAmongSiblings() {
        // 'inner' has a huge priority, but inside a container that loses to its sibling.
        var loser = sys.initContainer(null, "loser", 0x1000);
        var inner = io("inner", 0x1000);
        loser.addSubregionOverlap(0, inner, 1000);
        var winner = sys.initContainer(null, "winner", 0x1000);
        var low = io("low", 0x800);
        winner.addSubregionOverlap(0, low, -1000);
        root.addSubregionOverlap(0, loser, 0);
        root.addSubregionOverlap(0, winner, 1);

        assertThat(ViewText.of(as)).containsExactly("0-7ff low @0", "800-fff inner @800");
    }

    // ---------------------------------------------------------------- enable, readonly, nonvolatile

    @Test
    void disablingARegionHidesItsWholeSubtreeAndShowsLowerSiblingsThrough() {
        var under = io("under", 0x3000);
        var box = sys.initIo(null, ops, "box", 0x2000);
        var leaf = io("leaf", 0x100);
        box.addSubregion(0x100, leaf);
        root.addSubregionOverlap(0, under, 0);
        root.addSubregionOverlap(0x1000, box, 1);

        box.setEnabled(false);
        assertThat(box.isEnabled()).isFalse();
        assertThat(ViewText.of(as)).containsExactly("0-2fff under @0");

        box.setEnabled(true);
        assertThat(ViewText.of(as)).containsExactly(
                "0-fff under @0", "1000-10ff box @0", "1100-11ff leaf @0", "1200-2fff box @200");
    }

    @Test
    void disabledRegionStaysInvisibleWhileItsContainerIsToggled() {
        var box = sys.initContainer(null, "box", 0x1000);
        var leaf = io("leaf", 0x100);
        box.addSubregion(0, leaf);
        root.addSubregion(0x1000, box);
        leaf.setEnabled(false);

        box.setEnabled(false);
        box.setEnabled(true);

        assertThat(ViewText.of(as)).isEmpty();
    }

    @Test
    void readonlyAccumulatesAlongThePath() {
        var bus = sys.initContainer(null, "bus", 0x10000);
        var dev = io("dev", 0x100);
        var other = io("other", 0x100);
        bus.addSubregion(0x100, dev);
        root.addSubregion(0x10000, bus);
        root.addSubregion(0x0, other);

        bus.setReadonly(true);
        assertThat(bus.isReadonly()).isTrue();
        assertThat(dev.isReadonly()).isFalse();
        assertThat(ViewText.of(as)).containsExactly("0-ff other @0", "10100-101ff dev @0 ro");

        bus.setReadonly(false);
        assertThat(ViewText.of(as)).containsExactly("0-ff other @0", "10100-101ff dev @0");
    }

    @Test
    void readonlySplitsRangesOfOneRegionThatWouldOtherwiseMerge() {
        var ram = sys.initRam(null, "ram", 0x3000);
        var low = sys.initAlias(null, "low", ram, 0, 0x1000);
        var mid = sys.initAlias(null, "mid", ram, 0x1000, 0x1000);
        var high = sys.initAlias(null, "high", ram, 0x2000, 0x1000);
        root.addSubregion(0, low);
        root.addSubregion(0x1000, mid);
        root.addSubregion(0x2000, high);
        mid.setReadonly(true);

        assertThat(ViewText.of(as)).containsExactly(
                "0-fff ram @0", "1000-1fff ram @1000 ro", "2000-2fff ram @2000");
    }

    @Test
    void nonvolatileAccumulatesAlongThePath() {
        var bus = sys.initContainer(null, "bus", 0x10000);
        var mem = sys.initRam(null, "mem", 0x1000);
        bus.addSubregion(0, mem);
        root.addSubregion(0x10000, bus);
        root.addSubregion(0, io("other", 0x10));

        bus.setNonvolatile(true);

        assertThat(mem.isNonvolatile()).isFalse();
        assertThat(ViewText.of(as)).containsExactly("0-f other @0", "10000-10fff mem @0 nv");
    }

    // ---------------------------------------------------------------- move and resize

    @Test
    void setAddressMovesTheRegionAndKeepsItsPriority() {
        var dev = io("dev", 0x100);
        root.addSubregionOverlap(0x1000, dev, 5);

        dev.setAddress(0x8000);

        assertThat(dev.addr()).isEqualTo(0x8000);
        assertThat(dev.priority()).isEqualTo(5);
        assertThat(ViewText.of(as)).containsExactly("8000-80ff dev @0");
    }

    @Test
    void movedRegionIsReaddedSoItWinsOverEqualPrioritySiblings() {
        // QEMU's memory_region_set_address deletes and re-adds the region: it becomes the
        // most recently added among its equal-priority siblings.
        var moved = io("moved", 0x1000);
        var other = io("other", 0x1000);
        root.addSubregionOverlap(0x0, moved, 0);
        root.addSubregionOverlap(0x1000, other, 0);

        moved.setAddress(0x800);

        assertThat(root.subregions()).containsExactly(moved, other);
        assertThat(ViewText.of(as)).containsExactly("800-17ff moved @0", "1800-1fff other @800");
    }

    @Test
    void movingAnUnmappedRootShiftsItsView() {
        // The flat-view root contributes its own addr (RENDER-RULES §4.2).
        var top = sys.initIo(null, ops, "top", 0x1000);
        var space = sys.addressSpace(top, "top-space");

        top.setAddress(0x4000);

        assertThat(ViewText.of(space)).containsExactly("4000-4fff top @0");
    }

    @Test
    void setSizeGrowsAndShrinksTheRenderedRange() {
        var dev = io("dev", 0x100);
        root.addSubregion(0x1000, dev);

        dev.setSize(0x2000);
        assertThat(dev.size()).isEqualTo(0x2000);
        assertThat(ViewText.of(as)).containsExactly("1000-2fff dev @0");

        dev.setSize(0x10);
        assertThat(ViewText.of(as)).containsExactly("1000-100f dev @0");
    }

    @Test
    void sizeClipsSubregionsThatReachPastTheRegion() {
        var bus = sys.initContainer(null, "bus", 0x1000);
        bus.addSubregion(0xf00, io("wide", 0x1000));
        root.addSubregion(0x10000, bus);

        assertThat(ViewText.of(as)).containsExactly("10f00-10fff wide @0");
    }

    // ---------------------------------------------------------------- sizes: 0 and 2^64

    @Test
    void zeroSizeRegionRendersNothingNotEvenItsSubregions() {
        var empty = sys.initIo(null, ops, "empty", 0);
        empty.addSubregion(0, io("child", 0x10));
        root.addSubregion(0x1000, empty);
        root.addSubregion(0x2000, io("other", 0x10));

        assertThat(empty.isEmpty()).isTrue();
        assertThat(ViewText.of(as)).containsExactly("2000-200f other @0");
    }

    @Test
    void regionOfSize2To64CoversTheWholeSpace() {
        var all = io("all", MemoryRegion.SIZE_2_64);
        root.addSubregion(0, all);

        assertThat(all.lastOffset()).isEqualTo(-1L);
        assertThat(ViewText.of(as)).containsExactly("0-ffffffffffffffff all @0");
        assertThat(as.view().lookup(-1L).offsetOf(-1L)).isEqualTo(-1L);
    }

    @Test
    void regionReachingPast2To64IsClippedAtTheTopOfTheSpace() {
        root.addSubregion(-0x1000L, io("top", 0x4000));
        root.addSubregion(0, io("bottom", 0x10));

        assertThat(ViewText.of(as)).containsExactly("0-f bottom @0", "fffffffffffff000-ffffffffffffffff top @0");
    }

    @Test
    void subregionOfRegionAtTheTopMayNotWrapAroundToZero() {
        var high = sys.initContainer(null, "high", MemoryRegion.SIZE_2_64);
        high.addSubregion(0xfff0, io("dev", 0x100));
        root.addSubregion(-0x1000L, high);
        root.addSubregion(0x100, io("low", 0x10));

        assertThat(ViewText.of(as)).containsExactly("100-10f low @0");
    }

    // ---------------------------------------------------------------- misuse

    @Test
    void addingARegionThatIsAlreadyMappedFails() {
        var dev = io("dev", 0x10);
        var bus = sys.initContainer(null, "bus", 0x1000);
        root.addSubregion(0, dev);

        assertThatThrownBy(() -> bus.addSubregion(0, dev))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("subregion=dev")
                .hasMessageContaining("container=root");
        assertThat(dev.container()).isSameAs(root);
        assertThat(sys.transactionDepth()).isZero();
    }

    @Test
    void addingARegionToItselfFails() {
        var bus = sys.initContainer(null, "bus", 0x1000);

        assertThatThrownBy(() -> bus.addSubregion(0, bus))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("container=bus")
                .hasMessageContaining("subregion=bus");
    }

    @Test
    void addingAnAncestorBelowItsDescendantFails() {
        var outer = sys.initContainer(null, "outer", 0x1000);
        var inner = sys.initContainer(null, "inner", 0x1000);
        outer.addSubregion(0, inner);

        assertThatThrownBy(() -> inner.addSubregion(0, outer))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("container=inner")
                .hasMessageContaining("subregion=outer");
        assertThat(inner.subregions()).isEmpty();
    }

    @Test
    void mappingAnAliasInsideItsOwnTargetFails() {
        var bus = sys.initContainer(null, "bus", 0x1000);
        var inner = sys.initContainer(null, "inner", 0x1000);
        bus.addSubregion(0, inner);
        var loop = sys.initAlias(null, "loop", bus, 0, 0x1000);
        var loopOfLoop = sys.initAlias(null, "loop2", loop, 0, 0x1000);

        assertThatThrownBy(() -> inner.addSubregion(0x100, loop))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("container=inner")
                .hasMessageContaining("subregion=loop");
        assertThatThrownBy(() -> bus.addSubregion(0x100, loopOfLoop))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("subregion=loop2");
        assertThat(inner.subregions()).isEmpty();
        assertThat(bus.subregions()).containsExactly(inner);
    }

    @Test
    void delOfARegionThatIsNotASubregionFails() {
        var dev = io("dev", 0x10);
        var bus = sys.initContainer(null, "bus", 0x1000);
        root.addSubregion(0, dev);

        assertThatThrownBy(() -> bus.delSubregion(dev))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("container=bus")
                .hasMessageContaining("subregion=dev");
        assertThat(dev.container()).isSameAs(root);
        assertThat(ViewText.of(as)).containsExactly("0-f dev @0");
    }

    @Test
    void addingARegionOfAnotherSystemFails() {
        var stranger = new MemorySystem().initIo(null, ops, "stranger", 0x10);

        assertThatThrownBy(() -> root.addSubregion(0, stranger))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("subregion=stranger");
    }
}
