package dev.physmem.listener;

import static org.assertj.core.api.Assertions.assertThat;

import dev.physmem.MemorySystem;
import dev.physmem.dirty.DirtyClient;
import dev.physmem.dispatch.MemoryRegionSection;
import dev.physmem.listener.TopologyEvent.Kind;
import dev.physmem.region.MemoryRegion;
import dev.physmem.region.MemoryRegionOps;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The pure diff: deletion pass first, then additions, nops and log changes, each in address order. */
class TopologyDiffTest {
    private final MemorySystem sys = new MemorySystem();
    private final MemoryRegion a = sys.initRam(null, "a", 0x10000);
    private final MemoryRegion b = sys.initRam(null, "b", 0x10000);

    private static MemoryRegionSection section(MemoryRegion r, long addr, long size, int logMask) {
        return new MemoryRegionSection(r, 0, addr, size, false, false, DirtyClient.setOf(logMask));
    }

    private static List<String> render(List<TopologyEvent> events) {
        return events.stream()
                .map(e -> e.kind() + " " + RecordingListener.describe(e.section()))
                .toList();
    }

    @Test
    void identicalTopologiesGiveOnlyNops() {
        var s = List.of(section(a, 0, 0x1000, 0), section(b, 0x1000, 0x1000, 0));
        List<TopologyEvent> events = TopologyDiff.diff(s, s);
        assertThat(render(events)).containsExactly("REGION_NOP a@0+1000", "REGION_NOP b@1000+1000");
        assertThat(TopologyDiff.hasChanges(events)).isFalse();
    }

    @Test
    void everyDeletionComesBeforeEveryAddition() {
        var old = List.of(section(a, 0, 0x1000, 0), section(b, 0x5000, 0x1000, 0));
        var now = List.of(section(b, 0x0, 0x1000, 0), section(a, 0x5000, 0x1000, 0));
        assertThat(render(TopologyDiff.diff(old, now))).containsExactly(
                "REGION_DEL a@0+1000", "REGION_DEL b@5000+1000", "REGION_ADD b@0+1000", "REGION_ADD a@5000+1000");
    }

    @Test
    void aSectionWhoseFlagsChangedIsDeletedAndAdded() {
        var old = List.of(section(a, 0, 0x1000, 0));
        var now = List.of(new MemoryRegionSection(a, 0, 0, 0x1000, true, false, DirtyClient.setOf(0)));
        assertThat(render(TopologyDiff.diff(old, now))).containsExactly("REGION_DEL a@0+1000", "REGION_ADD a@0+1000");
    }

    @Test
    void aLogMaskChangeIsANopFollowedByLogStartThenLogStop() {
        int vga = DirtyClient.VGA.bit();
        int migration = DirtyClient.MIGRATION.bit();
        var old = List.of(section(a, 0, 0x1000, vga));
        var now = List.of(section(a, 0, 0x1000, migration));
        List<TopologyEvent> events = TopologyDiff.diff(old, now);
        assertThat(events).extracting(TopologyEvent::kind)
                .containsExactly(Kind.REGION_NOP, Kind.LOG_START, Kind.LOG_STOP);
        assertThat(events.get(1).oldLog()).containsExactly(DirtyClient.VGA);
        assertThat(events.get(1).newLog()).containsExactly(DirtyClient.MIGRATION);
    }

    @Test
    void sectionsAtTheTopOfTheAddressSpaceCompareUnsigned() {
        var old = List.of(section(a, 0x1000, 0x1000, 0), section(b, 0xffff_ffff_ffff_0000L, 0x1000, 0));
        var now = List.of(section(b, 0xffff_ffff_ffff_0000L, 0x1000, 0));
        assertThat(render(TopologyDiff.diff(old, now)))
                .containsExactly("REGION_DEL a@1000+1000", "REGION_NOP b@ffffffffffff0000+1000");
    }

    @Test
    void deletionAndStopEventsAreTheReverseOnes() {
        assertThat(Kind.REGION_DEL.reverse()).isTrue();
        assertThat(Kind.LOG_STOP.reverse()).isTrue();
        assertThat(Kind.REGION_ADD.reverse()).isFalse();
        assertThat(Kind.REGION_NOP.reverse()).isFalse();
        assertThat(Kind.LOG_START.reverse()).isFalse();
    }

    @Test
    void aSectionWhoseRomdModeChangedIsDeletedAndAdded() {
        var flash = sys.initRomDevice(null, MemoryRegionOps.of((o, sz) -> 0, (o, v, sz) -> { }), "flash", 0x1000);
        var romd = new MemoryRegionSection(flash, 0, 0, 0x1000, false, false, true, DirtyClient.setOf(0));
        var io = new MemoryRegionSection(flash, 0, 0, 0x1000, false, false, false, DirtyClient.setOf(0));
        assertThat(romd.sameMapping(io)).isFalse();
        assertThat(render(TopologyDiff.diff(List.of(romd), List.of(io))))
                .containsExactly("REGION_DEL flash@0+1000", "REGION_ADD flash@0+1000");
    }

    @Test
    void onlyARomDeviceSectionMayBeInRomdMode() {
        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> new MemoryRegionSection(a, 0, 0, 0x1000, false, false, true, DirtyClient.setOf(0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("region=a");
    }
}
