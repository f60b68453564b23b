package dev.physmem.cli.monitor;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code help|? [cmd]}: the help lines, as QEMU prints them ({@code NAME PARAMS -- HELP}, sorted by
 * name). {@code help CMD} prints that command's line and, below it, physmem's longer notes on it;
 * {@code help info} lists the {@code info} subcommands.
 */
final class HelpCommand implements Command {

    @Override
    public String name() {
        return "help";
    }

    @Override
    public List<String> aliases() {
        return List.of("?");
    }

    @Override
    public String params() {
        return "[cmd]";
    }

    @Override
    public String help() {
        return "show the help";
    }

    @Override
    public void run(Session session, Args args) {
        List<String> words = new ArrayList<>();
        while (!args.atEnd()) {
            words.add(args.word("cmd"));
        }
        PrintWriter out = session.out();
        if (words.isEmpty()) {
            for (Command c : session.commands().sorted()) {
                out.print(line("", c));
            }
            return;
        }
        Command c = find(session.commands(), words.getFirst(), words.getFirst());
        if (c instanceof CommandGroup group && words.size() > 1) {
            Command sub = find(group.subcommands(), words.get(1), words.getFirst() + " " + words.get(1));
            printOne(out, group.name() + " ", sub);
        } else if (c instanceof CommandGroup group) {
            printGroup(out, group);
        } else {
            printOne(out, "", c);
        }
    }

    /** Every subcommand's line, with the group's name before it. */
    static void printGroup(PrintWriter out, CommandGroup group) {
        for (Command c : group.subcommands().sorted()) {
            out.print(line(group.name() + " ", c));
        }
    }

    /** QEMU's help line: {@code PREFIX NAME PARAMS -- HELP}. */
    static String line(String prefix, Command c) {
        return prefix + c.displayName() + " " + c.params() + " -- " + c.help() + "\n";
    }

    private static void printOne(PrintWriter out, String prefix, Command c) {
        out.print(line(prefix, c));
        for (String d : c.details()) {
            out.print("  " + d + "\n");
        }
    }

    private static Command find(CommandTable table, String name, String asTyped) {
        return table.find(name).orElseThrow(() -> new CommandException("unknown command: '" + asTyped + "'"));
    }

    @Override
    public List<String> complete(Session session, List<String> args, String partial) {
        if (args.isEmpty()) {
            return session.commands().names();
        }
        if (args.size() == 1 && session.commands().find(args.getFirst()).orElse(null) instanceof CommandGroup g) {
            return g.subcommands().names();
        }
        return List.of();
    }
}
