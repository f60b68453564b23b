package dev.physmem.listener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.physmem.MemorySystem;
import dev.physmem.dirty.DirtyClient;
import dev.physmem.dispatch.MemoryRegionSection;
import dev.physmem.flat.FlatView;
import dev.physmem.flat.Renderer;
import dev.physmem.region.ContainerRegion;
import dev.physmem.region.MemoryRegion;
import dev.physmem.region.MemoryRegionOps;
import dev.physmem.region.RamRegion;
import dev.physmem.region.RomDeviceRegion;
import dev.physmem.space.AddressSpace;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Registration, replay, ordering and the events of real topology changes, seen by recording listeners. */
class MemoryListenerTest {
    private final MemorySystem sys = new MemorySystem();
    private final ContainerRegion root = sys.initContainer(null, "root", MemoryRegion.SIZE_2_64);
    private final List<String> log = new ArrayList<>();

    private RamRegion ram(String name, long size) {
        return sys.initRam(null, name, size);
    }

    private RecordingListener listener(String name, int priority) {
        return new RecordingListener(name, priority, log);
    }

    @Test
    void registrationReplaysTheCurrentTopologyInAddressOrder() {
        root.addSubregion(0x2000, ram("b", 0x1000));
        root.addSubregion(0x0, ram("a", 0x1000));
        AddressSpace as = sys.addressSpace(root, "memory");

        as.registerListener(listener("L", 0));

        assertThat(log).containsExactly("L begin", "L add a@0+1000", "L add b@2000+1000", "L commit");
    }

    @Test
    void registrationReplaysLogStartForLoggedSectionsAndGlobalStartFirst() {
        RamRegion a = ram("a", 0x1000);
        root.addSubregion(0, a);
        AddressSpace as = sys.addressSpace(root, "memory");
        sys.dirtyLog().setLog(a, true, DirtyClient.VGA);
        sys.dirtyLog().globalStart();

        as.registerListener(listener("L", 0));

        assertThat(log).containsExactly("L logGlobalStart", "L begin", "L add a@0+1000",
                "L logStart a@0+1000 []->[VGA, MIGRATION]", "L commit");
    }

    @Test
    void forwardCallbacksGoInAscendingPriorityAndReverseOnesInDescending() {
        RamRegion a = ram("a", 0x1000);
        RamRegion b = ram("b", 0x1000);
        root.addSubregion(0, a);
        AddressSpace as = sys.addressSpace(root, "memory");
        as.registerListener(listener("P10", 10));
        as.registerListener(listener("P-5", -5));
        as.registerListener(listener("P0", 0));
        log.clear();

        try (var tx = sys.transaction()) {
            root.delSubregion(a);
            root.addSubregion(0x1000, b);
        }

        assertThat(log).containsExactly(
                "P-5 begin", "P0 begin", "P10 begin",
                "P10 del a@0+1000", "P0 del a@0+1000", "P-5 del a@0+1000",
                "P-5 add b@1000+1000", "P0 add b@1000+1000", "P10 add b@1000+1000",
                "P-5 commit", "P0 commit", "P10 commit");
    }

    @Test
    void equalPrioritiesKeepRegistrationOrderForwardAndTheOppositeInReverse() {
        RamRegion a = ram("a", 0x1000);
        root.addSubregion(0, a);
        AddressSpace as = sys.addressSpace(root, "memory");
        as.registerListener(listener("first", 1));
        as.registerListener(listener("second", 1));
        log.clear();

        a.setEnabled(false);

        assertThat(log).containsExactly("first begin", "second begin", "second del a@0+1000",
                "first del a@0+1000", "first commit", "second commit");
    }

    @Test
    void movingARegionDeletesTheOldSectionBeforeAddingTheNewAndNopsTheRest() {
        RamRegion a = ram("a", 0x1000);
        RamRegion bar = ram("bar", 0x1000);
        root.addSubregion(0, a);
        root.addSubregion(0x10000, bar);
        AddressSpace as = sys.addressSpace(root, "memory");
        as.registerListener(listener("L", 0));
        log.clear();

        bar.setAddress(0x20000);

        assertThat(log).containsExactly("L begin", "L del bar@10000+1000", "L nop a@0+1000",
                "L add bar@20000+1000", "L commit");
    }

    @Test
    void resizingARegionReplacesItsSection() {
        RamRegion a = ram("a", 0x2000);
        root.addSubregion(0, a);
        AddressSpace as = sys.addressSpace(root, "memory");
        as.registerListener(listener("L", 0));
        log.clear();

        a.setSize(0x1000);

        assertThat(log).containsExactly("L begin", "L del a@0+2000", "L add a@0+1000", "L commit");
    }

