package dev.physmem.cli;

import dev.physmem.cli.view.MapPage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code physmem view}: the memory map as one self-contained HTML page, for a browser. */
@Command(
        name = "view",
        mixinStandardHelpOptions = true,
        description = {
            "Write a self-contained HTML picture of a memory map.",
            "It draws each flat view as a zoomable address bar "
                    + "(wheel to zoom, drag to pan, hover a range to see why it answers there) "
                    + "beside the region trees of its address spaces. The page loads nothing."
        },
        footer = {
            "",
            "Examples:",
            "  physmem view -o pc.html             the built-in pc machine (512 MiB)",
            "  physmem view -m 4G -o pc-4g.html    RAM split below and above 4 GiB",
            "  physmem view --from-qemu mtree-o-D.txt --hints hints.txt -o qemu.html",
            "  physmem view -o - > pc.html         the page on standard output"
        })
final class ViewCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private MapSource source;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE.html",
            description = "Where to write the page; - for standard output.")
    private Path output;

    @Option(names = "--title", paramLabel = "TEXT", description = "The page's title (default: names the map).")
    private String title;

    @Override
    public Integer call() throws Exception {
        MapSource.Loaded map = source.load();
        String page = MapPage.render(map.system(), title != null ? title : "physmem view: " + source.describe());
        var out = spec.commandLine().getOut();
        if (output.toString().equals("-")) {
            out.print(page);
        } else {
            Files.writeString(output, page, StandardCharsets.UTF_8);
            out.println("wrote " + output);
        }
        return ExitCodes.OK;
    }
}
