package dev.physmem.listener;

import static org.assertj.core.api.Assertions.assertThat;

import dev.physmem.MemorySystem;
import dev.physmem.dispatch.MemoryRegionSection;
import dev.physmem.flat.FlatView;
import dev.physmem.flat.Renderer;
import dev.physmem.region.ContainerRegion;
import dev.physmem.region.MemoryRegion;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One commit's sections and diffs are built once and handed to every address space that needs them. */
class ListenerUpdatesTest {
    private final MemorySystem sys = new MemorySystem();
    private final ContainerRegion root = sys.initContainer(null, "root", MemoryRegion.SIZE_2_64);
    private final ListenerUpdates shared = new ListenerUpdates();

    @Test
    void theSectionsOfAViewAreBuiltOncePerSectionEpoch() {
        root.addSubregion(0, sys.initRam(null, "a", 0x1000));
        FlatView view = Renderer.render(root);

        List<MemoryRegionSection> first = shared.sectionsOf(view, 7);

        assertThat(first).hasSize(1);
        assertThat(shared.sectionsOf(view, 7)).isSameAs(first);
        assertThat(shared.sectionsOf(view, 8)).isNotSameAs(first).isEqualTo(first);
    }

    @Test
    void aDiffIsComputedOncePerPairOfListsAndAgainForAnotherTarget() {
        FlatView empty = Renderer.render(root);
        List<MemoryRegionSection> before = shared.sectionsOf(empty, 1);
        root.addSubregion(0, sys.initRam(null, "a", 0x1000));
        List<MemoryRegionSection> after = shared.sectionsOf(Renderer.render(root), 1);

        List<TopologyEvent> events = shared.diff(before, after);

        assertThat(events).extracting(TopologyEvent::kind).containsExactly(TopologyEvent.Kind.REGION_ADD);
        assertThat(shared.diff(before, after)).isSameAs(events);
        assertThat(shared.diff(before, before)).isEmpty();
        shared.clear();
        assertThat(shared.diff(before, after)).isNotSameAs(events).isEqualTo(events);
    }
}
