package dev.physmem.cli;

import dev.physmem.MemorySystem;
import dev.physmem.cli.board.BoardFormatException;
import dev.physmem.cli.board.BoardLoader;
import dev.physmem.models.x86.MachineDevice;
import dev.physmem.models.x86.MachineType;
import dev.physmem.models.x86.X86Machine;
import dev.physmem.models.x86.firmware.FirmwarePreset;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;
import picocli.CommandLine;

/**
 * The built-in machines, and maps named on the command line: {@code pc}, {@code q35:2G},
 * {@code pc+seabios}, {@code pc+vga+seabios}, {@code q35:1G+intel-iommu+virtio-net+seabios},
 * {@code virt-aarch64}, {@code virt-riscv64:1G}, a board file ({@code .yaml} or {@code .yml},
 * docs/BOARD-FORMAT.md), or a QEMU dump (any other file).
 */
public final class Machines {
    /** RAM of a built-in machine when no size is given (the size of the reference captures), but see {@link Name#defaultRam()}. */
    public static final long DEFAULT_RAM = 512L << 20;

    /**
     * Names of the built-in machines: the x86 ones as QEMU's {@code -M} spells them, the
     * {@code virt} boards with the target they are built for ({@code qemu-system-aarch64 -M virt
     * -cpu cortex-a57}, {@code qemu-system-riscv64 -M virt}).
     */
    public enum Name {
        pc,
        q35,
        virt_aarch64,
        virt_riscv64;

        /** RAM when no size is given: the size of the machine's reference capture. */
        public long defaultRam() {
            return this == virt_aarch64 ? 1L << 30 : DEFAULT_RAM;
        }

        /** Whether the machine is a PC ({@code pc}, {@code q35}), with its devices, firmware and chipset. */
        public boolean isX86() {
            return this == pc || this == q35;
        }

        /** The name as the command line spells it: {@code virt-aarch64} for {@code virt_aarch64}. */
        @Override
        public String toString() {
            return name().replace('_', '-');
        }

        /** The machine a command line word names, or null. */
        static Name byWord(String word) {
            return Arrays.stream(values()).filter(n -> n.toString().equals(word)).findFirst().orElse(null);
        }
    }

    /** What has run on a built-in machine before it is shown. */
    public enum Firmware {
        /** Nothing: the state QEMU shows when started with {@code -S}. */
        none,
        /** SeaBIOS's POST: the state QEMU shows once SeaBIOS has run. */
        seabios
    }

    /**
     * A built-in machine as one word names it, {@code NAME[:SIZE][+DEVICE...][+FIRMWARE]}:
     * {@code pc}, {@code pc+vga}, {@code q35:2G+seabios}, {@code pc+vga+seabios},
     * {@code q35+intel-iommu+virtio-net}. Parts the word leaves out are null (size, firmware) or
     * absent (devices). The devices are {@link MachineDevice}'s short names; they are created in
     * that enum's order (QEMU's {@code -device} order of the reference captures).
     *
     * @param name the machine type
     * @param ramSize RAM in bytes, or null for {@link #DEFAULT_RAM}
     * @param devices the {@code -device}s ({@code +vga}, {@code +intel-iommu}, {@code +virtio-net})
     * @param firmware what runs before it is shown, or null for none
     */
    public record BuiltIn(Name name, Long ramSize, Set<MachineDevice> devices, Firmware firmware) {

        /**
         * @throws ExitCodes.UsageException if a machine other than a PC is given devices or SeaBIOS
         */
        public BuiltIn {
            devices = devices.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(devices));
            if (!name.isX86() && (!devices.isEmpty() || firmware == Firmware.seabios)) {
                throw new ExitCodes.UsageException("devices and seabios go with pc and q35 only: machine=" + name);
            }
        }

        /**
         * This machine with the {@code -m} and {@code --firmware} options filled in where the word
         * left them open (null options change nothing).
         *
         * @throws ExitCodes.UsageException if the word and an option both give the same part
         */
        public BuiltIn withOptions(Long ram, Firmware fw) {
            if (ram != null && ramSize != null || fw != null && firmware != null) {
                throw new ExitCodes.UsageException("the machine '" + this + "' already names its "
                        + (ram != null && ramSize != null ? "RAM size; drop -m" : "firmware; drop --firmware"));
            }
            return new BuiltIn(name, ramSize != null ? ramSize : ram, devices, firmware != null ? firmware : fw);
        }

        /**
         * Builds the machine (and runs its firmware) and returns its memory system: any built-in
         * machine.
         */
        public MemorySystem buildSystem() {
            try {
                return switch (name) {
                    case pc, q35 -> build().system();
                    case virt_aarch64 -> dev.physmem.models.arm.VirtMachine.build(new MemorySystem(), ram()).system();
                    case virt_riscv64 -> dev.physmem.models.riscv.VirtMachine.build(new MemorySystem(), ram()).system();
                };
            } catch (IllegalArgumentException e) {
                throw new ExitCodes.UsageException(e.getMessage() + " in '" + this + "'");
            }
        }

