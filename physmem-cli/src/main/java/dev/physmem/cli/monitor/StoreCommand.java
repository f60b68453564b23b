package dev.physmem.cli.monitor;

import dev.physmem.attr.MemTxAttrs;
import dev.physmem.attr.MemTxResult;
import dev.physmem.flat.FlatRange;
import dev.physmem.space.AddressSpace;
import dev.physmem.space.MemTxResultHolder;
import java.nio.ByteOrder;
import java.util.List;

/**
 * {@code stb}, {@code stw}, {@code stl}, {@code stq addr value [--as NAME]}: store 1, 2, 4 or 8
 * bytes in the target's byte order, through the address space's store of that width. QEMU has no
 * monitor command that writes guest memory; the names are those of QEMU's
 * {@code address_space_stb}, {@code _stw}, {@code _stl}, {@code _stq}.
 *
 * <p>A store that completes prints nothing, as HMP commands do. One that does not prints its
 * {@code MemTxResult} and why: a read-only range (ROM, or RAM behind a read-only PAM segment), a
 * hole, a device that refused it.
 */
final class StoreCommand implements Command {
    private final char letter;
    private final int size;

    private StoreCommand(char letter, int size) {
        this.letter = letter;
        this.size = size;
    }

    /** The four widths: {@code stb stw stl stq}. */
    static List<StoreCommand> all() {
        return List.of(new StoreCommand('b', 1), new StoreCommand('w', 2), new StoreCommand('l', 4),
                new StoreCommand('q', 8));
    }

    @Override
    public String name() {
        return "st" + letter;
    }

    @Override
    public String params() {
        return "addr value " + SpaceOption.PARAMS;
    }

    @Override
    public String help() {
        String what = switch (size) {
            case 1 -> "a byte";
            case 2 -> "a 16-bit word";
            case 4 -> "a 32-bit long";
            default -> "a 64-bit quad";
        };
        return "store " + what + " at 'addr' (target byte order)";
    }

    @Override
    public List<String> details() {
        return List.of(
                "addr and value are expressions (0x1000, 'A', -1, 0x12345678+1); separate them with",
                "spaces and use parentheses for a negative value after an address: stl 0x1000 (-1).",
                "value must fit in " + (size * 8) + " bits, signed or unsigned.",
                "--as NAME writes another address space (default: memory), e.g. cpu-smm-0.",
                "Prints nothing when the store completes, else its MemTxResult and the reason.",
                "Example: pam 0xc0000 rw, then " + name() + " 0xc0000 0x12 and xp /1x"
                        + new DumpFormat(1, 'x', size).sizeLetter() + " 0xc0000");
    }

    @Override
    public void run(Session session, Args args) {
        Args.WithOption as = SpaceOption.take(args);
        Args rest = as.rest();
        long addr = rest.expression();
        long value = rest.expression();
        rest.end();
        checkFits(value);
        AddressSpace space = SpaceOption.resolve(session, as.value());
        MemTxResultHolder holder = new MemTxResultHolder();
        store(space, addr, value, space.system().targetByteOrder() == ByteOrder.LITTLE_ENDIAN, holder);
        MemTxResult result = holder.get();
        if (!result.isOk()) {
            throw new CommandException(String.format("%s: %016x: %s: %s", name(), addr, result,
                    reason(space, addr)));
        }
    }

    private void store(AddressSpace space, long addr, long value, boolean little, MemTxResultHolder holder) {
        MemTxAttrs attrs = MemTxAttrs.UNSPECIFIED;
        switch (size) {
            case 1 -> space.stb(addr, (int) value, attrs, holder);
            case 2 -> {
                if (little) {
                    space.stwLe(addr, (int) value, attrs, holder);
                } else {
                    space.stwBe(addr, (int) value, attrs, holder);
                }
            }
            case 4 -> {
                if (little) {
                    space.stlLe(addr, (int) value, attrs, holder);
                } else {
                    space.stlBe(addr, (int) value, attrs, holder);
                }
            }
            default -> {
                if (little) {
                    space.stqLe(addr, value, attrs, holder);
                } else {
                    space.stqBe(addr, value, attrs, holder);
                }
            }
        }
    }

    /** Rejects a value that is neither a signed nor an unsigned number of this width. */
    private void checkFits(long value) {
        if (size == 8) {
            return;
        }
        int bits = size * 8;
        long min = -(1L << (bits - 1));
        long limit = 1L << bits;
        if (value < min || value >= limit) {
            throw new ArgumentException(String.format("value 0x%x does not fit in %d bits", value, bits));
        }
    }

    /** Why a store at {@code addr} may have failed, from what the flat view shows there. */
    static String reason(AddressSpace space, long addr) {
        FlatRange r = space.view().lookup(addr);
        if (r == null) {
            return "nothing is mapped there";
        }
        String what = r.region().name() + " (" + r.typeName() + ")";
        return r.readonly() ? what + " is read-only there; the write was dropped"
                : what + " did not accept the write";
    }

    @Override
    public List<String> complete(Session session, List<String> args, String partial) {
        return SpaceOption.complete(session, args, partial);
    }
}
