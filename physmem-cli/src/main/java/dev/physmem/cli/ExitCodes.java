package dev.physmem.cli;

import dev.physmem.cli.board.BoardFormatException;
import dev.physmem.host.HostMemoryException;
import dev.physmem.migration.MigrationStreamException;
import dev.physmem.mtree.MtreeFormatException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import picocli.CommandLine;

/**
 * The one place that maps failures to exit codes and messages on stderr.
 *
 * <ul>
 *   <li>0 success
 *   <li>6 the verb worked and found something: lint findings, maps that differ
 *   <li>2 usage error (unknown option, bad value)
 *   <li>3 bad input file (malformed dump, hints or board file; the message names the line; a
 *       migration stream that does not fit, naming the stream offset)
 *   <li>4 I/O error (file missing or unreadable)
 *   <li>5 host failure (memory could not be mapped)
 *   <li>1 anything else: a bug, reported with its stack trace
 * </ul>
 */
public final class ExitCodes {
    public static final int OK = 0;
    public static final int SOFTWARE = 1;
    public static final int USAGE = 2;
    public static final int BAD_INPUT = 3;
    public static final int IO = 4;
    public static final int HOST = 5;
    public static final int FINDINGS = 6;

    private ExitCodes() {
    }

    static int onUsageError(CommandLine.ParameterException e, String[] args) {
        CommandLine cl = e.getCommandLine();
        cl.getErr().println("physmem: " + e.getMessage());
        cl.getErr().println("Try '" + cl.getCommandSpec().qualifiedName() + " --help' for more information.");
        return USAGE;
    }

    static int onException(Exception e, CommandLine cl, CommandLine.ParseResult parsed) {
        var err = cl.getErr();
        Throwable t = e instanceof UncheckedIOException u ? u.getCause() : e;
        switch (t) {
            case MtreeFormatException m -> {
                err.println("physmem: " + m.getMessage());
                return BAD_INPUT;
            }
            case BoardFormatException b -> {
                err.println("physmem: " + b.getMessage());
                return b.getCause() instanceof HostMemoryException ? HOST : BAD_INPUT;
            }
            case UsageException u -> {
                err.println("physmem: " + u.getMessage());
                return USAGE;
            }
            case MigrationStreamException m -> {
                err.println("physmem: " + m.getMessage());
                return BAD_INPUT;
            }
            case NoSuchFileException n -> {
                err.println("physmem: no such file: " + n.getFile());
                return IO;
            }
            case IOException io -> {
                err.println("physmem: " + io);
                return IO;
            }
            case HostMemoryException h -> {
                err.println("physmem: host: " + h.getMessage());
                return HOST;
            }
            case IllegalArgumentException iae -> {
                err.println("physmem: " + iae.getMessage());
                return BAD_INPUT;
            }
            default -> {
                err.println("physmem: internal error: " + t);
                t.printStackTrace(err);
                return SOFTWARE;
            }
        }
    }

    /** A usage problem found after parsing (conflicting options and the like). */
    public static final class UsageException extends RuntimeException {
        public UsageException(String message) {
            super(message);
        }
    }
}
