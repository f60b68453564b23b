package dev.physmem.cli;

import dev.physmem.inspect.FlatViewDiff;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code physmem diff A B}: two maps compared flat view by flat view. */
@Command(
        name = "diff",
        mixinStandardHelpOptions = true,
        description = {
            "Compare two memory maps flat view by flat view.",
            "Ranges added (+), removed (-) and "
                    + "changed (~). A map is a built-in machine (NAME[:RAMSIZE][+vga][+FIRMWARE]), a board file "
                    + "(FILE.yaml, docs/BOARD-FORMAT.md) or a QEMU 'info mtree -o -D' dump (hints are read "
                    + "from hints.txt beside it). "
                    + "Exit status 0 when the maps are equal, " + ExitCodes.FINDINGS + " when they differ."
        },
        footer = {"", "Examples:", "  physmem diff pc:512M pc:4G", "  physmem diff q35:2G q35:2G+seabios",
            "  physmem diff pc+seabios pc+vga+seabios",
            "  physmem diff pc reset/mtree-o-D.txt", "  physmem diff my-board.yaml my-board-rev2.yaml"})
final class DiffCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "A", description = "The first map.")
    private String first;

    @Parameters(index = "1", paramLabel = "B", description = "The second map.")
    private String second;

    @Override
    public Integer call() throws Exception {
        var a = Machines.load(first).system().addressSpaces();
        var b = Machines.load(second).system().addressSpaces();
        var diffs = FlatViewDiff.diff(a, b);
        String text = FlatViewDiff.format(diffs);
        spec.commandLine().getOut().print(text);
        boolean same = diffs.stream().allMatch(d -> d.presence() == FlatViewDiff.Presence.BOTH && d.changes().isEmpty());
        return same ? ExitCodes.OK : ExitCodes.FINDINGS;
    }
}
