package dev.physmem.mtree;

import dev.physmem.MemorySystem;
import java.util.Objects;

/**
 * Prints a {@link MemorySystem} the way QEMU 7.2's HMP command {@code info mtree} prints a machine,
 * byte for byte (with {@code \n} line ends where the monitor sends {@code \r\n}). QEMU counterpart:
 * {@code mtree_info()} in {@code softmmu/memory.c}.
 *
 * <h2>Output</h2>
 * A sequence of blocks, each followed by one empty line: in tree mode the {@code address-space:}
 * groups then the {@code memory-region:} blocks of alias targets (FORMAT.md §3); in flat mode one
 * {@code FlatView #N} block per distinct view (§4). QEMU orders the blocks by hashing pointers, so
 * only the set of blocks is comparable with QEMU's; physmem's order is deterministic: the order in
 * which address spaces were created, then alias targets in the order first met.
 * {@snippet :
 * String text = MtreePrinter.print(system, MtreeOptions.flatView().withOwners()); // info mtree -f -o
 * }
 *
 * <h2>Thread safety</h2>
 * Holds the system's topology lock while printing, so the tree does not change under it. Flat views
 * are the ones last published; inside an open transaction they do not show its changes yet.
 */
public final class MtreePrinter {

    private MtreePrinter() {
    }

    /**
     * The text of {@code info mtree} with {@code options} for {@code system}.
     *
     * @return the output, never empty for a system with an address space; every line ends with
     *     {@code \n} and every block with an empty line
     */
    public static String print(MemorySystem system, MtreeOptions options) {
        Objects.requireNonNull(system, "system");
        Objects.requireNonNull(options, "options");
        StringBuilder out = new StringBuilder(4096);
        system.lock();
        try {
            if (options.flat()) {
                FlatPrinter.print(system.addressSpaces(), options, out);
            } else {
                TreePrinter.print(system.addressSpaces(), options, out);
            }
        } finally {
            system.unlock();
        }
        return out.toString();
    }
}