    @Test
    void enablingAndDisablingAddAndDeleteTheSection() {
        RamRegion a = ram("a", 0x1000);
        RamRegion b = ram("b", 0x1000);
        root.addSubregion(0, a);
        root.addSubregion(0x1000, b);
        AddressSpace as = sys.addressSpace(root, "memory");
        as.registerListener(listener("L", 0));
        log.clear();

        b.setEnabled(false);
        b.setEnabled(true);

        assertThat(log).containsExactly(
                "L begin", "L del b@1000+1000", "L nop a@0+1000", "L commit",
                "L begin", "L nop a@0+1000", "L add b@1000+1000", "L commit");
    }

    @Test
    void aHigherPriorityOverlapSplitsTheSectionBelowIt() {
        RamRegion low = ram("low", 0x3000);
        RamRegion high = ram("high", 0x1000);
        root.addSubregion(0, low);
        AddressSpace as = sys.addressSpace(root, "memory");
        as.registerListener(listener("L", 0));
        log.clear();

        root.addSubregionOverlap(0x1000, high, 1);

        assertThat(log).containsExactly("L begin", "L del low@0+3000",
                "L add low@0+1000", "L add high@1000+1000", "L add low@2000+1000", "L commit");
    }

    @Test
    void setLogReachesListenersAsLogStartAndLogStopOnAnUnchangedSection() {
        RamRegion vram = ram("vram", 0x1000);
        root.addSubregion(0xa0000, vram);
        AddressSpace as = sys.addressSpace(root, "memory");
        as.registerListener(listener("L", 0));
        as.registerListener(listener("H", 5));
        log.clear();

        sys.dirtyLog().setLog(vram, true, DirtyClient.VGA);
        sys.dirtyLog().setLog(vram, false, DirtyClient.VGA);

        assertThat(log).containsExactly(
                "L begin", "H begin", "L nop vram@a0000+1000", "H nop vram@a0000+1000",
                "L logStart vram@a0000+1000 []->[VGA]", "H logStart vram@a0000+1000 []->[VGA]",
                "L commit", "H commit",
                "L begin", "H begin", "L nop vram@a0000+1000", "H nop vram@a0000+1000",
                "H logStop vram@a0000+1000 [VGA]->[]", "L logStop vram@a0000+1000 [VGA]->[]",
                "L commit", "H commit");
    }

    @Test
    void setLogIsCountedPerClient() {
        RamRegion vram = ram("vram", 0x1000);
        root.addSubregion(0, vram);
        AddressSpace as = sys.addressSpace(root, "memory");
        as.registerListener(listener("L", 0));
        log.clear();

        sys.dirtyLog().setLog(vram, true, DirtyClient.VGA);
        sys.dirtyLog().setLog(vram, true, DirtyClient.VGA);
        sys.dirtyLog().setLog(vram, false, DirtyClient.VGA);

        assertThat(log).filteredOn(l -> l.contains("log")).containsExactly("L logStart vram@0+1000 []->[VGA]");
        assertThat(sys.dirtyLog().isLogging(vram, DirtyClient.VGA)).isTrue();
        sys.dirtyLog().setLog(vram, false, DirtyClient.VGA);
        assertThatThrownBy(() -> sys.dirtyLog().setLog(vram, false, DirtyClient.VGA))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("client=VGA");
    }

    @Test
    void aChangeInOneAddressSpaceIsNotSeenByTheListenersOfAnother() {
        ContainerRegion otherRoot = sys.initContainer(null, "other", MemoryRegion.SIZE_2_64);
        RamRegion a = ram("a", 0x1000);
        RamRegion b = ram("b", 0x1000);
        root.addSubregion(0, a);
        otherRoot.addSubregion(0, b);
        AddressSpace mem = sys.addressSpace(root, "memory");
        AddressSpace other = sys.addressSpace(otherRoot, "other");
        mem.registerListener(listener("M", 0));
        other.registerListener(listener("O", 0));
        log.clear();

        a.setAddress(0x5000);

        assertThat(log).containsExactly("M begin", "M del a@0+1000", "M add a@5000+1000", "M commit");
    }

