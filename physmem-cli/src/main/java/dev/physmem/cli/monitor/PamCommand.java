package dev.physmem.cli.monitor;

import dev.physmem.models.x86.HostBridge;
import dev.physmem.models.x86.Pam;
import dev.physmem.models.x86.PamMode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code pam [addr|all ro|rw|wo|off]}: show or program the host bridge's PAM segments, the shadow
 * RAM switches of the BIOS and option ROM area, through {@link HostBridge#setPam}. A segment is
 * named by its first address: {@code 0xc0000}, {@code 0xc4000}, ..., {@code 0xec000} (16 KiB
 * each) and {@code 0xf0000} (64 KiB).
 */
final class PamCommand implements Command {

    @Override
    public String name() {
        return "pam";
    }

    @Override
    public String params() {
        return "[addr|all ro|rw|wo|off]";
    }

    @Override
    public String help() {
        return "show or set the PAM segments (shadow RAM for the BIOS area)";
    }

    @Override
    public List<String> details() {
        return List.of(
                "Alone: every segment and its mode. addr is a segment's first address: 0xc0000, 0xc4000,",
                "..., 0xec000 (16 KiB each) or 0xf0000 (64 KiB); all sets the 13 of them.",
                "off: reads and writes go to PCI (the ROMs); ro: reads come from RAM, writes go to PCI;",
                "wo: writes go to RAM (QEMU lets reads hit RAM too); rw: both go to RAM.",
                "Prints each segment's old and new mode, then what changed in the flat views.",
                "Example: pam 0xc0000 rw");
    }

    @Override
    public void run(Session session, Args args) {
        HostBridge bridge = session.target().requireMachine(name()).hostBridge();
        PrintWriter out = session.out();
        if (args.atEnd()) {
            for (int s : segmentsByAddress()) {
                out.print(segmentText(s) + " " + word(bridge.pamMode(s)) + "\n");
            }
            return;
        }
        List<Integer> segments = args.keyword("all") ? segmentsByAddress() : List.of(segmentStartingAt(args.expression()));
        PamMode mode = mode(args.word("mode"));
        args.end();
        FlatViewChanges changes = FlatViewChanges.snapshot(session.target().system());
        for (int s : segments) {
            PamMode old = bridge.pamMode(s);
            bridge.setPam(s, mode);
            out.print("PAM " + segmentText(s) + ": "
                    + (old == mode ? word(mode) + " (unchanged)" : word(old) + " -> " + word(mode)) + "\n");
        }
        out.print(changes.report());
    }

    @Override
    public List<String> complete(Session session, List<String> args, String partial) {
        if (session.target().machineModel().isEmpty()) {
            return List.of();
        }
        return switch (args.size()) {
            case 0 -> {
                List<String> starts = new ArrayList<>();
                for (int s : segmentsByAddress()) {
                    starts.add(String.format("0x%x", Pam.segmentStart(s)));
                }
                starts.add("all");
                yield starts;
            }
            case 1 -> List.of("off", "ro", "wo", "rw");
            default -> List.of();
        };
    }

    /** Segment numbers in address order: 1..12 (0xc0000 up), then 0 (0xf0000). */
    private static List<Integer> segmentsByAddress() {
        List<Integer> out = new ArrayList<>();
        for (int s = 1; s < Pam.SEGMENTS; s++) {
            out.add(s);
        }
        out.add(0);
        return out;
    }

    private static int segmentStartingAt(long addr) {
        for (int s = 0; s < Pam.SEGMENTS; s++) {
            if (Pam.segmentStart(s) == addr) {
                return s;
            }
        }
        throw new CommandException(String.format(
                "pam: 0x%x is not the first address of a PAM segment (0xc0000, 0xc4000, ..., 0xec000, 0xf0000)",
                addr));
    }

    private static String segmentText(int s) {
        long start = Pam.segmentStart(s);
        return String.format("0x%05x-0x%05x", start, start + Pam.segmentSize(s) - 1);
    }

    /** The monitor's word for a mode. */
    static String word(PamMode mode) {
        return switch (mode) {
            case DISABLED -> "off";
            case READ_ONLY -> "ro";
            case WRITE_ONLY -> "wo";
            case READ_WRITE -> "rw";
        };
    }

    private static PamMode mode(String word) {
        return switch (word) {
            case "off" -> PamMode.DISABLED;
            case "ro" -> PamMode.READ_ONLY;
            case "wo" -> PamMode.WRITE_ONLY;
            case "rw" -> PamMode.READ_WRITE;
            default -> throw new ArgumentException("pam: mode is one of off, ro, wo, rw: '" + word + "'");
        };
    }
}
