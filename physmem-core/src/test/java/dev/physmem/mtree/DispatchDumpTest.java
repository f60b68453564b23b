package dev.physmem.mtree;

import static org.assertj.core.api.Assertions.assertThat;

import dev.physmem.MemorySystem;
import dev.physmem.region.ContainerRegion;
import dev.physmem.region.MemoryRegion;
import dev.physmem.region.MemoryRegionOps;
import java.util.List;
import org.junit.jupiter.api.Test;

class DispatchDumpTest {
    private static final MemoryRegionOps OPS = MemoryRegionOps.of((o, s) -> 0, (o, v, s) -> {});

    private final MemorySystem sys = new MemorySystem();
    private final ContainerRegion system = sys.initContainer(null, "system", MemoryRegion.SIZE_2_64);

    private String print(MtreeOptions options) {
        return MtreePrinter.print(sys, options);
    }

    @Test
    void dispatchSectionListsSectionsInTreeOrderThenTheNodes() {
        var io = sys.initIo(null, OPS, "io", 0x10000);
        var pic = sys.initIo(null, OPS, "pic", 2);
        io.addSubregion(0x20, pic);
        sys.addressSpace(io, "I/O");
        var empty = sys.initContainer(null, "bus master container", MemoryRegion.SIZE_2_64);
        sys.addressSpace(empty, "e1000");

        assertThat(print(MtreeOptions.flatView().withDispatch())).isEqualTo("""
                FlatView #0
                 AS "I/O", root: io
                 Root memory region: io
                  0000000000000000-000000000000001f (prio 0, i/o): io
                  0000000000000020-0000000000000021 (prio 0, i/o): pic
                  0000000000000022-000000000000ffff (prio 0, i/o): io @0000000000000022
                  Dispatch
                    Physical sections
                      #0 @0000000000000000..ffffffffffffffff (noname) [unassigned]
                      #1 @0000000000000000..0000000000000fff (noname)
                      #2 @0000000000000000..000000000000001f io [ROOT]
                      #3 @0000000000000020..0000000000000021 pic
                      #4 @0000000000000022..0000000000000fff io [ROOT]
                      #5 @0000000000000022..000000000000ffff io [ROOT]
                    Nodes (6 bits per level, 9 levels) ptr=[0] skip=9
                      [0]
                \t  0       skip=0  ptr=#1
                \t  1..15   skip=0  ptr=#5
                \t 16..63   skip=1  ptr=NIL

                FlatView #1
                 AS "e1000", root: bus master container
                 Root memory region: (none)
                  No rendered FlatView

                """);
    }

    @Test
    void dispatchSectionLinesFollowQemusFormat() {
        var ram = sys.initRam(null, "pc.ram", 0x100000);
        system.addSubregion(0, ram);
        system.addSubregion(0xfec00000L, sys.initIo(null, OPS, "ioapic", 0x1000));
        sys.addressSpace(system, "memory");

        String dump = print(MtreeOptions.flatView().withDispatch().withOwners());
        List<String> sections = dump.lines().dropWhile(l -> !l.equals("    Physical sections")).skip(1)
                .takeWhile(l -> l.startsWith("      #")).toList();

        assertThat(sections).hasSize(3).allMatch(l -> l.matches("      #\\d+ @[0-9a-f]{16}\\.\\.[0-9a-f]{16} \\S.*"));
        assertThat(sections).noneMatch(l -> l.contains("owner:"));
    }

    @Test
    void nodesShowTheRootLevelSkipsAndLeavesHighInTheTree() {
        system.addSubregion(0, sys.initRam(null, "pc.ram", 0x100000));
        system.addSubregion(0xfec00000L, sys.initIo(null, OPS, "ioapic", 0x1000));
        sys.addressSpace(system, "memory");

        String dump = print(MtreeOptions.flatView().withDispatch());

        // Level 3 indexes address bits 30-35: pc.ram and the lone ioapic page are leaves in it.
        assertThat(dump).contains("""
                    Nodes (6 bits per level, 9 levels) ptr=[0] skip=6
                      [0]
                \t  0       skip=0  ptr=#1
                \t  1..2    skip=1  ptr=NIL
                \t  3       skip=0  ptr=#2
                \t  4..63   skip=1  ptr=NIL
                """);
    }

    @Test
    void aViewThatIsOneRangeHasALeafRootAndLookupsLeaveTheDumpUnchanged() {
        var io = sys.initIo(null, OPS, "unassigned", MemoryRegion.SIZE_2_64);
        var as = sys.addressSpace(io, "I/O");
        String before = print(MtreeOptions.flatView().withDispatch());
        assertThat(as.view().lookup(0x1234)).isNotNull();

        assertThat(print(MtreeOptions.flatView().withDispatch())).isEqualTo(before).contains("""
                  Dispatch
                    Physical sections
                      #0 @0000000000000000..ffffffffffffffff (noname) [unassigned]
                      #1 @0000000000000000..ffffffffffffffff unassigned [ROOT]
                    Nodes (6 bits per level, 9 levels) ptr=#1 skip=0

                """);
    }

    @Test
    void iommuSectionsAreMarkedAfterRoot() {
        var io = sys.initIo(null, OPS, "io", 0x10000);
        var bus = sys.initContainer(null, "bus", MemoryRegion.SIZE_2_64);
        var dmar = sys.initIommu(null, (addr, flag, idx) -> {
            throw new AssertionError("printing must not translate");
        }, "dmar", 0x100000);
        bus.addSubregion(0x100000, dmar);
        bus.addSubregion(0, io);
        sys.addressSpace(bus, "pci");
        // A root contributes its own offset: this view shows dmar at 0x100000 too.
        sys.addressSpace(dmar, "dmar-root").view().lookup(0x100010);

        String dump = print(MtreeOptions.flatView().withDispatch());
        assertThat(dump).contains("""
                      #1 @0000000000000000..000000000000ffff io
                      #2 @0000000000100000..00000000001fffff dmar [iommu]
                """);
        assertThat(dump).contains("      #1 @0000000000100000..00000000001fffff dmar [ROOT] [iommu]\n");
    }
}
