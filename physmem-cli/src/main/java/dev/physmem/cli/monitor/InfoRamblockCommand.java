package dev.physmem.cli.monitor;

import dev.physmem.ram.RamBlockPrinter;

/**
 * {@code info ramblock}: the machine's RAM blocks (name, page size, ram address, used and total
 * length), byte for byte as QEMU 7.2 prints them. QEMU counterpart: {@code hmp_info_ramblock}
 * ({@code ram_block_format}).
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
        session.out().print(RamBlockPrinter.format(session.target().system().ramBlocks()));
    }
}