    @Test
    void spacesSharingAViewAreEachToldTheirOwnChangesAsTheirRootsJoinAndPart() {
        // Bus-master spaces show system memory through an alias: they share its view, and one
        // diff serves them all, but each must still hear exactly what its own view did.
        RamRegion a = ram("a", 0x1000);
        root.addSubregion(0, a);
        AddressSpace mem = sys.addressSpace(root, "memory");
        ContainerRegion busMaster = sys.initContainer(null, "bus master container", MemoryRegion.SIZE_2_64);
        busMaster.addSubregion(0, sys.initAlias(null, "bus master", root, 0, MemoryRegion.SIZE_2_64));
        AddressSpace dma = sys.addressSpace(busMaster, "dma");
        assertThat(dma.view()).isSameAs(mem.view());
        mem.registerListener(listener("M", 0));
        a.setAddress(0x2000);
        dma.registerListener(listener("D", 0));
        log.clear();

        a.setAddress(0x3000);
        assertThat(log).containsExactly(
                "M begin", "M del a@2000+1000", "M add a@3000+1000", "M commit",
                "D begin", "D del a@2000+1000", "D add a@3000+1000", "D commit");

        log.clear();
        busMaster.setEnabled(false);
        root.addSubregion(0x8000, ram("b", 0x1000));
        assertThat(log).containsExactly(
                "D begin", "D del a@3000+1000", "D commit",
                "M begin", "M nop a@3000+1000", "M add b@8000+1000", "M commit");

        log.clear();
        busMaster.setEnabled(true);
        assertThat(log).containsExactly("D begin", "D add a@3000+1000", "D add b@8000+1000", "D commit");
    }

    @Test
    void aCommitThatChangesNothingAnAddressSpaceShowsTellsItsListenersNothing() {
        RamRegion a = ram("a", 0x1000);
        RamRegion hidden = ram("hidden", 0x1000);
        root.addSubregion(0, a);
        AddressSpace as = sys.addressSpace(root, "memory");
        as.registerListener(listener("L", 0));
        log.clear();

        hidden.setReadonly(true);

        assertThat(log).isEmpty();
    }

    @Test
    void unregisteringTellsTheListenerTheTopologyGoesAwayAndNothingAfter() {
        RamRegion a = ram("a", 0x1000);
        root.addSubregion(0, a);
        AddressSpace as = sys.addressSpace(root, "memory");
        RecordingListener l = listener("L", 0);
        as.registerListener(l);
        sys.dirtyLog().setLog(a, true, DirtyClient.VGA);
        log.clear();

        as.unregisterListener(l);
        a.setAddress(0x1000);

        assertThat(log).containsExactly("L begin", "L logStop a@0+1000 [VGA]->[]", "L del a@0+1000", "L commit");
    }

