package dev.physmem.cli.monitor;

/**
 * A command could not do what it was asked (no such address space, SMRAM locked, a chipset the
 * map does not have). The monitor prints the message and reads the next command.
 */
public class CommandException extends RuntimeException {
    /** An error whose message is printed as it is. */
    public CommandException(String message) {
        super(message);
    }
}
