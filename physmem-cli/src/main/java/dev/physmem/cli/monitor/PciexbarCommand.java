package dev.physmem.cli.monitor;

import dev.physmem.models.x86.Mch;
import dev.physmem.models.x86.PciexbarLength;
import dev.physmem.models.x86.Q35Machine;
import dev.physmem.models.x86.X86Machine;
import dev.physmem.region.IoRegion;
import java.util.List;
import java.util.Locale;

/**
 * {@code pciexbar [base [256M|128M|64M]|off]}: show, place or disable the q35 MCH's PCI Express
 * MMCONFIG window ({@code pcie-mmcfg-mmio}) through {@link Mch#setPciexbar} and
 * {@link Mch#writePciexbarRegister}. The pc machine has no PCIEXBAR.
 */
final class PciexbarCommand implements Command {

    @Override
    public String name() {
        return "pciexbar";
    }

    @Override
    public String params() {
        return "[base [256M|128M|64M]|off]";
    }

    @Override
    public String help() {
        return "show, move or disable the PCI Express MMCONFIG window (q35)";
    }

    @Override
    public List<String> details() {
        return List.of(
                "base: where the window starts, aligned to its length, below 64 GiB; the length is 256M",
                "(buses 0-255, the default), 128M or 64M. off: unmap the window, keeping the base.",
                "Alone: the register and where the window is. Example: pciexbar 0xe0000000");
    }

    @Override
    public void run(Session session, Args args) {
        X86Machine machine = session.target().requireMachine(name());
        if (!(machine instanceof Q35Machine q35)) {
            throw new CommandException("pciexbar: the " + machine.typeName() + " machine has no PCIEXBAR (q35 has)");
        }
        Mch mch = q35.mch();
        if (args.atEnd()) {
            session.out().print(state(mch) + "\n");
            return;
        }
        FlatViewChanges changes;
        long before = mch.pciexbarRegister();
        if (args.keyword("off")) {
            args.end();
            changes = FlatViewChanges.snapshot(session.target().system());
            mch.writePciexbarRegister(before & ~Mch.PCIEXBAREN);
        } else {
            long base = args.expression();
            PciexbarLength length = args.optionalWord().map(PciexbarCommand::length).orElse(PciexbarLength.MB_256);
            args.end();
            changes = FlatViewChanges.snapshot(session.target().system());
            try {
                mch.setPciexbar(base, length, true);
            } catch (IllegalArgumentException e) {
                throw new CommandException(String.format("pciexbar: 0x%x is not aligned to %d MiB or not below 64 GiB",
                        base, length.bytes() >> 20));
            }
        }
        session.out().print(String.format("PCIEXBAR 0x%016x -> %s\n", before, state(mch)));
        session.out().print(changes.report());
    }

    /** The register and the window, e.g. {@code 0x00000000e0000001: MMCONFIG at 0xe0000000-0xefffffff (256 MiB)}. */
    private static String state(Mch mch) {
        String register = String.format("0x%016x", mch.pciexbarRegister());
        if (!mch.isMmcfgEnabled()) {
            return register + ": MMCONFIG window disabled";
        }
        IoRegion window = mch.mmcfgRegion();
        return String.format("%s: MMCONFIG at 0x%x-0x%x (%d MiB)", register, window.addr(),
                window.addr() + window.size() - 1, window.size() >> 20);
    }

    private static PciexbarLength length(String word) {
        return switch (word.toUpperCase(Locale.ROOT)) {
            case "256M" -> PciexbarLength.MB_256;
            case "128M" -> PciexbarLength.MB_128;
            case "64M" -> PciexbarLength.MB_64;
            default -> throw new ArgumentException("pciexbar: length is 256M, 128M or 64M: '" + word + "'");
        };
    }

    @Override
    public List<String> complete(Session session, List<String> args, String partial) {
        if (!(session.target().machine() instanceof Q35Machine)) {
            return List.of();
        }
        return switch (args.size()) {
            case 0 -> List.of("off", "0xb0000000", "0xe0000000");
            case 1 -> args.getFirst().equals("off") ? List.of() : List.of("256M", "128M", "64M");
            default -> List.of();
        };
    }
}
