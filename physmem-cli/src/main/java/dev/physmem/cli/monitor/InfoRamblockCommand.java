package dev.physmem.cli.monitor;

/**
 * {@code info ramblock}: QEMU's list of RAM blocks. physmem does not model RAM blocks yet (they
 * are being added as {@code dev.physmem.ram}), so the command says so instead of printing a table
 * that would not be QEMU's.
 */
final class InfoRamblockCommand implements Command {

    @Override
    public String name() {
        return "ramblock";
    }

    @Override
    public String params() {
        return "";
    }

    @Override
    public String help() {
        return "Display system RAM blocks";
    }

    @Override
    public void run(Session session, Args args) {
        args.end();
        throw new CommandException("info ramblock: not available: RAM blocks are not modelled yet");
    }
}
