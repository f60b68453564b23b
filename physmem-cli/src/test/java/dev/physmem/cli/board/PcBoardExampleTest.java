package dev.physmem.cli.board;

import static org.assertj.core.api.Assertions.assertThat;

import dev.physmem.MemorySystem;
import dev.physmem.mtree.MtreeOptions;
import dev.physmem.mtree.MtreePrinter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A real machine written as a board file: examples/pc-i440fx.yaml prints what QEMU 7.2 printed
 * for {@code -M pc -m 512} at reset. The captures are compared as QEMU's README says: blocks
 * split at empty lines, as an unordered collection, FlatView numbers dropped.
 */
class PcBoardExampleTest {
    private static final Path BOARD = Path.of("..", "examples", "pc-i440fx.yaml");
    private static final Path CAPTURES = Path.of("..", "physmem-core", "src", "test", "resources", "qemu-7.2",
            "x86_64-pc", "reset");
    private static MemorySystem system;

    @BeforeAll
    static void load() throws Exception {
        system = BoardLoader.load(BOARD);
    }

    private static List<String> blocks(String output) {
        return Arrays.stream(output.split("\n\n"))
                .filter(b -> !b.isBlank())
                .map(b -> b.replaceFirst("^FlatView #\\d+", "FlatView #N"))
                .sorted()
                .toList();
    }

    private static void assertPrintsLikeQemu(MtreeOptions options, String capture) throws Exception {
        String qemu = Files.readString(CAPTURES.resolve(capture));
        assertThat(blocks(MtreePrinter.print(system, options))).isEqualTo(blocks(qemu));
    }

    @Test
    void treeWithOwnersAndDisabledRegionsIsQemus() throws Exception {
        assertPrintsLikeQemu(MtreeOptions.tree().withOwners().withDisabled(), "mtree-o-D.txt");
    }

    @Test
    void plainTreeIsQemus() throws Exception {
        assertPrintsLikeQemu(MtreeOptions.tree(), "mtree.txt");
    }

    @Test
    void flatViewsAreQemus() throws Exception {
        assertPrintsLikeQemu(MtreeOptions.flatView().withOwners(), "mtree-f-o.txt");
    }
}
