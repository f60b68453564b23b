package dev.physmem.cli;

import dev.physmem.inspect.Explainer;
import dev.physmem.inspect.ExplanationFormatter;
import dev.physmem.space.AddressSpace;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code physmem explain ADDR}: which region answers an address, and why. */
@Command(
        name = "explain",
        mixinStandardHelpOptions = true,
        description = {
            "Explain which region answers an address, and why.",
            "Every candidate region from the root "
                    + "down, with priorities, aliases followed (and their offsets), disabled or shadowed ones "
                    + "marked, and the region and offset that answer."
        },
        footer = {
            "",
            "Examples:",
            "  physmem explain 0xa0000                 the VGA hole of the pc machine",
            "  physmem explain 0x71 --as I/O           a port of the RTC",
            "  physmem explain 0xfffffff0 --from-qemu mtree-o-D.txt"
        })
final class ExplainCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private MapSource source;

    @Parameters(index = "0", paramLabel = "ADDR", converter = AddressConverter.class,
            description = "The address: hexadecimal with 0x, or decimal.")
    private long address;

    @Option(names = "--as", paramLabel = "NAME", defaultValue = "memory",
            description = "The address space (default: ${DEFAULT-VALUE}).")
    private String space;

    @Override
    public Integer call() throws Exception {
        MapSource.Loaded map = source.load();
        AddressSpace as = AddressSpaces.find(map.system(), space);
        spec.commandLine().getOut().print(ExplanationFormatter.format(as.name(), Explainer.explain(as, address)));
        return ExitCodes.OK;
    }
}
