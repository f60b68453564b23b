package dev.physmem.cli.monitor;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;

/**
 * The monitor: reads command lines, runs them, prints what goes wrong, and goes on until end of
 * input or {@code quit}. QEMU counterpart: the HMP monitor ({@code handle_hmp_command}).
 *
 * <h2>Two ways in</h2>
 * <ul>
 *   <li>{@link #runInteractive}: a terminal, through JLine: the prompt {@value #PROMPT}, line
 *       editing, history (in memory; also in a file if one is given), tab completion
 *       ({@link MonitorCompleter}). Ctrl-C abandons the line; Ctrl-D on an empty line ends.
 *   <li>{@link #runPiped}: lines from a pipe or file, no prompt and no echo, so the output is
 *       only what the commands print.
 * </ul>
 *
 * <h2>Lines</h2>
 * As in QEMU: the command name runs to whitespace or {@code /} ({@code xp/4xw 0} works); a group
 * such as {@code info} takes the next word as its subcommand; the rest is the command's to parse.
 * An unknown name prints {@code unknown command: 'NAME'}; a line whose arguments do not parse
 * prints the error and {@code Try "help CMD" for more information}. Errors go to the error
 * writer, output to the output writer (both the terminal, interactively).
 *
 * <h2>Thread safety</h2>
 * None: one thread runs a monitor.
 * {@snippet :
 * var monitor = new Monitor(MonitorTarget.of(machine), out, err);
 * monitor.runPiped(new BufferedReader(new StringReader("pam 0xc0000 rw\nxp /4xw 0xc0000\n")));
 * }
 */
public final class Monitor {
    /** The interactive prompt, in the style of QEMU's {@code (qemu) }. */
    public static final String PROMPT = "(physmem) ";

    private final Session session;
    private final PrintWriter err;

    /** A monitor over {@code target}, printing output to {@code out} and errors to {@code err}. */
    public Monitor(MonitorTarget target, PrintWriter out, PrintWriter err) {
        this.session = new Session(target, out, commands());
        this.err = Objects.requireNonNull(err, "err");
    }

    /** The monitor's commands. */
    static CommandTable commands() {
        List<Command> all = new ArrayList<>(List.of(
                new InfoCommand(List.of(new InfoMtreeCommand(), new InfoRamblockCommand())),
                MemoryDumpCommand.physical(),
                MemoryDumpCommand.virtual()));
        all.addAll(StoreCommand.all());
        all.addAll(List.of(new ExplainAddressCommand(), new PamCommand(), new SmramCommand(), new BusMasterCommand(),
                new PciexbarCommand(), new HelpCommand(), new QuitCommand()));
        return new CommandTable(all);
    }

    /** The session the commands share. */
    public Session session() {
        return session;
    }

    /** A completer over this monitor's commands and map. */
    public MonitorCompleter completer() {
        return new MonitorCompleter(session);
    }

    /**
     * Runs one command line; errors are printed, never thrown.
     *
     * @return false once the session should end ({@code quit})
     */
    public boolean execute(String line) {
        try {
            dispatch(line);
        } finally {
            session.out().flush();
            err.flush();
        }
        return !session.quitRequested();
    }

    /**
     * Runs the lines of {@code in} until its end or {@code quit}, without prompting.
     *
     * @throws IOException if reading fails
     */
    public void runPiped(BufferedReader in) throws IOException {
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            if (!execute(line)) {
                return;
            }
        }
    }

    /**
     * Prompts for lines on {@code terminal} until end of input or {@code quit}. Output and errors
     * of this monitor should be the terminal's writer.
     *
     * @param historyFile where to keep the history across sessions, or null to keep it in memory
     * @throws IOException if the history file cannot be written
     */
    public void runInteractive(Terminal terminal, Path historyFile) throws IOException {
        LineReaderBuilder builder = LineReaderBuilder.builder()
                .terminal(terminal)
                .appName("physmem")
                .completer(completer())
                .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true);
        if (historyFile != null) {
            builder.variable(LineReader.HISTORY_FILE, historyFile);
        }
        LineReader reader = builder.build();
        try {
            while (true) {
                String line;
                try {
                    line = reader.readLine(PROMPT);
                } catch (UserInterruptException e) {
                    continue;
                } catch (EndOfFileException e) {
                    return;
                }
                if (!execute(line)) {
                    return;
                }
            }
        } finally {
            if (historyFile != null) {
                reader.getHistory().save();
            }
        }
    }

    private void dispatch(String line) {
        int start = skipSpaces(line, 0);
        if (start == line.length()) {
            return;
        }
        int end = nameEnd(line, start);
        Optional<Command> found = session.commands().find(line.substring(start, end));
        if (found.isEmpty()) {
            err.print("unknown command: '" + line.substring(0, end) + "'\n");
            return;
        }
        Command command = found.get();
        int next = skipSpaces(line, end);
        if (command instanceof CommandGroup group && next < line.length()) {
            end = nameEnd(line, next);
            found = group.subcommands().find(line.substring(next, end));
            if (found.isEmpty()) {
                err.print("unknown command: '" + line.substring(0, end) + "'\n");
                return;
            }
            command = found.get();
        }
        run(command, line.substring(0, end), new Args(line.substring(end)));
    }

    /** Runs {@code command}; {@code typed} is the line up to the end of its name, for messages. */
    private void run(Command command, String typed, Args args) {
        try {
            command.run(session, args);
        } catch (ArgumentException e) {
            err.print(e.getMessage() + "\n");
            err.print("Try \"help " + typed.stripTrailing() + "\" for more information\n");
        } catch (CommandException e) {
            err.print(e.getMessage() + "\n");
        } catch (IllegalArgumentException | IllegalStateException e) {
            err.print(command.name() + ": " + e.getMessage() + "\n");
        } catch (RuntimeException e) {
            err.print("internal error in '" + typed.strip() + "': " + e + "\n");
            e.printStackTrace(err);
        }
    }

    /** Where a command name that starts at {@code from} ends: at whitespace or {@code /}. */
    private static int nameEnd(String line, int from) {
        int i = from;
        while (i < line.length() && line.charAt(i) != '/' && !Character.isWhitespace(line.charAt(i))) {
            i++;
        }
        return i;
    }

    private static int skipSpaces(String line, int from) {
        int i = from;
        while (i < line.length() && Character.isWhitespace(line.charAt(i))) {
            i++;
        }
        return i;
    }
}
