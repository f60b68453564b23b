package dev.physmem.mtree;

import static dev.physmem.mtree.MtreeText.hex16;

import dev.physmem.flat.DispatchTrie;
import dev.physmem.flat.DispatchTrieVisitor;
import dev.physmem.flat.FlatRange;
import dev.physmem.flat.FlatView;
import dev.physmem.iommu.IommuMemoryRegion;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;

/**
 * The {@code Dispatch} section that {@code info mtree -f -d} prints after a FlatView's ranges
 * (FORMAT.md §4.4). QEMU counterpart: {@code mtree_print_dispatch}, which dumps QEMU's own physical
 * sections and radix tree; this dumps physmem's {@link DispatchTrie} in the same format.
 *
 * <h2>Physical sections</h2>
 * {@code #0} is the unassigned section covering the whole space. Then, numbered in the order a
 * walk of the tree in address order meets them: each range that a leaf points to, once, with the
 * range's whole extent; and for each subpage (a page that several ranges share) a
 * {@code (noname)} section for the page followed by one section per range inside it, cut to the
 * page, as QEMU lists a subpage's sections. Labels: {@code [ROOT]} where the range's region is
 * the view's root; {@code [iommu]} where the region is an IOMMU region, in QEMU's order. QEMU's
 * historical labels for sections #1 to #3 are not printed, since physmem's numbering is its own,
 * and neither is its {@code [MRU]}: physmem keeps no most recently used section
 * ({@link FlatView#lookup} says why).
 *
 * <h2>Nodes</h2>
 * {@code Nodes (B bits per level, L levels) ptr=P skip=S} describes the root entry: {@code [0]}
 * with the levels it skips, or a section when the whole space is one leaf. Nodes are numbered in
 * preorder and printed in that order, each as {@code [N]} and its slots, run-length compressed
 * into lines of equal (skip, ptr): {@code ptr=[n]} is a node one level down ({@code skip=1}),
 * {@code ptr=#n} a section ({@code skip=0}), {@code ptr=NIL} no range ({@code skip=1}, as QEMU
 * prints it). The output depends only on the view, so it is deterministic.
 * {@snippet lang=text :
 *   Dispatch
 *     Physical sections
 *       #0 @0000000000000000..ffffffffffffffff (noname) [unassigned]
 *       #1 @0000000000000000..0000000000000fff (noname)
 *       #2 @0000000000000000..000000000000001f io [ROOT]
 *       #3 @0000000000000020..0000000000000021 pic
 *       #4 @0000000000000022..0000000000000fff io [ROOT]
 *       #5 @0000000000000022..000000000000ffff io [ROOT]
 *     Nodes (6 bits per level, 9 levels) ptr=[0] skip=9
 *       [0]
 *   	  0       skip=0  ptr=#1
 *   	  1..15   skip=0  ptr=#5
 *   	 16..63   skip=1  ptr=NIL
 * }
 * Section addresses are absolute and inclusive; no offset and no owner is shown, even with {@code -o}.
 */
final class DispatchDump {

    private DispatchDump() {
    }

    /** Appends the dispatch section of {@code view} (a view with at least one range). */
    static void appendTo(StringBuilder out, FlatView view) {
        Collector c = new Collector(view);
        view.dispatch().accept(c);
        out.append("  Dispatch\n");
        out.append("    Physical sections\n");
        out.append("      #0 @");
        hex16(out, 0).append("..");
        hex16(out, -1L).append(" (noname) [unassigned]\n");
        out.append(c.sections);
        out.append("    Nodes (").append(DispatchTrie.BITS_PER_LEVEL).append(" bits per level, ")
                .append(DispatchTrie.LEVELS).append(" levels) ptr=").append(c.rootPtr)
                .append(" skip=").append(c.rootSkip).append('\n');
        for (int n = 0; n < c.nodes.size(); n++) {
            out.append("      [").append(n).append("]\n");
            appendSlots(out, c.nodes.get(n));
        }
    }

    /** One line per run of equal slots: TAB, the slot field (8 columns), {@code skip}, {@code ptr}. */
    private static void appendSlots(StringBuilder out, String[] slots) {
        int i = 0;
        while (i < slots.length) {
            int j = i;
            while (j + 1 < slots.length && slots[j + 1].equals(slots[i])) {
                j++;
            }
            out.append('\t');
            String field = j == i ? pad3(i) + "     " : pad3(i) + ".." + String.format("%-3d", j);
            out.append(field).append("  ").append(slots[i]).append('\n');
            i = j + 1;
        }
    }

    private static String pad3(int n) {
        return String.format("%3d", n);
    }

    /** Numbers sections and nodes in one walk of the tree and keeps their printed forms. */
    private static final class Collector implements DispatchTrieVisitor {
        private final FlatView view;
        private final IdentityHashMap<FlatRange, Integer> rangeSections = new IdentityHashMap<>();
        private final List<String[]> nodes = new ArrayList<>();
        private final ArrayList<String[]> open = new ArrayList<>();
        private final StringBuilder sections = new StringBuilder();
        private int nextSection = 1;
        private String rootPtr;
        private int rootSkip;

        Collector(FlatView view) {
            this.view = view;
        }

        @Override
        public void root(int level, int skip) {
            rootSkip = skip;
            rootPtr = level >= 0 ? "[0]" : null;
        }

        @Override
        public void enterNode(int level) {
            String[] slots = new String[DispatchTrie.SLOTS];
            nodes.add(slots);
            open.add(slots);
        }

        @Override
        public void exitNode(int level) {
            open.removeLast();
        }

        @Override
        public void slotNode(int slot) {
            // Preorder: the child about to be entered gets the next node number.
            put(slot, "skip=1  ptr=[" + nodes.size() + "]");
        }

        @Override
        public void slotEmpty(int slot) {
            put(slot, "skip=1  ptr=NIL");
        }

        @Override
        public void slotRange(int slot, FlatRange range) {
            Integer n = rangeSections.get(range);
            if (n == null) {
                n = section(range.start(), range.last(), range);
                rangeSections.put(range, n);
            }
            put(slot, "skip=0  ptr=#" + n);
        }

        @Override
        public void slotSubpage(int slot, long pageAddress, List<FlatRange> ranges) {
            long pageLast = pageAddress + (1L << DispatchTrie.PAGE_BITS) - 1;
            int n = section(pageAddress, pageLast, null);
            for (FlatRange r : ranges) {
                long first = Long.compareUnsigned(r.start(), pageAddress) < 0 ? pageAddress : r.start();
                long last = Long.compareUnsigned(r.last(), pageLast) > 0 ? pageLast : r.last();
                section(first, last, r);
            }
            put(slot, "skip=0  ptr=#" + n);
        }

        /** Prints a section line (a {@code (noname)} one when {@code range} is null); returns its number. */
        private int section(long first, long last, FlatRange range) {
            int n = nextSection++;
            sections.append("      #").append(n).append(" @");
            hex16(sections, first).append("..");
            hex16(sections, last).append(' ');
            if (range == null) {
                sections.append("(noname)");
            } else {
                sections.append(range.region().name());
                if (range.region() == view.root()) {
                    sections.append(" [ROOT]");
                }
                if (range.region() instanceof IommuMemoryRegion) {
                    sections.append(" [iommu]");
                }
            }
            sections.append('\n');
            return n;
        }

        private void put(int slot, String entry) {
            if (slot < 0) {
                // The root is a leaf: "skip=0  ptr=#n" becomes the header's ptr and skip.
                rootPtr = entry.substring(entry.indexOf("ptr=") + 4);
                return;
            }
            open.getLast()[slot] = entry;
        }
    }
}
