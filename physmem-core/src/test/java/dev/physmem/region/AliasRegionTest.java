package dev.physmem.region;

import static org.assertj.core.api.Assertions.assertThat;

import dev.physmem.MemorySystem;
import dev.physmem.space.AddressSpace;
import dev.physmem.testing.ViewText;
import org.junit.jupiter.api.Test;

class AliasRegionTest {
    private final MemorySystem sys = new MemorySystem();
    private final MemoryRegionOps ops = MemoryRegionOps.of((o, s) -> 0, (o, v, s) -> {});
    private final ContainerRegion root = sys.initContainer(null, "root", MemoryRegion.SIZE_2_64);
    private final AddressSpace as = sys.addressSpace(root, "memory");

    private IoRegion io(String name, long size) {
        return sys.initIo(null, ops, name, size);
    }

    /** Maps a 16-byte marker at 0 so the root has two children and is never skipped (§3). */
    private void marker() {
        root.addSubregion(0, io("marker", 0x10));
    }

    @Test
    void aliasShowsItsTargetFromTheAliasOffset() {
        var ram = sys.initRam(null, "ram", 0x10000);
        root.addSubregion(0x100000, sys.initAlias(null, "window", ram, 0x4000, 0x2000));

        assertThat(ViewText.of(as)).containsExactly("100000-101fff ram @4000");
    }

    @Test
    void targetsOwnAddrCancelsOut() {
        var ram = sys.initRam(null, "ram", 0x10000);
        var elsewhere = sys.initContainer(null, "elsewhere", 0x100000);
        elsewhere.addSubregion(0x30000, ram);
        root.addSubregion(0x100000, sys.initAlias(null, "window", ram, 0x1000, 0x1000));
        marker();

        assertThat(ViewText.of(as)).containsExactly("0-f marker @0", "100000-100fff ram @1000");
    }

    @Test
    void aliasWindowReachingPastItsTargetShowsOnlyTheTarget() {
        var dev = io("dev", 0x1000);
        root.addSubregion(0x10000, sys.initAlias(null, "wide", dev, 0x800, 0x4000));
        root.addSubregionOverlap(0x10000, io("under", 0x8000), -1);

        assertThat(ViewText.of(as)).containsExactly("10000-107ff dev @800", "10800-17fff under @800");
    }

    @Test
    void aliasOffsetPastTheEndOfTheTargetShowsNothing() {
        var dev = io("dev", 0x1000);
        root.addSubregion(0x10000, sys.initAlias(null, "beyond", dev, 0x1000, 0x1000));
        marker();

        assertThat(ViewText.of(as)).containsExactly("0-f marker @0");
    }

    @Test
    void aliasOfAnAliasAddsTheOffsets() {
        var ram = sys.initRam(null, "ram", 0x10000);
        var inner = sys.initAlias(null, "inner", ram, 0x2000, 0x8000);
        var outer = sys.initAlias(null, "outer", inner, 0x1000, 0x2000);
        root.addSubregion(0x40000, outer);
        marker();

        assertThat(outer.finalTarget()).isSameAs(ram);
        assertThat(outer.typeName()).isEqualTo("ram");
        assertThat(ViewText.of(as)).containsExactly("0-f marker @0", "40000-41fff ram @3000");
    }

    @Test
    void aliasOfAnAliasIsClippedByEveryWindow() {
        var ram = sys.initRam(null, "ram", 0x10000);
        var inner = sys.initAlias(null, "inner", ram, 0x2000, 0x1000);
        var outer = sys.initAlias(null, "outer", inner, 0x800, 0x2000);
        root.addSubregion(0x40000, outer);
        marker();

        assertThat(ViewText.of(as)).containsExactly("0-f marker @0", "40000-407ff ram @2800");
    }

    @Test
    void setAliasOffsetMovesTheWindow() {
        var ram = sys.initRam(null, "ram", 0x10000);
        var window = sys.initAlias(null, "window", ram, 0, 0x1000);
        root.addSubregion(0x10000, window);
        marker();

        window.setAliasOffset(0x3000);

        assertThat(window.aliasOffset()).isEqualTo(0x3000);
        assertThat(ViewText.of(as)).containsExactly("0-f marker @0", "10000-10fff ram @3000");
    }

    @Test
    void disabledTargetIsInvisibleThroughItsAliases() {
        var smram = sys.initContainer(null, "smram", 0x20000);
        smram.addSubregion(0, io("vga", 0x20000));
        root.addSubregion(0xa0000, sys.initAlias(null, "smram-alias", smram, 0, 0x20000));
        marker();

        smram.setEnabled(false);
        assertThat(ViewText.of(as)).containsExactly("0-f marker @0");

        smram.setEnabled(true);
        assertThat(ViewText.of(as)).containsExactly("0-f marker @0", "a0000-bffff vga @0");
    }

