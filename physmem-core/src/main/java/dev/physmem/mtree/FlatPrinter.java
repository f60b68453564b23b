package dev.physmem.mtree;

import static dev.physmem.mtree.MtreeText.hex16;

import dev.physmem.flat.FlatRange;
import dev.physmem.flat.FlatView;
import dev.physmem.region.AliasRegion;
import dev.physmem.region.MemoryRegion;
import dev.physmem.space.AddressSpace;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * Flat-view mode, {@code info mtree -f [-d] [-o]} (FORMAT.md §4). QEMU counterpart:
 * {@code mtree_info_flatview} and {@code mtree_print_flatview}.
 *
 * <p>One block per FlatView, listing the address spaces that use it in creation order. QEMU prints
 * the blocks in hash-table order; here they come in the order their first address space was
 * created, numbered {@code #0, #1, ...}. Address spaces are grouped by the root region of their
 * current view (all address spaces that render nothing form one group), which is the same as
 * grouping by view identity because the core shares one view per root.
 *
 * <p>Range addresses are absolute within the address space; {@code @offset} is the offset of the
 * range's first byte within the terminal region, printed only when non-zero.
 */
final class FlatPrinter {
    private static final Object NO_ROOT = new Object();

    private final StringBuilder out;
    private final MtreeOptions options;

    private FlatPrinter(StringBuilder out, MtreeOptions options) {
        this.out = out;
        this.options = options;
    }

    /** Appends the flat-view output for {@code spaces} (in creation order) to {@code out}. */
    static void print(List<AddressSpace> spaces, MtreeOptions options, StringBuilder out) {
        new FlatPrinter(out, options).printAll(spaces);
    }

    private record Group(FlatView view, List<AddressSpace> spaces) {
    }

    private void printAll(List<AddressSpace> spaces) {
        LinkedHashMap<Object, Group> groups = new LinkedHashMap<>();
        for (AddressSpace as : spaces) {
            FlatView view = as.view();
            Object key = view.root() == null ? NO_ROOT : view.root();
            groups.computeIfAbsent(key, k -> new Group(view, new ArrayList<>())).spaces().add(as);
        }
        int number = 0;
        for (Group group : groups.values()) {
            printView(number++, group.view(), group.spaces());
        }
    }

    private void printView(int number, FlatView view, List<AddressSpace> spaces) {
        out.append("FlatView #").append(number).append('\n');
        for (AddressSpace as : spaces) {
            out.append(" AS \"").append(as.name()).append("\", root: ").append(as.root().name());
            if (as.root() instanceof AliasRegion alias) {
                out.append(", alias ").append(alias.target().name());
            }
            out.append('\n');
        }
        out.append(" Root memory region: ").append(view.root() == null ? "(none)" : view.root().name()).append('\n');
        if (view.size() == 0) {
            out.append(MtreeText.INDENT).append("No rendered FlatView\n\n");
            return;
        }
        for (FlatRange range : view.ranges()) {
            printRange(range, spaces);
        }
        if (options.dispatch() && view.root() != null) {
            DispatchDump.appendTo(out, view);
        }
        out.append('\n');
    }

    private void printRange(FlatRange range, List<AddressSpace> spaces) {
        MemoryRegion mr = range.region();
        out.append(MtreeText.INDENT);
        hex16(out, range.start()).append('-');
        hex16(out, range.last()).append(" (prio ").append(mr.priority()).append(", ");
        out.append(range.typeName()).append("): ").append(mr.name());
        if (range.offsetInRegion() != 0) {
            out.append(" @");
            hex16(out, range.offsetInRegion());
        }
        if (options.owners()) {
            out.append(' ').append(mr.owner().format());
        }
        MtreeOptions.Accel accel = options.accel();
        if (accel != null && hasAccelMemory(accel, range)) {
            for (AddressSpace as : spaces) {
                if (accel.addressSpaces().contains(as.name())) {
                    out.append(' ').append(accel.name());
                }
            }
        }
        out.append('\n');
    }

    /**
     * Whether the accelerator has a memory slot for exactly this range (QEMU: {@code has_memory}):
     * the terminal is backed by host memory ({@code ram}, {@code rom}, {@code romd}, {@code ramd}, not
     * {@code i/o}) and the range starts and ends on a page boundary.
     */
    private static boolean hasAccelMemory(MtreeOptions.Accel accel, FlatRange range) {
        if (range.region().typeName().equals("i/o")) {
            return false;
        }
        long mask = accel.pageSize() - 1;
        return (range.start() & mask) == 0 && (range.size() & mask) == 0;
    }
}
