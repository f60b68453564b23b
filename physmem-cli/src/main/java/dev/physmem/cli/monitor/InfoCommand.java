package dev.physmem.cli.monitor;

import java.util.List;

/**
 * {@code info [subcommand]}: the group of {@code info} commands. Alone, it lists them, as QEMU's
 * {@code info} does.
 */
final class InfoCommand implements CommandGroup {
    private final CommandTable subcommands;

    /** An {@code info} with these subcommands. */
    InfoCommand(List<? extends Command> subcommands) {
        this.subcommands = new CommandTable(subcommands);
    }

    @Override
    public CommandTable subcommands() {
        return subcommands;
    }

    @Override
    public String name() {
        return "info";
    }

    @Override
    public String params() {
        return "[subcommand]";
    }

    @Override
    public String help() {
        return "show various information about the system state";
    }

    @Override
    public void run(Session session, Args args) {
        args.end();
        HelpCommand.printGroup(session.out(), this);
    }
}
