package dev.physmem.cli;

import dev.physmem.MemorySystem;
import dev.physmem.cli.board.BoardFormatException;
import dev.physmem.mtree.MtreeOptions;
import dev.physmem.mtree.QemuMtreeImporter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Where a verb's memory map comes from: a built-in machine ({@code --machine NAME[+vga]}, {@code -m},
 * {@code --firmware}), a board file describing the user's own machine ({@code --machine FILE},
 * docs/BOARD-FORMAT.md), or a dump of QEMU's {@code info mtree -o -D} ({@code --from-qemu},
 * {@code --hints}). A mixin shared by every verb that reads one map.
 */
public final class MapSource {

    @Option(names = "--machine", paramLabel = "NAME|FILE",
            description = "A built-in machine (pc, the default, q35, virt-aarch64 or virt-riscv64; "
                    + "NAME[:SIZE][+vga][+FIRMWARE], e.g. pc+vga for QEMU's -device VGA) or a board file "
                    + "describing your own (YAML, docs/BOARD-FORMAT.md).")
    String machine;

    @Option(names = "-m", paramLabel = "SIZE", converter = SizeConverter.class,
            description = "Guest RAM size as QEMU's -m takes it: 512 (MiB), 512M, 2G (default: 512M).")
    Long ramSize;

    @Option(names = "--firmware", paramLabel = "NAME",
            description = "With a built-in machine: what runs before it is shown: ${COMPLETION-CANDIDATES} "
                    + "(default: none, the reset state).")
    Machines.Firmware firmware;

    @Option(names = "--from-qemu", paramLabel = "DUMP",
            description = "A file of QEMU 7.2's 'info mtree -o -D' output, instead of a built-in machine.")
    Path dump;

    @Option(names = "--hints", paramLabel = "FILE",
            description = "With --from-qemu: the facts the dump does not show (docs/HINTS.md). "
                    + "Default: hints.txt beside the dump, if there is one.")
    Path hints;

    /** A loaded map: its memory system and, for an imported dump, the accelerator it names. */
    public record Loaded(MemorySystem system, MtreeOptions.Accel accel) {
    }

    /** Builds, loads or imports the map the options name. */
    public Loaded load() throws IOException, BoardFormatException {
        if (dump != null) {
            if (machine != null || ramSize != null || firmware != null) {
                throw new ExitCodes.UsageException("--from-qemu and --machine/-m/--firmware exclude each other");
            }
            return importDump(dump, hints);
        }
        if (hints != null) {
            throw new ExitCodes.UsageException("--hints goes with --from-qemu");
        }
        Machines.BuiltIn builtIn = builtIn();
        if (builtIn != null) {
            return new Loaded(builtIn.buildSystem(), null);
        }
        if (ramSize != null || firmware != null) {
            throw new ExitCodes.UsageException(
                    "-m and --firmware go with a built-in machine; a board file gives its own memory map");
        }
        return new Loaded(Machines.loadBoard(machine), null);
    }

    /**
     * What the options name, for titles: {@code pc, 512 MiB}, {@code q35, 2 GiB, after seabios},
     * or the path of the dump or board file.
     */
    public String describe() {
        if (dump != null) {
            return dump.toString();
        }
        Machines.BuiltIn builtIn = builtIn();
        return builtIn == null ? machine : builtIn.describe();
    }

    /**
     * The built-in machine {@code --machine} names (pc when absent) with {@code -m} and
     * {@code --firmware} applied, or null if it names a file.
     *
     * @throws ExitCodes.UsageException if the machine word and an option both give a part
     */
    Machines.BuiltIn builtIn() {
        Machines.BuiltIn word = Machines.builtIn(machine == null ? Machines.Name.pc.toString() : machine);
        return word == null ? null : word.withOptions(ramSize, firmware);
    }

    /** Imports a QEMU dump with the given hints, or with {@code hints.txt} beside it when null. */
    static Loaded importDump(Path dump, Path hints) throws IOException {
        Path h = hints;
        if (h == null) {
            Path sibling = dump.toAbsolutePath().resolveSibling("hints.txt");
            h = Files.isRegularFile(sibling) ? sibling : null;
        }
        String hintText = h == null ? "" : Files.readString(h);
        var imported = QemuMtreeImporter.importDump(Files.readString(dump), hintText);
        return new Loaded(imported.system(), imported.accel());
    }
}
