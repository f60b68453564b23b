package dev.physmem.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.physmem.MemorySystem;
import dev.physmem.inspect.FlatViewDiff.Change;
import dev.physmem.inspect.FlatViewDiff.Kind;
import dev.physmem.inspect.FlatViewDiff.Presence;
import dev.physmem.region.ContainerRegion;
import dev.physmem.region.MemoryRegion;
import dev.physmem.region.MemoryRegionOps;
import dev.physmem.space.AddressSpace;
import java.util.List;
import org.junit.jupiter.api.Test;

class FlatViewDiffTest {
    private final MemoryRegionOps ops = MemoryRegionOps.of((o, s) -> 0, (o, v, s) -> {});

    /** A map with RAM at 0 of {@code ramSize} bytes and a device at {@code devAt}. */
    private AddressSpace map(long ramSize, long devAt) {
        MemorySystem sys = new MemorySystem();
        ContainerRegion root = sys.initContainer(null, "system", MemoryRegion.SIZE_2_64);
        root.addSubregion(0, sys.initRam(null, "ram", ramSize));
        root.addSubregion(devAt, sys.initIo(null, ops, "dev", 0x1000));
        return sys.addressSpace(root, "memory");
    }

    @Test
    void identicalMapsHaveNoChanges() {
        assertThat(FlatViewDiff.diff(map(0x10000, 0x100000).view(), map(0x10000, 0x100000).view())).isEmpty();
        assertThat(FlatViewDiff.format(FlatViewDiff.diff(List.of(map(0x1000, 0x10000)), List.of(map(0x1000, 0x10000)))))
                .isEqualTo("no differences\n");
    }

    @Test
    void grownRamIsAddedAndMovedDeviceIsRemovedAndAdded() {
        List<Change> changes = FlatViewDiff.diff(map(0x10000, 0x100000).view(), map(0x20000, 0x200000).view());
        assertThat(changes).extracting(Change::kind, Change::start, Change::last).containsExactly(
                org.assertj.core.groups.Tuple.tuple(Kind.ADDED, 0x10000L, 0x1ffffL),
                org.assertj.core.groups.Tuple.tuple(Kind.REMOVED, 0x100000L, 0x100fffL),
                org.assertj.core.groups.Tuple.tuple(Kind.ADDED, 0x200000L, 0x200fffL));
        assertThat(changes.getFirst().after().offset()).isEqualTo(0x10000L);
    }

    @Test
    void deviceReplacingRamIsAChange() {
        List<Change> changes = FlatViewDiff.diff(map(0x20000, 0x100000).view(), map(0x20000, 0x8000).view());
        assertThat(changes).hasSize(2).first().satisfies(c -> {
            assertThat(c.kind()).isEqualTo(Kind.CHANGED);
            assertThat(c.start()).isEqualTo(0x8000L);
            assertThat(c.last()).isEqualTo(0x8fffL);
            assertThat(c.before().region()).isEqualTo("ram");
            assertThat(c.after().region()).isEqualTo("dev");
        });
        assertThat(changes.get(1).kind()).as("the device left 0x100000").isEqualTo(Kind.REMOVED);
    }

    @Test
    void addressSpacesArePairedByNameAndUnpairedOnesReportedWhole() {
        AddressSpace a = map(0x1000, 0x10000);
        MemorySystem other = new MemorySystem();
        AddressSpace io = other.addressSpace(other.initIo(null, ops, "io", 0x10000), "I/O");
        var diffs = FlatViewDiff.diff(List.of(a), List.of(io));
        assertThat(diffs).extracting(FlatViewDiff.SpaceDiff::name, FlatViewDiff.SpaceDiff::presence)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("memory", Presence.ONLY_FIRST),
                        org.assertj.core.groups.Tuple.tuple("I/O", Presence.ONLY_SECOND));
        assertThat(FlatViewDiff.format(diffs)).contains("address-space: I/O (only in the second map)")
                .contains("  + 0000000000000000-000000000000ffff io (i/o)");
    }

    @Test
    void rangeReachingTheTopOfTheSpaceIsCompared() {
        MemorySystem sys = new MemorySystem();
        AddressSpace whole = sys.addressSpace(sys.initIo(null, ops, "all", MemoryRegion.SIZE_2_64), "memory");
        List<Change> changes = FlatViewDiff.diff(map(0x1000, 0x10000).view(), whole.view());
        assertThat(changes.getLast().last()).isEqualTo(-1L);
        assertThat(changes.getLast().after().region()).isEqualTo("all");
    }
}
