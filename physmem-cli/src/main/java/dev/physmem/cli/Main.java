package dev.physmem.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code physmem} command: one subcommand class per verb, writers injected so tests run it
 * in process, exit codes decided in {@link ExitCodes} alone.
 */
@Command(
        name = "physmem",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "QEMU's guest memory API on the JVM: build, inspect and compare memory maps.",
        subcommands = {MtreeCommand.class, ExplainCommand.class, LintCommand.class, DiffCommand.class,
            ViewCommand.class, MonitorCommand.class, MigrateCommand.class, CommandLine.HelpCommand.class},
        footer = {"", "Examples:", "  physmem mtree -f", "  physmem explain 0xa0000", "  physmem lint",
            "  physmem diff pc:512M pc:4G", "  physmem view -o pc.html", "  physmem monitor --machine q35",
            "  physmem mtree --from-qemu mtree-o-D.txt --hints hints.txt -f"})
public final class Main implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        System.exit(run(args, out, err));
    }

    /** Runs the command line with the given writers and returns the exit code. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler(ExitCodes::onException);
        cl.setParameterExceptionHandler(ExitCodes::onUsageError);
        int code = cl.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The version from the jar manifest, or "development" when run from classes. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"physmem " + (v == null ? "development" : v)};
        }
    }
}
