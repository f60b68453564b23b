package dev.physmem.models.x86;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Test helper: the QEMU 7.2 captures checked in with physmem-core's tests (and, for files that
 * set lacks, the ones in this module's {@code qemu-7.2-local}, taken the same way from the same
 * QEMU build: see the README there), and the comparison their README prescribes: split at empty lines, drop the {@code FlatView #N}
 * numbers, compare the blocks as an unordered collection.
 */
final class QemuCaptures {
    private static final Path ROOT = Path.of("../physmem-core/src/test/resources/qemu-7.2");
    private static final Path LOCAL_ROOT = Path.of("src/test/resources/qemu-7.2-local");

    private QemuCaptures() {
    }

    /** The text of {@code <machine>/<state>/<file>}. */
    static String read(String machine, String state, String file) {
        Path path = ROOT.resolve(machine).resolve(state).resolve(file);
        if (!Files.exists(path)) {
            path = LOCAL_ROOT.resolve(machine).resolve(state).resolve(file);
        }
        try {
            return Files.readString(path);
        } catch (IOException e) {
            throw new UncheckedIOException("capture not readable: path=" + path, e);
        }
    }

    /** The devices named by {@code names} ({@link MachineDevice#shortName()}s; empty strings ignored). */
    static Set<MachineDevice> devices(String... names) {
        Set<MachineDevice> devices = EnumSet.noneOf(MachineDevice.class);
        for (String name : names) {
            if (!name.isEmpty()) {
                devices.add(Objects.requireNonNull(MachineDevice.byNameOrNull(name), name));
            }
        }
        return devices;
    }

    /** The blocks of an {@code info mtree} output, FlatView numbers dropped, sorted. */
    static List<String> blocks(String output) {
        return Arrays.stream(output.split("\n\n"))
                .filter(block -> !block.isEmpty())
                .map(block -> block.replaceFirst("^FlatView #\\d+\n", ""))
                .sorted()
                .toList();
    }
}
