package dev.physmem.cli;

import dev.physmem.MemorySystem;
import dev.physmem.cli.board.BoardFormatException;
import dev.physmem.cli.board.BoardLoader;
import dev.physmem.models.x86.MachineType;
import dev.physmem.models.x86.X86Machine;
import dev.physmem.models.x86.firmware.FirmwarePreset;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The built-in machines, and maps named on the command line: {@code pc}, {@code q35:2G},
 * {@code pc+seabios}, a board file ({@code .yaml} or {@code .yml}, docs/BOARD-FORMAT.md), or a
 * QEMU dump (any other file).
 */
public final class Machines {
    /** RAM of a built-in machine when no size is given (the size of the reference captures). */
    public static final long DEFAULT_RAM = 512L << 20;

    /** Names of the built-in machines, as QEMU's {@code -M} spells them. */
    public enum Name {
        pc,
        q35
    }

    /** What has run on a built-in machine before it is shown. */
    public enum Firmware {
        /** Nothing: the state QEMU shows when started with {@code -S}. */
        none,
        /** SeaBIOS's POST: the state QEMU shows once SeaBIOS has run. */
        seabios
    }

    private Machines() {
    }

    /** Builds a built-in machine with {@code ramSize} bytes of RAM in its reset state. */
    public static MemorySystem build(Name name, long ramSize) {
        return build(name, ramSize, Firmware.none);
    }

    /** Builds a built-in machine with {@code ramSize} bytes of RAM and runs {@code firmware} on it. */
    public static MemorySystem build(Name name, long ramSize, Firmware firmware) {
        X86Machine machine = MachineType.byName(name.name()).build(new MemorySystem(), ramSize);
        FirmwarePreset.byName(firmware.name()).apply(machine);
        return machine.system();
    }

    /** The built-in machine called {@code name}, or null if there is none. */
    public static Name builtIn(String name) {
        for (Name n : Name.values()) {
            if (n.name().equals(name)) {
                return n;
            }
        }
        return null;
    }

    /**
     * Loads the board file at {@code path}.
     *
     * @throws ExitCodes.UsageException if {@code path} is neither a file nor looks like the path of
     *     one (a mistyped machine name)
     * @throws NoSuchFileException if it looks like a path but there is no such file
     */
    public static MemorySystem loadBoard(String path) throws IOException, BoardFormatException {
        Path file = Path.of(path);
        if (!Files.exists(file)) {
            if (isBoardFile(file) || path.indexOf('/') >= 0 || path.indexOf(File.separatorChar) >= 0) {
                throw new NoSuchFileException(path);
            }
            throw new ExitCodes.UsageException("not a built-in machine or a board file: '" + path
                    + "' (machines: " + Arrays.toString(Name.values()) + ")");
        }
        return BoardLoader.load(file);
    }

    /** Whether {@code file} is named like a board file: {@code .yaml} or {@code .yml}. */
    static boolean isBoardFile(Path file) {
        String name = file.getFileName() == null ? "" : file.getFileName().toString();
        return name.endsWith(".yaml") || name.endsWith(".yml");
    }

    /**
     * Loads a map named by a word: {@code NAME[:SIZE][+FIRMWARE]} for a built-in machine, the path
     * of a board file ({@code .yaml}, {@code .yml}), or the path of a QEMU {@code info mtree -o -D}
     * dump (hints from {@code hints.txt} beside it).
     */
    public static MapSource.Loaded load(String spec) throws IOException, BoardFormatException {
        Path file = Path.of(spec);
        if (Files.isRegularFile(file)) {
            return isBoardFile(file)
                    ? new MapSource.Loaded(BoardLoader.load(file), null)
                    : MapSource.importDump(file, null);
        }
        String[] withFirmware = spec.split("\\+", 2);
        String[] parts = withFirmware[0].split(":", 2);
        Name name;
        Firmware firmware;
        try {
            name = Name.valueOf(parts[0]);
            firmware = withFirmware.length == 2 ? Firmware.valueOf(withFirmware[1]) : Firmware.none;
        } catch (IllegalArgumentException e) {
            throw new ExitCodes.UsageException("not a built-in machine or a file: '" + spec
                    + "' (machines: " + Arrays.toString(Name.values())
                    + ", firmware: " + Arrays.toString(Firmware.values()) + ")");
        }
        long ram = parts.length == 2 ? SizeConverter.parse(parts[1]) : DEFAULT_RAM;
        return new MapSource.Loaded(build(name, ram, firmware), null);
    }
}
