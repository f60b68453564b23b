package dev.physmem.cli.view;

import dev.physmem.MemorySystem;
import dev.physmem.cli.view.MapModel.Legend;
import dev.physmem.cli.view.MapModel.Range;
import dev.physmem.cli.view.MapModel.Space;
import dev.physmem.cli.view.MapModel.Tree;
import dev.physmem.cli.view.MapModel.View;
import dev.physmem.flat.FlatRange;
import dev.physmem.flat.FlatView;
import dev.physmem.inspect.Explainer;
import dev.physmem.inspect.ExplanationFormatter;
import dev.physmem.region.MemoryRegion;
import dev.physmem.space.AddressSpace;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * Builds the {@link MapModel} of a memory system: its address spaces grouped by the flat view
 * they share (as {@code info mtree -f} groups them), every range of each view with its colour kind
 * and the explanation of its first address, and the region trees of the spaces on each view.
 *
 * <p>Reads the system under its topology lock, so views, trees and explanations describe one
 * topology.
 */
final class MapModelBuilder {
    private MapModelBuilder() {
    }

    /** The model of {@code system}'s current topology, titled {@code title}. */
    static MapModel build(MemorySystem system, String title) {
        system.lock();
        try {
            List<Legend> legend = Arrays.stream(RangeKind.values())
                    .map(k -> new Legend(k.cssName(), k.label()))
                    .toList();
            List<View> views = groupBy(system.addressSpaces(), AddressSpace::view).stream()
                    .map(MapModelBuilder::view)
                    .toList();
            return new MapModel(title, legend, views);
        } finally {
            system.unlock();
        }
    }

    private static View view(List<AddressSpace> spaces) {
        AddressSpace first = spaces.getFirst();
        FlatView flat = first.view();
        List<Range> ranges = flat.ranges().stream().map(r -> range(first, r)).toList();
        List<Tree> trees = groupBy(spaces, AddressSpace::root).stream()
                .map(group -> RegionTreeModel.tree(group.getFirst().root(), group.stream().map(AddressSpace::name).toList()))
                .toList();
        return new View(
                spaces.stream().map(as -> new Space(as.name(), as.root().name())).toList(),
                flat.root() == null ? null : flat.root().name(),
                ranges,
                trees);
    }

    /**
     * One range. Its explanation is asked of the view's first address space: every space on a
     * view sees the same region at each address, though the path there may differ.
     */
    private static Range range(AddressSpace space, FlatRange r) {
        MemoryRegion region = r.region();
        return new Range(
                Hex.of(r.start()),
                Hex.of(r.last()),
                region.name(),
                Hex.of(r.offsetInRegion()),
                region.priority(),
                r.typeName(),
                RangeKind.of(r).cssName(),
                ExplanationFormatter.format(space.name(), Explainer.explain(space, r.start())));
    }

    /** Groups by the identity of {@code key} (a flat view, a root region), keeping first-seen order. */
    private static List<List<AddressSpace>> groupBy(List<AddressSpace> spaces, Function<AddressSpace, Object> key) {
        List<Object> keys = new ArrayList<>();
        List<List<AddressSpace>> groups = new ArrayList<>();
        for (AddressSpace as : spaces) {
            Object k = key.apply(as);
            int i = indexOfSame(keys, k);
            if (i < 0) {
                keys.add(k);
                groups.add(new ArrayList<>());
                i = groups.size() - 1;
            }
            groups.get(i).add(as);
        }
        return groups;
    }

    private static int indexOfSame(List<Object> keys, Object key) {
        for (int i = 0; i < keys.size(); i++) {
            if (keys.get(i) == key) {
                return i;
            }
        }
        return -1;
    }
}
