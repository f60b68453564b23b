package dev.physmem.listener;

import static org.assertj.core.api.Assertions.assertThat;

import dev.physmem.MemorySystem;
import dev.physmem.dirty.DirtyClient;
import dev.physmem.dispatch.MemoryRegionSection;
import dev.physmem.flat.Renderer;
import dev.physmem.listener.TopologyEvent.Kind;
import dev.physmem.region.ContainerRegion;
import dev.physmem.region.CountingEventNotifier;
import dev.physmem.region.EventNotifier;
import dev.physmem.region.IoRegion;
import dev.physmem.region.Ioeventfd;
import dev.physmem.region.MemoryRegion;
import dev.physmem.region.MemoryRegionOps;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The pure functions behind eventfd delivery: placement in a view and the merge of two lists. */
class IoeventfdDiffTest {
    private final MemorySystem sys = new MemorySystem();
    private final IoRegion io = sys.initIo(null, MemoryRegionOps.of((o, s) -> 0, (o, v, s) -> { }), "io", 0x100);
    private final EventNotifier a = new CountingEventNotifier("a");
    private final EventNotifier b = new CountingEventNotifier("b");

    private AddressSpaceIoeventfd at(long start, int size, boolean matchData, long data, EventNotifier e) {
        Ioeventfd fd = new Ioeventfd(start, size, matchData, data, e);
        return new AddressSpaceIoeventfd(new MemoryRegionSection(io, start, start, size, false, false, false,
                DirtyClient.setOf(0)), fd);
    }

    private static List<String> render(List<TopologyEvent> events) {
        return events.stream().map(e -> e.kind() + " " + Long.toHexString(e.section().offsetWithinAddressSpace())
                + "+" + e.section().size() + " " + e.eventfd().notifier()).toList();
    }

    @Test
    void equalListsGiveNoEvents() {
        List<AddressSpaceIoeventfd> fds = List.of(at(0x10, 4, false, 0, a), at(0x20, 2, true, 1, b));

        assertThat(IoeventfdDiff.diff(fds, List.copyOf(fds))).isEmpty();
    }

    @Test
    void theMergeInterleavesDeletionsAndAdditionsInAddressOrder() {
        List<AddressSpaceIoeventfd> olds = List.of(at(0x10, 4, false, 0, a), at(0x30, 4, false, 0, a));
        List<AddressSpaceIoeventfd> news = List.of(at(0x20, 4, false, 0, b), at(0x30, 4, false, 0, a),
                at(0x40, 4, false, 0, b));

        assertThat(render(IoeventfdDiff.diff(olds, news)))
                .containsExactly("EVENTFD_DEL 10+4 a", "EVENTFD_ADD 20+4 b", "EVENTFD_ADD 40+4 b");
    }

    @Test
    void sizeDataRuleAndDataEachMakeADifferentEventfd() {
        List<AddressSpaceIoeventfd> olds = List.of(at(0x10, 2, false, 0, a), at(0x10, 4, true, 1, a));
        List<AddressSpaceIoeventfd> news = List.of(at(0x10, 4, false, 0, a), at(0x10, 4, true, 2, a));

        assertThat(IoeventfdDiff.diff(olds, news)).extracting(TopologyEvent::kind)
                .containsExactly(Kind.EVENTFD_DEL, Kind.EVENTFD_ADD, Kind.EVENTFD_DEL, Kind.EVENTFD_ADD);
    }

    @Test
    void withinEqualKeysNotifiersAreMatchedOneToOne() {
        List<AddressSpaceIoeventfd> olds = List.of(at(0x10, 4, false, 0, a), at(0x10, 4, false, 0, a));
        List<AddressSpaceIoeventfd> news = List.of(at(0x10, 4, false, 0, b), at(0x10, 4, false, 0, a));

        assertThat(render(IoeventfdDiff.diff(olds, news))).containsExactly("EVENTFD_DEL 10+4 a", "EVENTFD_ADD 10+4 b");
    }

    @Test
    void aSizeZeroEventfdIsShownWhereItsAddressIsAndNowhereElse() {
        ContainerRegion root = sys.initContainer(null, "root", MemoryRegion.SIZE_2_64);
        root.addSubregion(0x1000, io);
        IoRegion cover = sys.initIo(null, MemoryRegionOps.of((o, s) -> 0, (o, v, s) -> { }), "cover", 0x10);
        root.addSubregionOverlap(0x1000, cover, 1);
        io.addEventfd(0x0c, 0, false, 0, a); // hidden
        io.addEventfd(0x10, 0, false, 0, b); // first visible byte

        assertThat(IoeventfdDiff.ioeventfdsOf(Renderer.render(root)))
                .extracting(AddressSpaceIoeventfd::start, fd -> fd.eventfd().notifier())
                .containsExactly(org.assertj.core.groups.Tuple.tuple(0x1010L, b));
    }
}
