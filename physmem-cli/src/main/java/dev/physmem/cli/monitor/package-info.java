/**
 * {@code physmem monitor}: an interactive monitor in the spirit of QEMU's HMP, over one memory
 * map.
 *
 * <p>What lives here, one job per class:
 * <ul>
 *   <li>{@link dev.physmem.cli.monitor.Monitor} reads lines (from a terminal through JLine, or
 *       from a pipe), dispatches them, prints errors, and stops at end of input or {@code quit}.
 *   <li>{@link dev.physmem.cli.monitor.Command} is one monitor command; {@link
 *       dev.physmem.cli.monitor.CommandTable} is a table of them ({@code info} has its own).
 *   <li>{@link dev.physmem.cli.monitor.Args} parses a command's arguments as QEMU's
 *       {@code monitor_parse_arguments} does: flags in a fixed order, {@code /fmt},
 *       expressions ({@link dev.physmem.cli.monitor.Expression}), words.
 *   <li>{@link dev.physmem.cli.monitor.MemoryDump} prints {@code x}/{@code xp} output;
 *       {@link dev.physmem.cli.monitor.FlatViewChanges} reports what a chipset command changed.
 *   <li>{@link dev.physmem.cli.monitor.MonitorCompleter} completes commands, flags, address-space
 *       names, PAM segments and PCI functions for JLine.
 * </ul>
 *
 * <p>Error channels: a malformed command line is an {@link dev.physmem.cli.monitor.ArgumentException}
 * (printed with QEMU's {@code Try "help CMD"} line); a command that cannot do what it was asked
 * throws {@link dev.physmem.cli.monitor.CommandException}. Both are printed and the monitor goes on.
 * Guest-visible access failures are not errors: they are printed as the {@code MemTxResult} they are.
 */
package dev.physmem.cli.monitor;
