package dev.physmem.cli.monitor;

import dev.physmem.space.AddressSpace;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * {@code xp /fmt addr} and {@code x /fmt addr}: dump memory, as QEMU's commands of those names
 * do. {@code xp} reads guest-physical addresses in an address space ({@code memory} unless
 * {@code --as} names another); {@code x} reads the CPU's virtual addresses, which here are the
 * CPU's physical addresses in {@code memory}: physmem models no paging.
 */
final class MemoryDumpCommand implements Command {
    private final boolean physical;

    private MemoryDumpCommand(boolean physical) {
        this.physical = physical;
    }

    /** {@code xp}: physical memory, in any address space. */
    static MemoryDumpCommand physical() {
        return new MemoryDumpCommand(true);
    }

    /** {@code x}: the CPU's view. */
    static MemoryDumpCommand virtual() {
        return new MemoryDumpCommand(false);
    }

    @Override
    public String name() {
        return physical ? "xp" : "x";
    }

    @Override
    public String params() {
        return physical ? "/fmt addr " + SpaceOption.PARAMS : "/fmt addr";
    }

    @Override
    public String help() {
        return physical ? "physical memory dump starting at 'addr'" : "virtual memory dump starting at 'addr'";
    }

    @Override
    public List<String> details() {
        List<String> common = List.of(
                "/fmt is [count][format][size]. format: x hex, d signed, u unsigned, o octal, c char.",
                "size: b 8 bits, h 16, w 32, g 64. What /fmt leaves out is what the last dump used",
                "(first x and w). addr is an expression: 0xffff0, 0xf0000+0xfff0, 1024*1024-16.",
                "A line that cannot be read prints 'Cannot access memory' and the MemTxResult.");
        if (physical) {
            return concat(common, List.of(
                    "Reads the address space 'memory' (what QEMU's xp reads: the CPU's address space);",
                    "--as NAME reads another one, e.g. cpu-smm-0 (SMRAM visible) or I/O (physmem only).",
                    "Example: xp /4xw 0xffff0"));
        }
        return concat(common, List.of(
                "physmem models no paging: virtual addresses are the CPU's physical addresses,",
                "read in the address space 'memory'. Example: x /8xb 0x7c00"));
    }

    @Override
    public void run(Session session, Args args) {
        Optional<String> spaceName = Optional.empty();
        Args rest = args;
        if (physical) {
            Args.WithOption as = SpaceOption.take(args);
            spaceName = as.value();
            rest = as.rest();
        }
        DumpFormat format = rest.format(session.dumpDefaults());
        session.rememberDumpFormat(format); // as QEMU: the defaults change even if addr is bad
        long addr = rest.expression();
        rest.end();
        AddressSpace space = SpaceOption.resolve(session, spaceName);
        MemoryDump.dump(session.out(), space, addr, format, session.target().system().targetByteOrder());
    }

    @Override
    public List<String> complete(Session session, List<String> args, String partial) {
        return physical ? SpaceOption.complete(session, args, partial) : List.of();
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return Stream.concat(a.stream(), b.stream()).toList();
    }
}
