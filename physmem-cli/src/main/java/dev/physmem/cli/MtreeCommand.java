package dev.physmem.cli;

import dev.physmem.mtree.MtreeOptions;
import dev.physmem.mtree.MtreePrinter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code physmem mtree}: QEMU's {@code info mtree}, byte for byte, for a built-in, board-file or imported map. */
@Command(
        name = "mtree",
        mixinStandardHelpOptions = true,
        description = {
            "Print the memory tree as QEMU 7.2's 'info mtree' does.",
            "Without -f: the region tree of every address space; with -f: the flat view of each."
        },
        footer = {
            "",
            "Examples:",
            "  physmem mtree                       tree of the built-in pc machine (512 MiB)",
            "  physmem mtree -f -m 4G              flat views, RAM split below/above 4 GiB",
            "  physmem mtree -f -d                 flat views and physmem's dispatch structure",
            "  physmem mtree --machine q35 -m 2G -f --firmware seabios",
            "                                      q35's flat views after SeaBIOS's POST",
            "  physmem mtree --machine pc+vga -f --firmware seabios",
            "                                      pc with QEMU's -device VGA, after SeaBIOS",
            "  physmem mtree --machine virt-aarch64 -o",
            "                                      QEMU's aarch64 virt (-cpu cortex-a57, 1 GiB)",
            "  physmem mtree --machine virt-riscv64 -f",
            "                                      QEMU's riscv64 virt (512 MiB)",
            "  physmem mtree --machine board.yaml  a machine of your own, from a board file",
            "  physmem mtree --from-qemu dump.txt --hints hints.txt -f -o",
            "                                      render a dump of QEMU's 'info mtree -o -D'"
        })
final class MtreeCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private MapSource source;

    @Option(names = "-f", description = "Dump the flat view of each address space.")
    private boolean flat;

    @Option(names = "-d", description = "With -f: dump the dispatch structure too.")
    private boolean dispatch;

    @Option(names = "-o", description = "Show region owners (or QOM parents).")
    private boolean owners;

    @Option(names = "-D", description = "Show disabled regions too (tree mode).")
    private boolean disabled;

    @Override
    public Integer call() throws Exception {
        MapSource.Loaded map = source.load();
        var options = new MtreeOptions(flat, dispatch, owners, disabled, map.accel());
        spec.commandLine().getOut().print(MtreePrinter.print(map.system(), options));
        return ExitCodes.OK;
    }

}
