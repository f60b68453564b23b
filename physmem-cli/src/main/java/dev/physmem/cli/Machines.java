package dev.physmem.cli;

import dev.physmem.MemorySystem;
import dev.physmem.models.x86.MachineType;
import dev.physmem.models.x86.X86Machine;
import dev.physmem.models.x86.firmware.FirmwarePreset;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The built-in machines, and maps named on the command line ({@code pc}, {@code q35:2G},
 * {@code pc+seabios}, a file).
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

    /**
     * Loads a map named by a word: {@code NAME[:SIZE][+FIRMWARE]} for a built-in machine, or the
     * path of a QEMU {@code info mtree -o -D} dump (hints from {@code hints.txt} beside it).
     */
    public static MapSource.Loaded load(String spec) throws IOException {
        Path file = Path.of(spec);
        if (Files.isRegularFile(file)) {
            return MapSource.importDump(file, null);
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
                    + "' (machines: " + java.util.Arrays.toString(Name.values())
                    + ", firmware: " + java.util.Arrays.toString(Firmware.values()) + ")");
        }
        long ram = parts.length == 2 ? SizeConverter.parse(parts[1]) : DEFAULT_RAM;
        return new MapSource.Loaded(build(name, ram, firmware), null);
    }
}
