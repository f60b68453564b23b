package dev.physmem.listener;

import static org.assertj.core.api.Assertions.assertThat;

import dev.physmem.MemorySystem;
import dev.physmem.region.ContainerRegion;
import dev.physmem.region.CountingEventNotifier;
import dev.physmem.region.IoRegion;
import dev.physmem.region.MemoryRegion;
import dev.physmem.region.MemoryRegionOps;
import dev.physmem.space.AddressSpace;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Eventfds as memory listeners see them: QEMU's {@code address_space_update_ioeventfds} placement
 * and {@code address_space_add_del_ioeventfds} order, within physmem's per-address-space delivery.
 */
class IoeventfdListenerTest {
    private final MemorySystem sys = new MemorySystem();
    private final ContainerRegion root = sys.initContainer(null, "root", MemoryRegion.SIZE_2_64);
    private final MemoryRegionOps ops = MemoryRegionOps.of((offset, size) -> 0, (offset, value, size) -> { });
    private final IoRegion io = sys.initIo(null, ops, "io", 0x100);
    private final CountingEventNotifier a = new CountingEventNotifier("a");
    private final CountingEventNotifier b = new CountingEventNotifier("b");
    private final List<String> log = new ArrayList<>();
    private final AddressSpace as;

    IoeventfdListenerTest() {
        root.addSubregion(0x1000, io);
        as = sys.addressSpace(root, "memory");
    }

    private RecordingListener listener(String name, int priority) {
        RecordingListener l = new RecordingListener(name, priority, log);
        as.registerListener(l);
        return l;
    }

    @Test
    void anEventfdAloneArrivesWithoutBracketAddedInReverseListenerOrderDeletedForward() {
        listener("P0", 0);
        listener("P1", 1);
        log.clear();

        io.addEventfd(0x10, 4, true, 0x55, a);
        io.delEventfd(0x10, 4, true, 0x55, a);

        assertThat(log).containsExactly("P1 eventfdAdd io@1010+4=55 a", "P0 eventfdAdd io@1010+4=55 a",
                "P0 eventfdDel io@1010+4=55 a", "P1 eventfdDel io@1010+4=55 a");
    }

    @Test
    void aSizeZeroEventfdIsReportedWithSizeZero() {
        listener("L", 0);
        log.clear();

        io.addEventfd(0x10, 0, false, 0, a);

        assertThat(log).containsExactly("L eventfdAdd io@1010+0 a");
    }

    @Test
    void eventfdsOfATopologyChangeFollowItsRegionEventsInsideTheBracket() {
        listener("L", 0);
        IoRegion other = sys.initIo(null, ops, "other", 0x100);
        log.clear();

        try (var tx = sys.transaction()) {
            other.addEventfd(0x8, 2, false, 0, a);
            root.addSubregion(0x3000, other);
            io.addEventfd(0x20, 1, false, 0, b);
        }

        assertThat(log).containsExactly("L begin", "L nop io@1000+100", "L add other@3000+100",
                "L eventfdAdd io@1020+1 b", "L eventfdAdd other@3008+2 a", "L commit");
    }

    @Test
    void disablingARegionDeletesItsEventfdsAfterItsSections() {
        io.addEventfd(0x10, 4, false, 0, a);
        listener("L", 0);
        log.clear();

        io.setEnabled(false);

        assertThat(log).containsExactly("L begin", "L del io@1000+100", "L eventfdDel io@1010+4 a", "L commit");
    }

    @Test
    void eventfdsAddedAndDeletedInOneTransactionAreNeverSeen() {
        listener("L", 0);
        log.clear();

        try (var tx = sys.transaction()) {
            io.addEventfd(0x10, 4, false, 0, a);
            io.delEventfd(0x10, 4, false, 0, a);
        }

        assertThat(log).isEmpty();
    }

    @Test
    void anEventfdShownThroughAnAliasAppearsAtTheAliasAddress() {
        IoRegion hidden = sys.initIo(null, ops, "hidden", 0x100);
        hidden.addEventfd(0x44, 4, false, 0, a);
        root.addSubregion(0x8000, sys.initAlias(null, "window", hidden, 0x40, 0x10));

        listener("L", 0);

        assertThat(log).contains("L eventfdAdd hidden@8004+4 a");
        assertThat(as.listeners().ioeventfds()).singleElement()
                .satisfies(fd -> assertThat(fd.section().offsetWithinRegion()).isEqualTo(0x44));
    }

    @Test
    void aRegionShownTwiceShowsItsEventfdTwice() {
        root.addSubregion(0x5000, sys.initAlias(null, "mirror", io, 0, 0x100));
        io.addEventfd(0x10, 2, false, 0, a);

        listener("L", 0);

        assertThat(log).containsSubsequence("L eventfdAdd io@1010+2 a", "L eventfdAdd io@5010+2 a");
        assertThat(as.listeners().ioeventfds()).hasSize(2);
    }

    @Test
    void anEventfdInAHiddenPartIsNotShownUntilUncovered() {
        IoRegion cover = sys.initIo(null, ops, "cover", 0x20);
        root.addSubregionOverlap(0x1000, cover, 1);
        io.addEventfd(0x10, 4, false, 0, a);
        io.addEventfd(0x1e, 4, false, 0, b); // straddles the cover's end: partly visible
        listener("L", 0);
        assertThat(log).containsExactly("L begin", "L add cover@1000+20", "L add io@1020+e0",
                "L eventfdAdd io@101e+4 b", "L commit");
        log.clear();

        root.delSubregion(cover);

        assertThat(log).containsExactly("L begin", "L del cover@1000+20", "L del io@1020+e0", "L add io@1000+100",
                "L eventfdAdd io@1010+4 a", "L commit");
    }

    @Test
    void registrationReplaysEventfdsAfterTheRegionsAndUnregistrationDeletesThemFirst() {
        io.addEventfd(0x10, 4, false, 0, a);
        RecordingListener l = listener("L", 0);
        assertThat(log).containsExactly("L begin", "L add io@1000+100", "L eventfdAdd io@1010+4 a", "L commit");
        log.clear();

        as.unregisterListener(l);

        assertThat(log).containsExactly("L begin", "L eventfdDel io@1010+4 a", "L del io@1000+100", "L commit");
    }

    @Test
    void aSpaceThatDoesNotShowTheRegionHearsNothing() {
        ContainerRegion otherRoot = sys.initContainer(null, "other-root", MemoryRegion.SIZE_2_64);
        otherRoot.addSubregion(0, sys.initIo(null, ops, "elsewhere", 0x100));
        AddressSpace other = sys.addressSpace(otherRoot, "other");
        other.registerListener(new RecordingListener("O", 0, log));
        log.clear();

        io.addEventfd(0x10, 4, false, 0, a);

        assertThat(log).isEmpty();
    }

    @Test
    void equalEventfdsWithDifferentNotifiersAreTrackedApart() {
        io.addEventfd(0x10, 4, false, 0, a);
        listener("L", 0);
        log.clear();

        try (var tx = sys.transaction()) {
            io.delEventfd(0x10, 4, false, 0, a);
            io.addEventfd(0x10, 4, false, 0, b);
        }

        assertThat(log).containsExactly("L eventfdDel io@1010+4 a", "L eventfdAdd io@1010+4 b");
    }
}
