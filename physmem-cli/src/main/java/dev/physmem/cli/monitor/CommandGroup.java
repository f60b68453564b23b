package dev.physmem.cli.monitor;

/**
 * A command with subcommands, such as {@code info}: {@code info mtree} runs the subcommand
 * {@code mtree}, and {@code info} alone runs the group itself. QEMU counterpart: an
 * {@code HMPCommand} with a {@code sub_table}.
 */
public interface CommandGroup extends Command {

    /** The subcommands. */
    CommandTable subcommands();
}