    @Test
    void registeringTwiceOrUnregisteringAStrangerIsMisuse() {
        AddressSpace as = sys.addressSpace(root, "memory");
        RecordingListener l = listener("L", 0);
        as.registerListener(l);
        assertThatThrownBy(() -> as.registerListener(l)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> as.unregisterListener(listener("X", 0)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> sys.destroy(as)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aListenerThatChangesTheTopologyFromACallbackIsStopped() {
        RamRegion a = ram("a", 0x1000);
        RamRegion b = ram("b", 0x1000);
        root.addSubregion(0, a);
        AddressSpace as = sys.addressSpace(root, "memory");
        as.registerListener(new MemoryListener() {
            @Override
            public void regionDel(dev.physmem.dispatch.MemoryRegionSection section) {
                root.addSubregion(0x8000, b);
            }
        });

        assertThatThrownBy(() -> a.setEnabled(false)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void globalLoggingStartsForwardWithLogStartsAndStopsInReverseAfterASync() {
        ContainerRegion smramRoot = sys.initContainer(null, "smram-root", MemoryRegion.SIZE_2_64);
        RamRegion a = ram("a", 0x1000);
        RamRegion smram = ram("smram", 0x1000);
        root.addSubregion(0, a);
        smramRoot.addSubregion(0x30000, smram);
        AddressSpace mem = sys.addressSpace(root, "memory");
        AddressSpace smm = sys.addressSpace(smramRoot, "smram");
        mem.registerListener(listener("M", 1));
        smm.registerListener(listener("S", 0));
        log.clear();

        sys.dirtyLog().globalStart();
        assertThat(log).containsExactly("S logGlobalStart", "M logGlobalStart",
                "M begin", "M nop a@0+1000", "M logStart a@0+1000 []->[MIGRATION]", "M commit",
                "S begin", "S nop smram@30000+1000", "S logStart smram@30000+1000 []->[MIGRATION]", "S commit");
        log.clear();

        sys.dirtyLog().globalStop();
        assertThat(log).containsExactly("M logSync a@0+1000", "S logSync smram@30000+1000",
                "M begin", "M nop a@0+1000", "M logStop a@0+1000 [MIGRATION]->[]", "M commit",
                "S begin", "S nop smram@30000+1000", "S logStop smram@30000+1000 [MIGRATION]->[]", "S commit",
                "M logGlobalStop", "S logGlobalStop");
    }

    @Test
    void syncDirtyBitmapCallsLogSyncForLoggedSectionsOfThatRegionOnly() {
        RamRegion a = ram("a", 0x3000);
        RamRegion b = ram("b", 0x1000);
        RamRegion c = ram("c", 0x1000);
        root.addSubregion(0, a);
        root.addSubregionOverlap(0x1000, b, 1);
        root.addSubregion(0x8000, c);
        AddressSpace as = sys.addressSpace(root, "memory");
        sys.dirtyLog().setLog(a, true, DirtyClient.VGA);
        as.registerListener(listener("L", 0));
        log.clear();

        sys.dirtyLog().syncDirtyBitmap(a);
        sys.dirtyLog().syncDirtyBitmap(c);

        assertThat(log).containsExactly("L logSync a@0+1000", "L logSync a@2000+1000");
    }

    // ---------------------------------------------------------------- romd mode

    private RomDeviceRegion flash() {
        return sys.initRomDevice(null, MemoryRegionOps.of((o, sz) -> 0, (o, v, sz) -> { }), "flash", 0x2000);
    }

    /** Records what each section said about romd when it was delivered. */
    private MemoryListener romdRecorder() {
        return new MemoryListener() {
            @Override
            public void regionAdd(MemoryRegionSection section) {
                log.add("add " + RecordingListener.describe(section) + " romd=" + section.romd());
            }

            @Override
            public void regionDel(MemoryRegionSection section) {
                log.add("del " + RecordingListener.describe(section) + " romd=" + section.romd());
            }

            @Override
            public void regionNop(MemoryRegionSection section) {
                log.add("nop " + RecordingListener.describe(section));
            }
        };
    }

    @Test
    void aRomDeviceLeavingRomdModeIsDeletedAndAddedAgain() {
        RomDeviceRegion flash = flash();
        root.addSubregion(0xfff0_0000L, flash);
        AddressSpace as = sys.addressSpace(root, "memory");
        as.registerListener(romdRecorder());
        assertThat(log).containsExactly("add flash@fff00000+2000 romd=true");
        log.clear();

        flash.setRomd(false);

        assertThat(log).containsExactly("del flash@fff00000+2000 romd=true", "add flash@fff00000+2000 romd=false");
    }

    @Test
    void aRomDeviceEnteringRomdModeIsDeletedAndAddedAgainAndOtherSectionsAreNops() {
        RomDeviceRegion flash = flash();
        flash.setRomd(false);
        root.addSubregion(0, ram("a", 0x1000));
        root.addSubregion(0xfff0_0000L, flash);
        AddressSpace as = sys.addressSpace(root, "memory");
        as.registerListener(romdRecorder());
        log.clear();

        flash.setRomd(true);

        assertThat(log).containsExactly("del flash@fff00000+2000 romd=false",
                "nop a@0+1000", "add flash@fff00000+2000 romd=true");
    }

    @Test
    void switchingRomdBackAndForthInOneTransactionTellsListenersNothing() {
        RomDeviceRegion flash = flash();
        root.addSubregion(0, flash);
        AddressSpace as = sys.addressSpace(root, "memory");
        as.registerListener(listener("L", 0));
        log.clear();

        try (var tx = sys.transaction()) {
            flash.setRomd(false);
            flash.setRomd(true);
        }

        assertThat(log).isEmpty();
    }

    @Test
    void aRomdSwitchReachesEveryAddressSpaceShowingTheDeviceAndNoOther() {
        RomDeviceRegion flash = flash();
        ContainerRegion other = sys.initContainer(null, "other", MemoryRegion.SIZE_2_64);
        other.addSubregion(0, ram("b", 0x1000));
        root.addSubregion(0x1000, flash);
        AddressSpace shows = sys.addressSpace(root, "memory");
        AddressSpace doesNot = sys.addressSpace(other, "other");
        shows.registerListener(listener("S", 0));
        doesNot.registerListener(listener("O", 0));
        log.clear();

        flash.setRomd(false);

        assertThat(log).containsExactly("S begin", "S del flash@1000+2000", "S add flash@1000+2000", "S commit");
    }

    @Test
    void aRomDeviceThatIsNotMappedSwitchesSilently() {
        RomDeviceRegion flash = flash();
        root.addSubregion(0, ram("a", 0x1000));
        AddressSpace as = sys.addressSpace(root, "memory");
        as.registerListener(listener("L", 0));
        log.clear();

        flash.setRomd(false);

        assertThat(log).isEmpty();
    }

    @Test
    void aRomdSwitchIsDeliveredEvenWhenTheViewObjectIsReused() {
        // An incremental renderer may keep the very same FlatView when no range changed: the
        // section epoch alone must make the listeners look again.
        RomDeviceRegion flash = flash();
        root.addSubregion(0, flash);
        FlatView view = Renderer.render(root);
        AddressSpaceListeners listeners = new AddressSpaceListeners();
        listeners.register(listener("L", 0), view, sys.sectionEpoch(), false);
        log.clear();

        flash.setRomd(false);
        listeners.update(view, sys.sectionEpoch());

        assertThat(log).containsExactly("L begin", "L del flash@0+2000", "L add flash@0+2000", "L commit");
    }
}
