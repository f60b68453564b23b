package dev.physmem.cli;

import dev.physmem.inspect.LintFinding;
import dev.physmem.inspect.Linter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code physmem lint}: the memory-map mistakes QEMU accepts silently. */
@Command(
        name = "lint",
        mixinStandardHelpOptions = true,
        description = {
            "Report the memory-map mistakes QEMU accepts silently.",
            "Regions completely hidden by others, equal-priority overlaps between siblings, "
                    + "aliases reaching past their target, zero-size regions and regions no address space "
                    + "reaches. Exit status 0 when clean, " + ExitCodes.FINDINGS + " when there are findings."
        },
        footer = {"", "Examples:", "  physmem lint", "  physmem lint --from-qemu mtree-o-D.txt --hints hints.txt"})
final class LintCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private MapSource source;

    @Override
    public Integer call() throws Exception {
        List<LintFinding> findings = Linter.lint(source.load().system());
        var out = spec.commandLine().getOut();
        for (LintFinding f : findings) {
            out.println(f);
        }
        out.println(findings.size() + (findings.size() == 1 ? " finding" : " findings"));
        return findings.isEmpty() ? ExitCodes.OK : ExitCodes.FINDINGS;
    }
}