    @Test
    void disabledContainerOfTheTargetDoesNotHideItThroughAnAlias() {
        var hidden = sys.initContainer(null, "hidden", 0x10000);
        var dev = io("dev", 0x1000);
        hidden.addSubregion(0, dev);
        hidden.setEnabled(false);
        root.addSubregion(0x10000, hidden);
        root.addSubregion(0x20000, sys.initAlias(null, "peek", dev, 0, 0x1000));

        assertThat(ViewText.of(as)).containsExactly("20000-20fff dev @0");
    }

    @Test
    void disablingTheAliasHidesOnlyThatWindow() {
        var dev = io("dev", 0x1000);
        var a = sys.initAlias(null, "a", dev, 0, 0x1000);
        var b = sys.initAlias(null, "b", dev, 0, 0x1000);
        root.addSubregion(0x1000, a);
        root.addSubregion(0x8000, b);

        a.setEnabled(false);

        assertThat(ViewText.of(as)).containsExactly("8000-8fff dev @0");
    }

    @Test
    void readonlyAliasMakesWhatItShowsReadonlyButNotTheTargetSeenDirectly() {
        var ram = sys.initRam(null, "ram", 0x1000);
        var ro = sys.initAlias(null, "ro", ram, 0, 0x1000);
        ro.setReadonly(true);
        root.addSubregion(0, ram);
        root.addSubregion(0x10000, ro);

        assertThat(ViewText.of(as)).containsExactly("0-fff ram @0", "10000-10fff ram @0 ro");
        assertThat(ro.typeName()).isEqualTo("ram");
    }

    @Test
    void nonvolatileAliasMakesWhatItShowsNonvolatile() {
        var mem = sys.initRam(null, "nvmem0", 0x1000);
        var nvdimm = sys.initAlias(null, "nvdimm-memory", mem, 0, 0x1000);
        nvdimm.setNonvolatile(true);
        root.addSubregion(0x100000, nvdimm);
        marker();

        assertThat(ViewText.of(as)).containsExactly("0-f marker @0", "100000-100fff nvmem0 @0 nv");
    }

    @Test
    void adjacentAliasesThatContinueEachOtherMergeIntoOneRange() {
        // ram-below-4g + kvmvapic-rom → one pc.ram range (RENDER-RULES §4.6)
        var ram = sys.initRam(null, "pc.ram", 0x4000);
        root.addSubregion(0, sys.initAlias(null, "ram-below-4g", ram, 0, 0x2000));
        root.addSubregion(0x2000, sys.initAlias(null, "kvmvapic-rom", ram, 0x2000, 0x1000));

        assertThat(ViewText.of(as)).containsExactly("0-2fff pc.ram @0");
    }

    @Test
    void adjacentAliasesWithAGapInOffsetsStaySeparate() {
        var ram = sys.initRam(null, "ram", 0x4000);
        root.addSubregion(0, sys.initAlias(null, "a", ram, 0, 0x1000));
        root.addSubregion(0x1000, sys.initAlias(null, "b", ram, 0x2000, 0x1000));

        assertThat(ViewText.of(as)).containsExactly("0-fff ram @0", "1000-1fff ram @2000");
    }

    @Test
    void aliasesOfTheLastAndFirstBytesOfAWholeSpaceRegionDoNotMerge() {
        // Offsets 2^64-16 .. 2^64-1 followed by offsets 0 .. 15 of the same region are not
        // contiguous, although the 64-bit sum of offset and size wraps around to 0.
        var all = io("all", MemoryRegion.SIZE_2_64);
        root.addSubregion(0x1000, sys.initAlias(null, "tail", all, -0x10L, 0x10));
        root.addSubregion(0x1010, sys.initAlias(null, "head", all, 0, 0x10));

        assertThat(ViewText.of(as)).containsExactly("1000-100f all @fffffffffffffff0", "1010-101f all @0");
    }

    @Test
    void aliasIsNeverTerminal() {
        var alias = sys.initAlias(null, "a", io("dev", 0x10), 0, 0x10);

        assertThat(alias.isTerminal()).isFalse();
        assertThat(alias.typeName()).isEqualTo("i/o");
    }

    @Test
    void subregionsOfAnAliasAreIgnored() {
        var dev = io("dev", 0x1000);
        var alias = sys.initAlias(null, "a", dev, 0, 0x1000);
        alias.addSubregionOverlap(0, io("ignored", 0x10), 10);
        root.addSubregion(0x1000, alias);
        marker();

        assertThat(ViewText.of(as)).containsExactly("0-f marker @0", "1000-1fff dev @0");
    }
}
