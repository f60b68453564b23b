package dev.physmem.models;

import static org.assertj.core.api.Assertions.assertThat;

import dev.physmem.MemorySystem;
import dev.physmem.mtree.MtreePrinter;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The acceptance test of the {@code virt} machines: a built machine prints exactly what QEMU 7.2
 * printed for the same command line ({@code -M virt -cpu cortex-a57 -m 1G} on
 * {@code qemu-system-aarch64}, {@code -M virt -m 512} on {@code qemu-system-riscv64}), in every
 * tree and flat-view mode, compared as unordered sets of blocks; with {@code -f -d}, everything but
 * the dispatch sections (QEMU's own radix tree). The riscv64 {@code running} state (OpenSBI ran
 * for 4 s) changes no mapping, so the machine at reset must print it too.
 */
class VirtMachineCapturesTest {

    /** A captured machine: its directory, its states, and how to build it. */
    private record Captured(String dir, List<String> states, Function<MemorySystem, MemorySystem> build) {
    }

    private static final List<Captured> MACHINES = List.of(
            new Captured("aarch64-virt", List.of("reset"),
                    s -> dev.physmem.models.arm.VirtMachine.build(s, 1L << 30).system()),
            new Captured("riscv64-virt", List.of("reset", "running"),
                    s -> dev.physmem.models.riscv.VirtMachine.build(s, 512L << 20).system()));

    static Stream<Arguments> files() {
        return cases(QemuCaptures.FILES);
    }

    static Stream<Arguments> dispatchFiles() {
        return cases(QemuCaptures.DISPATCH_FILES);
    }

    private static Stream<Arguments> cases(List<String> files) {
        return MACHINES.stream().flatMap(m -> m.states().stream()
                .flatMap(state -> files.stream().map(file -> Arguments.of(m.dir(), state, file, m))));
    }

    @ParameterizedTest(name = "{0}, {1}: {2}")
    @MethodSource("files")
    void printsWhatQemuPrinted(String dir, String state, String file, Captured machine) {
        String printed = MtreePrinter.print(machine.build().apply(new MemorySystem()), QemuCaptures.options(file));

        assertThat(QemuCaptures.blocks(printed))
                .containsExactlyElementsOf(QemuCaptures.blocks(QemuCaptures.read(dir, state, file)));
    }

    @ParameterizedTest(name = "{0}, {1}: {2}")
    @MethodSource("dispatchFiles")
    void printsQemusFlatViewsBeforeItsOwnDispatchSections(String dir, String state, String file,
            Captured machine) {
        String printed = MtreePrinter.print(machine.build().apply(new MemorySystem()), QemuCaptures.options(file));

        assertThat(printed).contains("  Dispatch\n    Physical sections\n");
        assertThat(QemuCaptures.blocks(QemuCaptures.withoutDispatch(printed))).containsExactlyElementsOf(
                QemuCaptures.blocks(QemuCaptures.withoutDispatch(QemuCaptures.read(dir, state, file))));
    }
}
