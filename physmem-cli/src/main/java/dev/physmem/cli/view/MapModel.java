package dev.physmem.cli.view;

import java.util.List;
import java.util.Objects;

/**
 * Everything the map page draws, as plain records that {@link Json} writes and the page's script
 * reads by component name. Addresses are absolute guest addresses of the address space, written
 * as 16 lowercase hex digits ({@code %016x}, as {@code info mtree} prints them) so that the
 * script can read them into BigInts without losing bits.
 *
 * @param title the page title
 * @param legend the range kinds, in the order the legend lists them
 * @param views one entry per distinct flat view, in the creation order of its first address space
 */
public record MapModel(String title, List<Legend> legend, List<View> views) {

    public MapModel {
        Objects.requireNonNull(title, "title");
        legend = List.copyOf(legend);
        views = List.copyOf(views);
    }

    /**
     * One legend entry.
     *
     * @param kind the CSS class suffix the page colours ranges of this kind with ({@code k-KIND})
     * @param label what the legend says
     */
    public record Legend(String kind, String label) {
    }

    /**
     * One flat view and the address spaces that share it, as {@code info mtree -f} groups them.
     *
     * @param spaces the address spaces on this view, in creation order
     * @param root name of the region the view was rendered from, or null when nothing renders
     * @param ranges the view's ranges in address order
     * @param trees the region trees of those address spaces, one per distinct root region
     */
    public record View(List<Space> spaces, String root, List<Range> ranges, List<Tree> trees) {
        public View {
            spaces = List.copyOf(spaces);
            ranges = List.copyOf(ranges);
            trees = List.copyOf(trees);
        }
    }

    /**
     * An address space on a view. Names need not be unique (QEMU has five {@code vtd-root}s on
     * one view, each with its own root).
     *
     * @param name the address space's name
     * @param root the name of its own root region, which may differ from the view's root
     */
    public record Space(String name, String root) {
    }

    /**
     * One flat range.
     *
     * @param start first absolute address
     * @param last last absolute address, inclusive
     * @param region name of the terminal region that answers
     * @param offset offset within {@code region} of {@code start}
     * @param prio the terminal region's priority in its container
     * @param type the type {@code info mtree -f} prints ({@code ram}, {@code rom}, {@code nv-ram}, ...)
     * @param kind the colour class, a {@link RangeKind#cssName()}
     * @param explain what {@code explain} says about {@code start}: the path of candidate regions
     */
    public record Range(
            String start, String last, String region, String offset, int prio, String type, String kind, String explain) {
    }

    /**
     * The region tree of the address spaces that share one root region.
     *
     * @param spaces the address-space names, sorted as {@code info mtree} sorts them
     * @param root the root region
     */
    public record Tree(List<String> spaces, Node root) {
        public Tree {
            spaces = List.copyOf(spaces);
        }
    }

    /**
     * One region of a tree, as an {@code info mtree -D} line.
     *
     * @param name the region's name
     * @param start absolute address of its first byte (parent's start + offset in parent)
     * @param last absolute address of its last byte; equals {@code start} for a region of size 0
     * @param prio priority among its siblings
     * @param type the tree type: {@code ram}, {@code rom}, {@code romd}, {@code ramd}, {@code i/o},
     *     with {@code nv-} for a non-volatile region; an alias shows its chain's final type
     * @param disabled whether the region is disabled (invisible with its subtree)
     * @param alias the aliased window for an alias, else null
     * @param children the subregions, by start ascending, then priority descending, then render order
     */
    public record Node(
            String name, String start, String last, int prio, String type, boolean disabled, Alias alias,
            List<Node> children) {
        public Node {
            children = List.copyOf(children);
        }
    }

    /**
     * What an alias shows.
     *
     * @param target name of the aliased region
     * @param start first offset within the target
     * @param last last offset within the target, inclusive
     */
    public record Alias(String target, String start, String last) {
    }
}
