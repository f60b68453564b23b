package dev.physmem.cli.monitor;

import java.util.List;
import java.util.Optional;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;

/**
 * Tab completion for the monitor: command names (with their help as the description), then
 * whatever the command offers for the word being typed: {@code info} subcommands, the
 * {@code info mtree} flags that may still follow, address-space names after {@code --as}, PAM
 * segment addresses and modes, SMRAM operations, PCI function names.
 *
 * <p>The line reader keeps the candidates that start with the word typed so far.
 */
public final class MonitorCompleter implements Completer {
    private final Session session;

    /** A completer for the commands and the map of {@code session}. */
    public MonitorCompleter(Session session) {
        this.session = session;
    }

    @Override
    public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
        List<String> before = line.words().subList(0, line.wordIndex());
        String partial = line.word().substring(0, line.wordCursor());
        candidates.addAll(candidates(before, partial));
    }

    /**
     * The candidates for the word after {@code before}.
     *
     * @param before the complete words before the one being typed
     * @param partial the beginning of the word being typed
     */
    public List<Candidate> candidates(List<String> before, String partial) {
        CommandTable table = session.commands();
        if (before.isEmpty()) {
            return described(table);
        }
        Optional<Command> found = table.find(commandName(before.getFirst()));
        if (found.isEmpty()) {
            return List.of();
        }
        List<String> args = before.subList(1, before.size());
        Command command = found.get();
        if (command instanceof CommandGroup group) {
            if (args.isEmpty()) {
                return described(group.subcommands());
            }
            Optional<Command> sub = group.subcommands().find(args.getFirst());
            if (sub.isEmpty()) {
                return List.of();
            }
            command = sub.get();
            args = args.subList(1, args.size());
        }
        return command.complete(session, args, partial).stream().map(Candidate::new).toList();
    }

    /** The names of a table's commands, each described by its help line. */
    private static List<Candidate> described(CommandTable table) {
        return table.names().stream().map(n -> {
            String help = table.find(n).map(Command::help).orElse(null);
            return new Candidate(n, n, null, help, null, null, true);
        }).toList();
    }

    /** The command name in a first word: up to a {@code /}, as in {@code xp/4xw}. */
    private static String commandName(String word) {
        int slash = word.indexOf('/');
        return slash < 0 ? word : word.substring(0, slash);
    }
}