        /**
         * Builds the PC machine and runs its firmware.
         *
         * @throws IllegalStateException if the machine is not a PC ({@link Name#isX86()})
         */
        public X86Machine build() {
            if (!name.isX86()) {
                throw new IllegalStateException("not a PC machine: " + this);
            }
            X86Machine machine;
            try {
                machine = MachineType.byName(name.name()).build(new MemorySystem(), ram(), devices);
            } catch (IllegalArgumentException e) {
                throw new ExitCodes.UsageException(e.getMessage() + " in '" + this + "'");
            }
            FirmwarePreset.byName(firmware().name()).apply(machine);
            return machine;
        }

        /** RAM in bytes, the machine's {@link Name#defaultRam()} when the word gives none. */
        public long ram() {
            return ramSize == null ? name.defaultRam() : ramSize;
        }

        @Override
        public Firmware firmware() {
            return firmware == null ? Firmware.none : firmware;
        }

        /** For titles: {@code pc+vga, 512 MiB}, {@code q35, 2 GiB, after seabios}. */
        public String describe() {
            long ram = ram();
            String size = ram % (1L << 30) == 0 ? (ram >> 30) + " GiB" : (ram >> 20) + " MiB";
            String after = firmware() == Firmware.none ? "" : ", after " + firmware();
            return name + deviceSuffix() + ", " + size + after;
        }

        @Override
        public String toString() {
            return name + (ramSize == null ? "" : ":" + ramSize) + deviceSuffix()
                    + (firmware == null ? "" : "+" + firmware);
        }

        private String deviceSuffix() {
            StringBuilder b = new StringBuilder();
            for (MachineDevice d : devices) {
                b.append('+').append(d.shortName());
            }
            return b.toString();
        }
    }

    private Machines() {
    }

    /**
     * The built-in machine a word names ({@code NAME[:SIZE][+DEVICE...][+FIRMWARE]}), or null if
     * the word does not start with a machine name (it may be a file).
     *
     * @throws ExitCodes.UsageException if it starts with a machine name but the rest is not a
     *     size, devices and a firmware
     */
    public static BuiltIn builtIn(String word) {
        String[] parts = word.split("\\+", -1);
        String[] nameAndSize = parts[0].split(":", 2);
        Name name = Name.byWord(nameAndSize[0]);
        if (name == null) {
            return null;
        }
        Long ram = null;
        try {
            ram = nameAndSize.length == 2 ? SizeConverter.parse(nameAndSize[1]) : null;
        } catch (CommandLine.TypeConversionException e) {
            throw new ExitCodes.UsageException(e.getMessage() + " in '" + word + "'");
        }
        Set<MachineDevice> devices = EnumSet.noneOf(MachineDevice.class);
        Firmware firmware = null;
        for (int i = 1; i < parts.length; i++) {
            Firmware f = enumOrNull(Firmware.class, parts[i]);
            MachineDevice device = MachineDevice.byNameOrNull(parts[i]);
            if (device != null && firmware == null && name.isX86() && devices.add(device)) {
                continue;
            }
            if (f != null && firmware == null && i == parts.length - 1 && (name.isX86() || f == Firmware.none)) {
                firmware = f;
            } else {
                throw new ExitCodes.UsageException("not a built-in machine: '" + word + "' (NAME[:SIZE][+DEVICE][+FIRMWARE]"
                        + "; machines: " + Arrays.toString(Name.values()) + ", devices: [" + MachineDevice.names() + "]"
                        + ", firmware: " + Arrays.toString(Firmware.values())
                        + "; devices and seabios go with pc and q35 only)");
            }
        }
        return new BuiltIn(name, ram, devices, firmware);
    }

    private static <E extends Enum<E>> E enumOrNull(Class<E> type, String text) {
        for (E e : type.getEnumConstants()) {
            if (e.name().equals(text)) {
                return e;
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
     * Loads a map named by a word: {@code NAME[:SIZE][+DEVICE...][+FIRMWARE]} for a built-in machine
     * ({@link #builtIn}), the path
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
        BuiltIn builtIn = builtIn(spec);
        if (builtIn == null) {
            throw new ExitCodes.UsageException("not a built-in machine or a file: '" + spec
                    + "' (machines: " + Arrays.toString(Name.values())
                    + ", firmware: " + Arrays.toString(Firmware.values()) + ")");
        }
        return new MapSource.Loaded(builtIn.buildSystem(), null);
    }
}
