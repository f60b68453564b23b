package dev.physmem.cli.monitor;

import java.util.List;

/**
 * One monitor command: its names, its help line, what it does, and how its arguments complete.
 * QEMU counterpart: an {@code HMPCommand} entry of hmp-commands.hx.
 *
 * <p>{@link #run} reads its arguments from an {@link Args} cursor, prints to the session, and
 * signals failure only by throwing {@link ArgumentException} (the line does not parse) or
 * {@link CommandException} (it parses but cannot be done).
 */
public interface Command {

    /** The name the command is typed as. */
    String name();

    /** Other names it answers to, e.g. {@code q} for {@code quit}. */
    default List<String> aliases() {
        return List.of();
    }

    /** The arguments as the help line shows them, e.g. {@code /fmt addr}; empty for none. */
    String params();

    /** The one-line description the help line shows. */
    String help();

    /** Further lines that {@code help NAME} prints below the help line; none by default. */
    default List<String> details() {
        return List.of();
    }

    /**
     * Runs the command.
     *
     * @param session where to print, what to work on
     * @param args the text after the command's name
     * @throws ArgumentException if the arguments do not parse
     * @throws CommandException if the command cannot be done
     */
    void run(Session session, Args args);

    /**
     * Candidates for the word being typed.
     *
     * @param session what the monitor works on (address spaces, machine)
     * @param args the complete words after the command's name, before the one being typed
     * @param partial the beginning of the word being typed
     * @return the candidates; the line reader keeps those that start with {@code partial}
     */
    default List<String> complete(Session session, List<String> args, String partial) {
        return List.of();
    }

    /** The command's names as the help line shows them: {@code quit|q}. */
    default String displayName() {
        return aliases().isEmpty() ? name() : name() + "|" + String.join("|", aliases());
    }
}
