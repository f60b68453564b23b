package dev.physmem.mtree;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Compares {@code info mtree} outputs as QEMU's README says: split at empty lines, drop the
 * {@code FlatView #N} numbers, compare the blocks as an unordered collection.
 */
final class MtreeBlocks {

    private MtreeBlocks() {
    }

    /** The blocks of {@code output}, normalised and sorted. */
    static List<String> of(String output) {
        return Arrays.stream(output.split("\n\n"))
                .filter(b -> !b.isEmpty())
                .map(b -> b.replaceFirst("^FlatView #\\d+", "FlatView #N"))
                .sorted()
                .toList();
    }

    /** {@code output} with every {@code -d} section (from {@code "  Dispatch"} to the block's end) removed. */
    static String withoutDispatch(String output) {
        return output.replaceAll("(?m)^  Dispatch\n(.+\n)*", "");
    }

    /** An empty string when the two outputs have the same blocks, else the blocks only one of them has. */
    static String difference(String expected, String actual) {
        List<String> missing = minus(of(expected), of(actual));
        List<String> unexpected = minus(of(actual), of(expected));
        if (missing.isEmpty() && unexpected.isEmpty()) {
            return "";
        }
        return "blocks QEMU printed that physmem did not:\n" + String.join("\n\n", missing)
                + "\n\nblocks physmem printed that QEMU did not:\n" + String.join("\n\n", unexpected) + "\n";
    }

    private static List<String> minus(List<String> a, List<String> b) {
        Map<String, Long> counts = new HashMap<>(b.stream().collect(Collectors.groupingBy(s -> s, Collectors.counting())));
        List<String> out = new ArrayList<>();
        for (String block : a) {
            long n = counts.getOrDefault(block, 0L);
            if (n > 0) {
                counts.put(block, n - 1);
            } else {
                out.add(block);
            }
        }
        return out;
    }
}
