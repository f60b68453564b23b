package dev.physmem.models.x86;

import dev.physmem.MemorySystem;
import dev.physmem.flat.FlatRange;
import dev.physmem.flat.FlatView;
import dev.physmem.space.AddressSpace;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Test helper: compares a model's FlatViews with a QEMU 7.2 {@code info mtree -f} capture.
 *
 * <p>Both sides become a sorted list of blocks (a block is one FlatView: its {@code AS} lines,
 * its root line and its range lines; the {@code FlatView #N} header is dropped), so the
 * comparison ignores the hash-table order in which QEMU prints FlatViews. The model side is
 * formatted with the rules of the capture's range lines ({@code START-END (prio P, TYPE):
 * NAME[ @OFFSET]}); this stays a test helper until the project's {@code info mtree} printer
 * exists.
 */
final class GoldenFlatViews {
    private static final Path SHARED_CAPTURES = Path.of("../physmem-core/src/test/resources/qemu-7.2");
    private static final Path LOCAL_FALLBACK = Path.of("/work/shared/qemu-7.2");

    private GoldenFlatViews() {
    }

    /** The text of {@code <machine>/<state>/<file>} from the checked-in QEMU 7.2 captures. */
    static String capture(String machine, String state, String file) {
        Path relative = Path.of(machine, state, file);
        Path path = SHARED_CAPTURES.resolve(relative);
        if (!Files.exists(path)) {
            path = LOCAL_FALLBACK.resolve(relative);
        }
        try {
            return Files.readString(path);
        } catch (IOException e) {
            throw new UncheckedIOException("capture not found: " + relative, e);
        }
    }

    /** The blocks of an {@code info mtree -f} text, without FlatView numbers, sorted. */
    static List<String> blocks(String text) {
        List<String> blocks = new ArrayList<>();
        StringBuilder block = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            if (line.isEmpty()) {
                if (!block.isEmpty()) {
                    blocks.add(block.toString());
                    block.setLength(0);
                }
            } else if (!line.startsWith("FlatView #")) {
                block.append(line).append('\n');
            }
        }
        if (!block.isEmpty()) {
            blocks.add(block.toString());
        }
        blocks.sort(null);
        return blocks;
    }

    /** Every FlatView of {@code system} as {@code info mtree -f} prints it. */
    static String flatViews(MemorySystem system) {
        Map<FlatView, List<AddressSpace>> groups = new IdentityHashMap<>();
        for (AddressSpace as : system.addressSpaces()) {
            groups.computeIfAbsent(as.view(), v -> new ArrayList<>()).add(as);
        }
        List<FlatView> views = new ArrayList<>();
        for (AddressSpace as : system.addressSpaces()) {
            if (!views.contains(as.view())) {
                views.add(as.view());
            }
        }
        StringBuilder out = new StringBuilder();
        int n = 0;
        for (FlatView view : views) {
            out.append("FlatView #").append(n++).append('\n');
            for (AddressSpace as : groups.get(view)) {
                out.append(" AS \"").append(as.name()).append("\", root: ").append(as.root().name()).append('\n');
            }
            out.append(" Root memory region: ").append(view.root() == null ? "(none)" : view.root().name())
                    .append('\n');
            if (view.size() == 0) {
                out.append("  No rendered FlatView\n");
            }
            for (FlatRange r : view.ranges()) {
                out.append(range(r)).append('\n');
            }
            out.append('\n');
        }
        return out.toString();
    }

    /** Only the FlatView that {@code as} renders to, as a block of {@link #blocks}. */
    static String flatView(MemorySystem system, String asName) {
        for (String block : blocks(flatViews(system))) {
            if (block.contains(" AS \"" + asName + "\",")) {
                return block;
            }
        }
        throw new IllegalArgumentException("no address space: name=" + asName);
    }

    /** The capture's block that holds {@code asName}. */
    static String capturedFlatView(String text, String asName) {
        for (String block : blocks(text)) {
            if (block.contains(" AS \"" + asName + "\",")) {
                return block;
            }
        }
        throw new IllegalArgumentException("no address space in capture: name=" + asName);
    }

    private static String range(FlatRange r) {
        String line = "  %016x-%016x (prio %d, %s): %s".formatted(
                r.start(), r.last(), r.region().priority(), r.typeName(), r.region().name());
        return r.offsetInRegion() == 0 ? line : line + " @%016x".formatted(r.offsetInRegion());
    }
}
