package dev.physmem.cli.view;

import static org.assertj.core.api.Assertions.assertThat;

import dev.physmem.MemorySystem;
import dev.physmem.cli.view.MapModel.Node;
import dev.physmem.cli.view.MapModel.Range;
import dev.physmem.cli.view.MapModel.Space;
import dev.physmem.cli.view.MapModel.Tree;
import dev.physmem.cli.view.MapModel.View;
import dev.physmem.mtree.QemuMtreeImporter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The page's data against real QEMU 7.2: each captured machine state (physmem-core's test data,
 * {@code qemu-7.2/<machine>/<state>/}) is imported, and the model's region trees must read as
 * QEMU's {@code info mtree -D} address-space blocks, its views as QEMU's {@code info mtree -f}
 * blocks. Blocks compare as unordered collections: QEMU prints them in hash order.
 */
class MapModelGoldenTest {
    private static final Path CAPTURES =
            Path.of("..", "physmem-core", "src", "test", "resources", "qemu-7.2").toAbsolutePath().normalize();

    static Stream<Path> states() throws IOException {
        assertThat(CAPTURES).as("QEMU captures of physmem-core").isDirectory();
        try (Stream<Path> files = Files.find(CAPTURES, 3, (p, a) -> p.getFileName().toString().equals("mtree-o-D.txt"))) {
            return files.map(Path::getParent).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("states")
    void treesReadAsQemusInfoMtreeMinusD(Path state) throws IOException {
        MapModel model = MapModelBuilder.build(importState(state), "golden");

        List<List<String>> ours = new ArrayList<>();
        for (View view : model.views()) {
            for (Tree tree : view.trees()) {
                List<String> lines = new ArrayList<>();
                tree.spaces().forEach(name -> lines.add("address-space: " + name));
                treeLines(tree.root(), 0, lines);
                ours.add(lines);
            }
        }

        assertThat(ours).containsExactlyInAnyOrderElementsOf(qemuTreeBlocks(Files.readString(state.resolve("mtree-D.txt"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("states")
    void viewsReadAsQemusInfoMtreeMinusF(Path state) throws IOException {
        MapModel model = MapModelBuilder.build(importState(state), "golden");

        List<List<String>> ours = model.views().stream().map(MapModelGoldenTest::flatBlock).toList();

        assertThat(ours).containsExactlyInAnyOrderElementsOf(qemuFlatBlocks(Files.readString(state.resolve("mtree-f.txt"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("states")
    void pageOfACapturedMachineHoldsEveryRange(Path state) {
        MemorySystem system = importState(state);
        String html = MapPage.render(system, CAPTURES.relativize(state).toString());

        system.addressSpaces().forEach(as -> as.view().ranges().forEach(r -> assertThat(html)
                .contains("{\"start\":\"" + Hex.of(r.start()) + "\",\"last\":\"" + Hex.of(r.last()) + "\",\"region\":"
                        + Json.write(r.region().name()) + ",")));
    }

    private static MemorySystem importState(Path state) {
        try {
            return QemuMtreeImporter.importDump(state.resolve("mtree-o-D.txt"), state.resolve("hints.txt")).system();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A node and its subtree as {@code info mtree -D} lines. */
    private static void treeLines(Node n, int depth, List<String> out) {
        String body = n.alias() == null ? n.name()
                : "alias " + n.name() + " @" + n.alias().target() + " " + n.alias().start() + "-" + n.alias().last();
        out.add("  ".repeat(depth + 1) + n.start() + "-" + n.last() + " (prio " + n.prio() + ", " + n.type() + "): "
                + body + (n.disabled() ? " [disabled]" : ""));
        n.children().forEach(child -> treeLines(child, depth + 1, out));
    }

    /** A view as an {@code info mtree -f} block without its {@code FlatView #N} line. */
    private static List<String> flatBlock(View view) {
        List<String> lines = new ArrayList<>();
        for (Space space : view.spaces()) {
            lines.add(" AS \"" + space.name() + "\", root: " + space.root());
        }
        lines.add(" Root memory region: " + (view.root() == null ? "(none)" : view.root()));
        for (Range r : view.ranges()) {
            lines.add("  " + r.start() + "-" + r.last() + " (prio " + r.prio() + ", " + r.type() + "): " + r.region()
                    + (r.offset().equals(Hex.of(0)) ? "" : " @" + r.offset()));
        }
        if (view.ranges().isEmpty()) {
            lines.add("  No rendered FlatView");
        }
        return lines;
    }

    /** QEMU's {@code address-space:} blocks ({@code memory-region:} blocks left out). */
    private static List<List<String>> qemuTreeBlocks(String mtree) {
        return blocks(mtree).stream().filter(lines -> lines.getFirst().startsWith("address-space: ")).toList();
    }

    /** QEMU's {@code FlatView #N} blocks without their first line. */
    private static List<List<String>> qemuFlatBlocks(String mtree) {
        return blocks(mtree).stream().map(lines -> lines.subList(1, lines.size())).toList();
    }

    private static List<List<String>> blocks(String text) {
        return Stream.of(text.split("\n\n")).map(b -> b.lines().filter(l -> !l.isEmpty()).toList())
                .filter(b -> !b.isEmpty()).toList();
    }
}
