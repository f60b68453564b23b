package dev.physmem.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Runs the CLI in process and keeps what it printed. */
record CliRunner(int exitCode, String out, String err) {

    /** The real QEMU 7.2 captures, kept as test data by physmem-core. */
    static final Path GOLDEN = Path.of("..", "physmem-core", "src", "test", "resources", "qemu-7.2");

    static CliRunner run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out), new PrintWriter(err));
        return new CliRunner(code, out.toString(), err.toString());
    }

    /** Output blocks (split at empty lines) with FlatView numbers dropped, sorted: QEMU's order varies. */
    static List<String> blocks(String text) {
        List<String> blocks = new ArrayList<>();
        for (String b : text.split("\n\n")) {
            if (!b.isBlank()) {
                blocks.add(b.replaceFirst("^FlatView #\\d+\n", "FlatView\n").strip());
            }
        }
        String[] sorted = blocks.toArray(String[]::new);
        Arrays.sort(sorted);
        return List.of(sorted);
    }
}
