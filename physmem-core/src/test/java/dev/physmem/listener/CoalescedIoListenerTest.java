package dev.physmem.listener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.physmem.MemorySystem;
import dev.physmem.region.CoalescedMemoryRange;
import dev.physmem.region.ContainerRegion;
import dev.physmem.region.IoRegion;
import dev.physmem.region.MemoryRegion;
import dev.physmem.region.MemoryRegionOps;
import dev.physmem.space.AddressSpace;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Coalesced MMIO ranges as listeners see them: at once when a shown region's ranges change, and
 * around the region events of a topology change (QEMU's {@code flat_range_coalesced_io_add/del}).
 */
class CoalescedIoListenerTest {
    private final MemorySystem sys = new MemorySystem();
    private final ContainerRegion root = sys.initContainer(null, "root", MemoryRegion.SIZE_2_64);
    private final MemoryRegionOps ops = MemoryRegionOps.of((offset, size) -> 0, (offset, value, size) -> { });
    private final IoRegion io = sys.initIo(null, ops, "io", 0x100);
    private final List<String> log = new ArrayList<>();
    private final AddressSpace as;

    CoalescedIoListenerTest() {
        root.addSubregion(0x1000, io);
        as = sys.addressSpace(root, "memory");
    }

    private void listeners() {
        as.registerListener(new RecordingListener("P0", 0, log));
        as.registerListener(new RecordingListener("P1", 1, log));
        log.clear();
    }

    @Test
    void addingARangeToAShownRegionIsReportedAtOnceForwardAndSetsTheFlushFlag() {
        listeners();

        io.addCoalescing(0x10, 0x20);

        assertThat(log).containsExactly("P0 coalescedIoAdd io@1000+100 1010+20", "P1 coalescedIoAdd io@1000+100 1010+20");
        assertThat(io.isFlushCoalesced()).isTrue();
        assertThat(io.coalescedRanges()).containsExactly(new CoalescedMemoryRange(0x10, 0x20));
    }

    @Test
    void clearingReportsEachRangeInReverseAndClearsTheFlushFlag() {
        io.addCoalescing(0x10, 0x20);
        io.addCoalescing(0x80, 0x8);
        listeners();

        io.clearCoalescing();

        assertThat(log).containsExactly("P1 coalescedIoDel io@1000+100 1010+20", "P0 coalescedIoDel io@1000+100 1010+20",
                "P1 coalescedIoDel io@1000+100 1080+8", "P0 coalescedIoDel io@1000+100 1080+8");
        assertThat(io.isFlushCoalesced()).isFalse();
        assertThat(io.coalescedRanges()).isEmpty();
    }

    @Test
    void aMovedRegionsRangesGoBeforeItsDeletionAndAfterItsAddition() {
        io.addCoalescing(0x10, 0x20);
        listeners();

        io.setAddress(0x4000);

        assertThat(log).containsExactly("P0 begin", "P1 begin",
                "P1 coalescedIoDel io@1000+100 1010+20", "P0 coalescedIoDel io@1000+100 1010+20",
                "P1 del io@1000+100", "P0 del io@1000+100",
                "P0 add io@4000+100", "P1 add io@4000+100",
                "P0 coalescedIoAdd io@4000+100 4010+20", "P1 coalescedIoAdd io@4000+100 4010+20",
                "P0 commit", "P1 commit");
    }

    @Test
    void onlyTheShownPartOfARangeIsReportedPerSection() {
        root.addSubregionOverlap(0x1000, sys.initIo(null, ops, "cover", 0x18), 1);
        listeners();

        io.addCoalescing(0x10, 0x20);

        assertThat(log).containsExactly("P0 coalescedIoAdd io@1018+e8 1018+18", "P1 coalescedIoAdd io@1018+e8 1018+18");
    }

    @Test
    void registrationReplaysRangesAfterTheSectionAndUnregistrationDeletesThemBefore() {
        io.addCoalescing(0x10, 0x20);
        RecordingListener l = new RecordingListener("L", 0, log);

        as.registerListener(l);
        as.unregisterListener(l);

        assertThat(log).containsExactly("L begin", "L add io@1000+100", "L coalescedIoAdd io@1000+100 1010+20", "L commit",
                "L begin", "L coalescedIoDel io@1000+100 1010+20", "L del io@1000+100", "L commit");
    }

    @Test
    void theFlushFlagClearsOnlyWithoutRanges() {
        io.setFlushCoalesced();
        io.clearFlushCoalesced();
        assertThat(io.isFlushCoalesced()).isFalse();

        io.setCoalescing();
        io.clearFlushCoalesced();

        assertThat(io.isFlushCoalesced()).isTrue();
        assertThat(io.coalescedRanges()).containsExactly(new CoalescedMemoryRange(0, 0x100));
    }

    @Test
    void emptyRangesAndRangesPastTheRegionAreRejected() {
        assertThatThrownBy(() -> io.addCoalescing(0x10, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("coalesced range empty or outside the region: region=io offset=0x10 size=0x0");
        assertThatThrownBy(() -> io.addCoalescing(0xf0, 0x20)).isInstanceOf(IllegalArgumentException.class);
        assertThat(io.coalescedRanges()).isEmpty();
    }
}
