package dev.physmem.cli.monitor;

/**
 * A command line that does not parse: a bad flag, format or expression, a missing or extraneous
 * argument. As QEMU's HMP does, the monitor prints the message and then
 * {@code Try "help CMD" for more information}.
 */
public final class ArgumentException extends CommandException {
    /** A parse error whose message is printed as it is. */
    public ArgumentException(String message) {
        super(message);
    }
}
