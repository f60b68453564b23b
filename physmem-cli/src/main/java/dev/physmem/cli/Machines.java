package dev.physmem.cli;

import dev.physmem.MemorySystem;
import dev.physmem.models.x86.PcMachine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The built-in machines, and maps named on the command line ({@code pc}, {@code pc:4G}, a file). */
public final class Machines {
    /** RAM of a built-in machine when no size is given (the size of the reference captures). */
    public static final long DEFAULT_RAM = 512L << 20;

    /** Names of the built-in machines. */
    public enum Name {
        pc
    }

    private Machines() {
    }

    /** Builds a built-in machine with {@code ramSize} bytes of RAM in a new memory system. */
    public static MemorySystem build(Name name, long ramSize) {
        MemorySystem system = new MemorySystem();
        switch (name) {
            case pc -> PcMachine.build(system, ramSize);
        }
        return system;
    }

    /**
     * Loads a map named by a word: {@code NAME} or {@code NAME:SIZE} for a built-in machine, or the
     * path of a QEMU {@code info mtree -o -D} dump (hints from {@code hints.txt} beside it).
     */
    public static MapSource.Loaded load(String spec) throws IOException {
        Path file = Path.of(spec);
        if (Files.isRegularFile(file)) {
            return MapSource.importDump(file, null);
        }
        String[] parts = spec.split(":", 2);
        Name name;
        try {
            name = Name.valueOf(parts[0]);
        } catch (IllegalArgumentException e) {
            throw new ExitCodes.UsageException("not a built-in machine or a file: '" + spec
                    + "' (machines: " + java.util.Arrays.toString(Name.values()) + ")");
        }
        long ram = parts.length == 2 ? SizeConverter.parse(parts[1]) : DEFAULT_RAM;
        return new MapSource.Loaded(build(name, ram), null);
    }
}
