package dev.physmem.models;

import dev.physmem.mtree.MtreeOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Test helper: the QEMU 7.2 captures checked in with physmem-core's tests (and, for files that
 * set lacks, the ones in this module's {@code qemu-7.2-local}, taken the same way from the same
 * QEMU build: see the README there), the {@code info mtree} modes each capture holds, and the
 * comparison their README prescribes: split at empty lines, drop the {@code FlatView #N}
 * numbers, compare the blocks as an unordered collection.
 */
public final class QemuCaptures {
    private static final Path ROOT = Path.of("../physmem-core/src/test/resources/qemu-7.2");
    private static final Path LOCAL_ROOT = Path.of("src/test/resources/qemu-7.2-local");

    /** The tree and flat-view captures, whose every byte a model must reproduce. */
    public static final List<String> FILES = List.of(
            "mtree.txt", "mtree-o.txt", "mtree-D.txt", "mtree-o-D.txt", "mtree-f.txt", "mtree-f-o.txt");

    /**
     * The flat-view captures with {@code -d}: QEMU's dispatch sections dump its own radix tree, so
     * only the rest of each block is compared ({@link #withoutDispatch}).
     */
    public static final List<String> DISPATCH_FILES = List.of("mtree-f-d.txt", "mtree-f-d-o.txt");

    private QemuCaptures() {
    }

    /**
     * The printer's options for the capture {@code file}, read from its name: {@code mtree} then
     * the flags {@code -f}, {@code -d}, {@code -o}, {@code -D} it was taken with
     * ({@code mtree-f-d-o.txt} is {@code info mtree -f -d -o}).
     */
    public static MtreeOptions options(String file) {
        List<String> flags = List.of(file.replaceFirst("\\.txt$", "").split("-"));
        MtreeOptions options = flags.contains("f") ? MtreeOptions.flatView() : MtreeOptions.tree();
        for (String flag : flags) {
            options = switch (flag) {
                case "d" -> options.withDispatch();
                case "o" -> options.withOwners();
                case "D" -> options.withDisabled();
                default -> options;
            };
        }
        return options;
    }

    /** The text of {@code <machine>/<state>/<file>}. */
    public static String read(String machine, String state, String file) {
        Path path = ROOT.resolve(machine).resolve(state).resolve(file);
        if (!Files.exists(path)) {
            path = LOCAL_ROOT.resolve(machine).resolve(state).resolve(file);
        }
        try {
            return Files.readString(path);
        } catch (IOException e) {
            throw new UncheckedIOException("capture not readable: path=" + path, e);
        }
    }

    /** The blocks of an {@code info mtree} output, FlatView numbers dropped, sorted. */
    public static List<String> blocks(String output) {
        return Arrays.stream(output.split("\n\n"))
                .filter(block -> !block.isEmpty())
                .map(block -> block.replaceFirst("^FlatView #\\d+\n", ""))
                .sorted()
                .toList();
    }

    /** {@code output} with every {@code -d} section (from {@code "  Dispatch"} to its block's end) removed. */
    public static String withoutDispatch(String output) {
        return output.replaceAll("(?m)^  Dispatch\n(.+\n)*", "");
    }
}
