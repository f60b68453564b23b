package dev.physmem.cli.view;

import static org.assertj.core.api.Assertions.assertThat;

import dev.physmem.MemorySystem;
import dev.physmem.cli.view.MapModel.Alias;
import dev.physmem.cli.view.MapModel.Node;
import dev.physmem.cli.view.MapModel.Tree;
import dev.physmem.region.ContainerRegion;
import dev.physmem.region.MemoryRegion;
import dev.physmem.region.RamRegion;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Tree shapes one by one; {@link MapModelGoldenTest} holds the trees against QEMU's own output. */
class RegionTreeModelTest {
    private final MemorySystem system = new MemorySystem();
    private final ContainerRegion root = system.initContainer(null, "root", MemoryRegion.SIZE_2_64);

    @Test
    void childrenAreOrderedByStartThenHigherPriorityFirst() {
        root.addSubregion(0x2000, system.initRam(null, "b", 0x1000));
        root.addSubregionOverlap(0x1000, system.initRam(null, "low", 0x1000), -1);
        root.addSubregionOverlap(0x1000, system.initRam(null, "high", 0x1000), 2);
        root.addSubregion(0x1000, system.initRam(null, "first-added", 0x1000));
        root.addSubregion(0x1000, system.initRam(null, "last-added", 0x1000));

        Node node = RegionTreeModel.node(root, 0);

        assertThat(node.children()).extracting(Node::name)
                .containsExactly("high", "last-added", "first-added", "low", "b");
    }

    @Test
    void addressesAreAbsoluteDownThePathAndAWholeSpaceEndsAtTheTop() {
        ContainerRegion bus = system.initContainer(null, "bus", 0x10_0000);
        bus.addSubregion(0x300, system.initRam(null, "dev", 0x100));
        root.addSubregion(0xfe00_0000L, bus);

        Node node = RegionTreeModel.node(root, 0);

        assertThat(node.last()).isEqualTo("ffffffffffffffff");
        Node dev = node.children().getFirst().children().getFirst();
        assertThat(dev.start()).isEqualTo("00000000fe000300");
        assertThat(dev.last()).isEqualTo("00000000fe0003ff");
    }

    @Test
    void aliasNamesItsTargetAndWindowAndTheFinalType() {
        RamRegion ram = system.initRam(null, "pc.ram", 0x10_0000);
        var window = system.initAlias(null, "pam-rom", ram, 0xc_0000, 0x4000);
        window.setReadonly(true);
        root.addSubregionOverlap(0xc_0000, window, 1);

        Node alias = RegionTreeModel.node(root, 0).children().getFirst();

        assertThat(alias.alias()).isEqualTo(new Alias("pc.ram", "00000000000c0000", "00000000000c3fff"));
        assertThat(alias.type()).as("the tree prints the target's type, as QEMU does").isEqualTo("ram");
        assertThat(alias.children()).isEmpty();
    }

    @Test
    void disabledRegionIsMarkedAndKeepsItsChildren() {
        ContainerRegion pm = system.initContainer(null, "piix4-pm", 0x40);
        pm.addSubregion(4, system.initRam(null, "acpi-cnt", 2));
        root.addSubregion(0, pm);
        pm.setEnabled(false);

        Node node = RegionTreeModel.node(root, 0).children().getFirst();

        assertThat(node.disabled()).isTrue();
        assertThat(node.children()).singleElement().satisfies(child -> {
            assertThat(child.disabled()).isFalse();
            assertThat(child.start()).isEqualTo("0000000000000004");
        });
    }

    @Test
    void emptyRegionEndsWhereItStartsAndNonVolatileIsPrefixed() {
        root.addSubregion(0x8000, system.initContainer(null, "closed window", 0));
        RamRegion nv = system.initRam(null, "nvmem0", 0x1000);
        nv.setNonvolatile(true);
        root.addSubregion(0x1_0000, nv);

        Node node = RegionTreeModel.node(root, 0);

        assertThat(node.children()).extracting(Node::start, Node::last, Node::type).containsExactly(
                org.assertj.core.groups.Tuple.tuple("0000000000008000", "0000000000008000", "i/o"),
                org.assertj.core.groups.Tuple.tuple("0000000000010000", "0000000000010fff", "nv-ram"));
    }

    @Test
    void spaceNamesAreSortedAsInfoMtreeSortsThem() {
        Tree tree = RegionTreeModel.tree(root, List.of("memory", "cpu-memory-0", "I/O"));
        assertThat(tree.spaces()).containsExactly("I/O", "cpu-memory-0", "memory");
    }
}
