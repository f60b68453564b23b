package dev.physmem.cli.monitor;

import java.io.PrintWriter;
import java.util.Objects;

/**
 * The state of one monitor session that commands share: the map worked on, where output goes, the
 * command table (for {@code help}), the {@code x}/{@code xp} format defaults, and whether
 * {@code quit} was given. QEMU counterpart: {@code MonitorHMP} with its {@code default_fmt_*}.
 *
 * <h2>Thread safety</h2>
 * None: a session runs its commands one at a time on one thread.
 */
public final class Session {
    private final MonitorTarget target;
    private final PrintWriter out;
    private final CommandTable commands;
    private DumpFormat dumpDefaults = DumpFormat.INITIAL;
    private boolean quitRequested;

    Session(MonitorTarget target, PrintWriter out, CommandTable commands) {
        this.target = Objects.requireNonNull(target, "target");
        this.out = Objects.requireNonNull(out, "out");
        this.commands = Objects.requireNonNull(commands, "commands");
    }

    /** The map the commands work on. */
    public MonitorTarget target() {
        return target;
    }

    /** Where commands print their output. */
    public PrintWriter out() {
        return out;
    }

    /** The top-level commands. */
    public CommandTable commands() {
        return commands;
    }

    /** The format and size a {@code /fmt} that leaves them out takes. */
    DumpFormat dumpDefaults() {
        return dumpDefaults;
    }

    /** Remembers {@code used}'s format and size as the defaults for the next dump. */
    void rememberDumpFormat(DumpFormat used) {
        dumpDefaults = new DumpFormat(1, used.format(), used.size());
    }

    /** Asks the monitor to stop after this command. */
    void requestQuit() {
        quitRequested = true;
    }

    /** Whether {@code quit} was given. */
    public boolean quitRequested() {
        return quitRequested;
    }
}
