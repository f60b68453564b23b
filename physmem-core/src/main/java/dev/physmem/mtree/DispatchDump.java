package dev.physmem.mtree;

import static dev.physmem.mtree.MtreeText.hex16;

import dev.physmem.flat.FlatRange;
import dev.physmem.flat.FlatView;

/**
 * The {@code Dispatch} section that {@code info mtree -f -d} prints after a FlatView's ranges
 * (FORMAT.md §4.4). QEMU counterpart: {@code mtree_print_dispatch}, which dumps QEMU's own physical
 * sections and radix tree; this dumps physmem's structure in the same format.
 *
 * <p>For now physmem looks addresses up in the FlatView itself, so its sections are the view's
 * ranges: {@code #0} is the unassigned section covering the whole space, then one section per range,
 * in address order, labelled {@code [ROOT]} where the range's region is the view's root. When the
 * dispatch structure gets nodes of its own, this is the one place that dumps them.
 * {@snippet lang=text :
 *   Dispatch
 *     Physical sections
 *       #0 @0000000000000000..ffffffffffffffff (noname) [unassigned]
 *       #1 @0000000000000000..0000000000000007 dma-chan
 *       #2 @0000000000000010..000000000000001f io [ROOT]
 * }
 * Section addresses are absolute and inclusive; no offset and no owner is shown, even with {@code -o}.
 */
final class DispatchDump {

    private DispatchDump() {
    }

    /** Appends the dispatch section of {@code view} (a view with at least one range). */
    static void appendTo(StringBuilder out, FlatView view) {
        out.append("  Dispatch\n");
        out.append("    Physical sections\n");
        out.append("      #0 @");
        hex16(out, 0).append("..");
        hex16(out, -1L).append(" (noname) [unassigned]\n");
        int index = 1;
        for (FlatRange range : view.ranges()) {
            out.append("      #").append(index++).append(" @");
            hex16(out, range.start()).append("..");
            hex16(out, range.last()).append(' ').append(range.region().name());
            if (range.region() == view.root()) {
                out.append(" [ROOT]");
            }
            out.append('\n');
        }
    }
}
