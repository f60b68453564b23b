package dev.physmem.mtree;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Golden tests against real QEMU 7.2 output: every captured machine state under
 * {@code src/test/resources/qemu-7.2/<machine>/<state>/} is imported from {@code mtree-o-D.txt} and
 * {@code hints.txt}, then printed in every mode and compared with what QEMU printed, as unordered
 * sets of blocks (QEMU's block order is hash order).
 */
class MtreeGoldenTest {
    private static final Path CAPTURES = capturesRoot();
    private static final Map<Path, ImportedMachine> MACHINES = new ConcurrentHashMap<>();

    /** A mode of {@code info mtree} and the capture file that holds QEMU's output for it. */
    private record Mode(String file, MtreeOptions options) {
        @Override
        public String toString() {
            return options.command();
        }
    }

    private static final List<Mode> MODES = List.of(
            new Mode("mtree.txt", MtreeOptions.tree()),
            new Mode("mtree-o.txt", MtreeOptions.tree().withOwners()),
            new Mode("mtree-D.txt", MtreeOptions.tree().withDisabled()),
            new Mode("mtree-o-D.txt", MtreeOptions.tree().withOwners().withDisabled()),
            new Mode("mtree-f.txt", MtreeOptions.flatView()),
            new Mode("mtree-f-o.txt", MtreeOptions.flatView().withOwners()));

    private static final List<Mode> DISPATCH_MODES = List.of(
            new Mode("mtree-f-d.txt", MtreeOptions.flatView().withDispatch()),
            new Mode("mtree-f-d-o.txt", MtreeOptions.flatView().withDispatch().withOwners()));

    static Stream<Arguments> statesAndModes() {
        return states().flatMap(state -> MODES.stream().map(mode -> Arguments.of(name(state), state, mode)));
    }

    static Stream<Arguments> statesAndDispatchModes() {
        return states().flatMap(state -> DISPATCH_MODES.stream().map(mode -> Arguments.of(name(state), state, mode)));
    }

    @ParameterizedTest(name = "{0}: {2}")
    @MethodSource("statesAndModes")
    void importedMachinePrintsTheBlocksQemuPrinted(String name, Path state, Mode mode) throws IOException {
        String expected = Files.readString(state.resolve(mode.file()));
        String actual = MtreePrinter.print(machine(state).system(), mode.options().withAccel(machine(state).accel()));

        assertThat(MtreeBlocks.difference(expected, actual)).as("%s %s", name, mode).isEmpty();
        assertThat(actual).endsWith("\n\n").doesNotContain("\r");
    }

    @ParameterizedTest(name = "{0}: {2}")
    @MethodSource("statesAndDispatchModes")
    void flatViewsWithDispatchPrintQemusRangesBeforeTheirOwnDispatchSection(String name, Path state, Mode mode)
            throws IOException {
        String expected = MtreeBlocks.withoutDispatch(Files.readString(state.resolve(mode.file())));
        String actual = MtreePrinter.print(machine(state).system(), mode.options().withAccel(machine(state).accel()));

        assertThat(actual).contains("  Dispatch\n    Physical sections\n");
        assertThat(MtreeBlocks.difference(expected, MtreeBlocks.withoutDispatch(actual))).as("%s %s", name, mode).isEmpty();
    }

    private static ImportedMachine machine(Path state) {
        return MACHINES.computeIfAbsent(state, s -> {
            try {
                return QemuMtreeImporter.importDump(s.resolve("mtree-o-D.txt"), s.resolve("hints.txt"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private static Stream<Path> states() {
        try (Stream<Path> files = Files.find(CAPTURES, 3, (p, a) -> p.getFileName().toString().equals("mtree-o-D.txt"))) {
            List<Path> states = files.map(Path::getParent).sorted().toList();
            assertThat(states).as("captured states under %s", CAPTURES).isNotEmpty();
            return states.stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String name(Path state) {
        return CAPTURES.relativize(state).toString();
    }

    private static Path capturesRoot() {
        try {
            return Path.of(MtreeGoldenTest.class.getResource("/qemu-7.2").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
