package dev.physmem.models.x86;

import static org.assertj.core.api.Assertions.assertThat;

import dev.physmem.MemorySystem;
import dev.physmem.models.QemuCaptures;
import dev.physmem.models.x86.firmware.FirmwarePreset;
import dev.physmem.mtree.MtreeOptions;
import dev.physmem.mtree.MtreePrinter;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The acceptance test: a built machine, reset or after the SeaBIOS preset, prints exactly what
 * QEMU 7.2 printed for the same command line ({@code -M pc -m 512}, {@code -M q35 -m 2G},
 * {@code -M pc -m 512 -device VGA}, and {@code -M q35 -m 2G -device VGA} from this module's own
 * captures), in
 * every tree and flat-view mode, compared as unordered sets of blocks. The VGA machine has two
 * more states, captured from the same QEMU after the port writes in their {@code ports.txt}
 * (a VBE mode with chain-4 and bank 3), before and after SeaBIOS; the test makes the same writes
 * through the model's I/O address space. The q35 machine with {@code -device intel-iommu} and
 * {@code -device virtio-net-pci} has a third state, {@code te-on} from this module's captures:
 * reset, then translation enabled through the IOMMU's global command register (a qtest
 * {@code writel}), which the test writes through the CPU's memory address space.
 */
class MachineCapturesTest {

    static Stream<Arguments> captures() {
        Stream.Builder<Arguments> cases = Stream.builder();
        for (String[] machine : new String[][] {
                {"pc", "x86_64-pc", "512", ""}, {"q35", "x86_64-q35", "2048", ""},
                {"pc+vga", "x86_64-pc-vga", "512", "vbe-bank running-vbe-bank"},
                {"q35+vga", "x86_64-q35-vga", "2048", ""},
                {"q35+intel-iommu+virtio-net", "x86_64-q35-intel-iommu", "1024", "te-on"}}) {
            for (String state : ("reset running " + machine[3]).trim().split(" ")) {
                for (String file : QemuCaptures.FILES) {
                    cases.add(Arguments.of(machine[0], Long.parseLong(machine[2]) << 20, machine[1], state, file,
                            QemuCaptures.options(file)));
                }
            }
        }
        return cases.build();
    }

    @ParameterizedTest(name = "{0} -m {1}, {3}: {4}")
    @MethodSource("captures")
    void printsWhatQemuPrinted(String type, long ramSize, String dir, String state, String file, MtreeOptions options) {
        String[] typeAndDevices = type.split("\\+");
        X86Machine machine = MachineType.byName(typeAndDevices[0]).build(new MemorySystem(), ramSize,
                devices(Arrays.copyOfRange(typeAndDevices, 1, typeAndDevices.length)));
        FirmwarePreset.byName(state.startsWith("running") ? "seabios" : "none").apply(machine);
        if (state.equals("te-on")) {
            writeRegisters(machine, QemuCaptures.read(dir, state, "qtest.txt"));
        } else if (!state.equals("reset") && !state.equals("running")) {
            writePorts(machine, QemuCaptures.read(dir, state, "ports.txt"));
        }
        assertThat(QemuCaptures.blocks(MtreePrinter.print(machine.system(), options)))
                .containsExactlyElementsOf(QemuCaptures.blocks(QemuCaptures.read(dir, state, file)));
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

    /** Replays qtest's {@code writel ADDR VALUE} lines through the CPU's memory address space. */
    private static void writeRegisters(X86Machine machine, String script) {
        for (String line : script.lines().toList()) {
            String[] f = line.split(" +");
            if (!f[0].equals("writel")) {
                throw new IllegalArgumentException("unknown qtest command: line=" + line);
            }
            machine.memory().stlLe(Long.decode(f[1]), Long.decode(f[2]).intValue());
        }
    }

    /** Replays the monitor's {@code o /b PORT VALUE} and {@code o /h PORT VALUE} lines. */
    private static void writePorts(X86Machine machine, String script) {
        for (String line : script.lines().toList()) {
            String[] f = line.split(" +");
            int port = Integer.decode(f[2]);
            int value = Integer.decode(f[3]);
            switch (f[1]) {
                case "/b" -> machine.ioSpace().stb(port, value);
                case "/h" -> machine.ioSpace().stwLe(port, value);
                default -> throw new IllegalArgumentException("unknown port write: line=" + line);
            }
        }
    }
}
