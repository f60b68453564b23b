package dev.physmem.cli;

import dev.physmem.cli.board.BoardFormatException;
import dev.physmem.cli.monitor.Monitor;
import dev.physmem.cli.monitor.MonitorTarget;
import dev.physmem.models.x86.X86Machine;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code physmem monitor}: an interactive monitor over one map, in the spirit of QEMU's HMP
 * ({@code info mtree}, {@code xp}, stores, {@code explain}, and the chipset's PAM, SMRAM, bus
 * mastering and PCIEXBAR). On a terminal it prompts, with history and completion; from a pipe it
 * runs the lines it reads and prints only their output. Exit status 0 at end of input or
 * {@code quit}: a command's error is printed and the monitor goes on.
 */
@Command(
        name = "monitor",
        mixinStandardHelpOptions = true,
        description = {
            "Run an interactive monitor in the style of QEMU's HMP.",
            "Commands: 'info mtree', 'xp /4xw 0xffff0', stores "
                    + "(stb/stw/stl/stq), 'explain', and the chipset of a built-in machine ('pam 0xc0000 rw', "
                    + "'smram open', 'busmaster PIIX3 on', 'pciexbar 0xe0000000' on q35), each change shown as "
                    + "a flat-view diff. Type 'help' inside. Reads commands from standard input when it is not "
                    + "a terminal, and stops at its end or at 'quit'."
        },
        footer = {
            "",
            "Examples:",
            "  physmem monitor                            the pc machine, interactively",
            "  physmem monitor --machine q35 -m 2G --firmware seabios",
            "  echo 'info mtree -f' | physmem monitor     one command from a pipe",
            "  physmem monitor --machine my-board.yaml     a board file: no chipset commands",
            "  physmem monitor --history ~/.physmem_history"
        })
final class MonitorCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private MapSource source;

    @Option(names = "--history", paramLabel = "FILE",
            description = "Keep the command history in FILE across sessions (default: in memory only).")
    private Path historyFile;

    private final InputStream in;
    private final boolean forcePiped;

    /** The command as picocli makes it: standard input, interactive when it is a terminal. */
    MonitorCommand() {
        this(System.in, false);
    }

    /** For tests: commands from {@code in}, read as from a pipe. */
    MonitorCommand(InputStream in) {
        this(in, true);
    }

    private MonitorCommand(InputStream in, boolean forcePiped) {
        this.in = in;
        this.forcePiped = forcePiped;
    }

    @Override
    public Integer call() throws Exception {
        MonitorTarget target = target();
        if (!forcePiped && isTerminal()) {
            runOnTerminal(target);
        } else {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            new Monitor(target, out, err).runPiped(
                    new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)));
        }
        return ExitCodes.OK;
    }

    private void runOnTerminal(MonitorTarget target) throws IOException {
        try (Terminal terminal = TerminalBuilder.builder().system(true).build()) {
            PrintWriter tw = terminal.writer();
            tw.println("physmem monitor: " + target.description() + " - type 'help' for more information");
            tw.flush();
            new Monitor(target, tw, tw).runInteractive(terminal, historyFile);
        }
    }

    private static boolean isTerminal() {
        var console = System.console();
        return console != null && console.isTerminal();
    }

    /**
     * The map the options name. A built-in PC machine is built here rather than by
     * {@link MapSource#load()}, so that the monitor keeps its model and can program its chipset
     * (the {@code virt} machines have no chipset commands);
     * dumps and board files, which have no chipset model, go through {@code load()} with all of its
     * checks.
     */
    private MonitorTarget target() throws IOException, BoardFormatException {
        Machines.BuiltIn builtIn = source.dump == null && source.hints == null ? source.builtIn() : null;
        if (builtIn == null) {
            MapSource.Loaded loaded = source.load();
            String what = source.dump != null ? "the QEMU dump " + source.dump.getFileName()
                    : "the board file " + Path.of(source.machine).getFileName();
            return MonitorTarget.withoutModel(loaded.system(), loaded.accel(), what);
        }
        if (!builtIn.name().isX86()) {
            return MonitorTarget.withoutModel(builtIn.buildSystem(), null, source.describe());
        }
        X86Machine machine = builtIn.build();
        return new MonitorTarget(machine.system(), null, machine, source.describe());
    }
}
