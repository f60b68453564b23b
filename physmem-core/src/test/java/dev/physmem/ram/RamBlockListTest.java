package dev.physmem.ram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.physmem.MemorySystem;
import dev.physmem.region.MemoryRegion;
import dev.physmem.region.Owner;
import dev.physmem.region.RamRegion;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Placement, order, lookups and migration names of {@link RamBlockList}. */
class RamBlockListTest {
    private static final long KiB = 1024;
    private static final long MiB = 1024 * KiB;

    private final MemorySystem sys = new MemorySystem();
    private final RamBlockList list = sys.ramBlocks();
    /** Keeps regions reachable: the list holds blocks weakly. */
    private final List<MemoryRegion> keep = new ArrayList<>();

    private RamRegion ram(String name, long size) {
        RamRegion r = sys.initRamNomigrate(null, name, size);
        keep.add(r);
        return r;
    }

    private static RamBlock block(RamRegion r) {
        return r.ramBlock().orElseThrow();
    }

    // ---------------------------------------------------------------- placement

    @Test
    void theFirstBlockGoesToRamAddressZero() {
        assertThat(block(ram("a", 4 * KiB)).ramAddr()).isZero();
    }

    @Test
    void everyBlockStartsOnA256KiBBoundarySoNoBitmapWordSpansTwoBlocks() {
        assertThat(list.alignment()).isEqualTo(256 * KiB);
        RamRegion a = ram("a", 4 * KiB);
        RamRegion b = ram("b", 300 * KiB);
        RamRegion c = ram("c", 4 * KiB);
        assertThat(block(a).ramAddr()).isZero();
        assertThat(block(b).ramAddr()).isEqualTo(256 * KiB);
        // b ends at 556 KiB; the next boundary is 768 KiB
        assertThat(block(c).ramAddr()).isEqualTo(768 * KiB);
    }

    @Test
    void aFreedBlocksRangeIsReusedByTheNextBlockThatFits() {
        RamRegion a = ram("a", MiB);
        RamRegion b = ram("b", MiB);
        RamRegion c = ram("c", MiB);
        long freed = block(b).ramAddr();
        b.release();
        RamRegion d = ram("d", 512 * KiB);
        assertThat(block(d).ramAddr()).isEqualTo(freed);
        assertThat(block(c).ramAddr()).isEqualTo(2 * MiB);
        assertThat(a.ramBlock()).isPresent();
    }

    @Test
    void theSmallestGapThatFitsWinsOverAnEarlierLargerOne() {
        RamRegion a = ram("a", MiB);
        RamRegion big = ram("big", 2 * MiB);
        RamRegion b = ram("b", MiB);
        RamRegion small = ram("small", 512 * KiB);
        RamRegion c = ram("c", MiB);
        big.release();
        small.release();
        // gaps: [1 MiB, 3 MiB) after a, [4 MiB, 4.5 MiB) after b, and everything after c
        RamRegion d = ram("d", 256 * KiB);
        assertThat(block(d).ramAddr()).isEqualTo(4 * MiB);
        RamRegion e = ram("e", 768 * KiB);
        assertThat(block(e).ramAddr()).isEqualTo(MiB);
        assertThat(List.of(block(a), block(b), block(c))).extracting(RamBlock::ramAddr)
                .containsExactly(0L, 3 * MiB, 4 * MiB + 512 * KiB);
    }

    @Test
    void spaceBelowTheLowestBlockIsNeverOffered() {
        RamRegion a = ram("a", MiB);
        RamRegion b = ram("b", MiB);
        a.release();
        RamRegion c = ram("c", 4 * KiB);
        assertThat(block(c).ramAddr()).isEqualTo(2 * MiB);
        assertThat(block(b).ramAddr()).isEqualTo(MiB);
    }

    @Test
    void theMaxLengthNotTheUsedLengthReservesRamAddresses() {
        RamRegion blob = sys.initResizeableRam(null, "blob", 4 * KiB, 2 * MiB, ResizeCallback.NONE);
        keep.add(blob);
        RamRegion next = ram("next", 4 * KiB);
        assertThat(block(next).ramAddr()).isEqualTo(2 * MiB);
        assertThat(list.ramAddrEnd()).isEqualTo(2 * MiB + 4 * KiB);
    }

    // ---------------------------------------------------------------- order

    @Test
    void blocksAreListedFromTheLargestMaxLengthDownAndTiesInCreationOrder() {
        ram("one-a", MiB);
        ram("four", 4 * MiB);
        ram("one-b", MiB);
        RamRegion blob = sys.initResizeableRam(null, "blob", 4 * KiB, 2 * MiB, ResizeCallback.NONE);
        keep.add(blob);
        ram("one-c", MiB);
        assertThat(list.blocks()).extracting(b -> b.region().name())
                .containsExactly("four", "blob", "one-a", "one-b", "one-c");
    }

    // ---------------------------------------------------------------- lookups

    @Test
    void aRamAddressFindsTheBlockThatHoldsItWithinItsMaxLength() {
        RamRegion a = ram("a", 300 * KiB);
        RamRegion b = ram("b", 4 * KiB);
        assertThat(list.byRamAddr(0)).containsSame(block(a));
        assertThat(list.byRamAddr(300 * KiB - 1)).containsSame(block(a));
        assertThat(list.byRamAddr(300 * KiB)).isEmpty(); // alignment padding belongs to no block
        assertThat(list.byRamAddr(512 * KiB)).containsSame(block(b));
        assertThat(list.byRamAddr(512 * KiB + 4 * KiB)).isEmpty();
        assertThat(list.byRamAddr(RamBlockList.RAM_ADDR_INVALID)).isEmpty();
    }

    @Test
    void aHostAddressTranslatesToItsBlockAndRamAddress() {
        RamRegion a = ram("a", 64 * KiB);
        RamRegion b = ram("b", 64 * KiB);
        long host = block(b).host().address();
        assertThat(list.byHostAddress(host + 100)).containsSame(block(b));
        assertThat(list.ramAddrFromHost(host + 100)).isEqualTo(block(b).ramAddr() + 100);
        assertThat(list.ramAddrFromHost(block(a).host().address())).isZero();
        // the next byte may be another mapping's (a's, if the host placed them side by side), never b's
        assertThat(list.byHostAddress(host + 64 * KiB).filter(found -> found == block(b))).isEmpty();
        assertThat(list.ramAddrFromHost(0)).isEqualTo(RamBlockList.RAM_ADDR_INVALID);
    }

    @Test
    void blocksOverHeapMemoryHaveNoHostAddress() {
        MemorySegment heap = MemorySegment.ofArray(new byte[4096]);
        keep.add(sys.initRamDevicePtr(null, "bar", 4096, heap));
        assertThat(list.blocks()).hasSize(1);
        assertThat(list.byHostAddress(heap.address())).isEmpty();
    }

    @Test
    void anIdstrFindsOnlyARegisteredBlock() {
        RamRegion a = ram("a", 4 * KiB);
        ram("b", 4 * KiB);
        list.vmstateRegisterRamGlobal(a);
        assertThat(list.byIdstr("a")).containsSame(block(a));
        assertThat(list.byIdstr("b")).isEmpty();
        assertThat(list.byIdstr("")).isEmpty();
    }

    // ---------------------------------------------------------------- migration names

    @Test
    void registrationNamesTheBlockAndMakesItMigratable() {
        RamRegion a = ram("a", 4 * KiB);
        assertThat(block(a).idstr()).isEmpty();
        assertThat(block(a).isMigratable()).isFalse();
        RamBlock named = list.vmstateRegisterRamGlobal(a);
        assertThat(named).isSameAs(block(a));
        assertThat(named.idstr()).isEqualTo("a");
        assertThat(named.flags()).containsExactly(RamBlockFlag.MIGRATABLE);
    }

    @Test
    void aDevicesPathPrefixesTheIdstr() {
        Owner vga = Owner.devicePath("/machine/peripheral-anon/device[0]");
        list.setDevicePath(vga, "0000:00:02.0");
        RamRegion vram = sys.initRamNomigrate(vga, "vga.vram", 64 * KiB);
        keep.add(vram);
        assertThat(list.vmstateRegisterRam(vram, vga).idstr()).isEqualTo("0000:00:02.0/vga.vram");
        assertThat(list.devicePath(vga)).contains("0000:00:02.0");
    }

    @Test
    void aDeviceWithoutAPathRegistersTheBareName() {
        Owner sysbus = Owner.devicePath("/machine/unattached/device[3]");
        RamRegion r = ram("flash", 4 * KiB);
        assertThat(list.vmstateRegisterRam(r, sysbus).idstr()).isEqualTo("flash");
    }

    @Test
    void aSecondBlockWithTheSameIdstrIsRejectedAsQemuAborts() {
        RamRegion first = ram("vga.vram", 4 * KiB);
        RamRegion second = ram("vga.vram", 4 * KiB);
        list.vmstateRegisterRamGlobal(first);
        assertThatThrownBy(() -> list.vmstateRegisterRamGlobal(second))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("RAMBlock already registered: idstr=vga.vram region=vga.vram other=vga.vram");
        assertThat(block(second).idstr()).isEmpty();
        assertThat(block(second).isMigratable()).isFalse();
    }

    @Test
    void devicePathsTellSameNamedBlocksApart() {
        Owner nic0 = Owner.deviceId("nic0");
        Owner nic1 = Owner.deviceId("nic1");
        list.setDevicePath(nic0, "0000:00:03.0");
        list.setDevicePath(nic1, "0000:00:04.0");
        keep.add(sys.initRom(nic0, "e1000.rom", 0x4_0000));
        keep.add(sys.initRom(nic1, "e1000.rom", 0x4_0000));
        assertThat(list.migratableBlocks()).extracting(RamBlock::idstr)
                .containsExactly("0000:00:03.0/e1000.rom", "0000:00:04.0/e1000.rom");
    }

    @Test
    void registeringARegisteredBlockAgainIsRejected() {
        RamRegion a = ram("a", 4 * KiB);
        list.vmstateRegisterRamGlobal(a);
        assertThatThrownBy(() -> list.vmstateRegisterRamGlobal(a)).isInstanceOf(IllegalStateException.class)
                .hasMessage("RAMBlock already has an idstr: idstr=a region=a");
    }

    @Test
    void unregisteringTakesTheNameAndTheFlagAndFreesTheName() {
        RamRegion a = ram("a", 4 * KiB);
        RamRegion again = ram("a", 4 * KiB);
        list.vmstateRegisterRamGlobal(a);
        list.vmstateUnregisterRam(a);
        assertThat(block(a).idstr()).isEmpty();
        assertThat(block(a).isMigratable()).isFalse();
        assertThat(list.vmstateRegisterRamGlobal(again).idstr()).isEqualTo("a");
    }

    @Test
    void onlyRegisteredBlocksAreMigratable() {
        RamRegion named = ram("named", 8 * KiB);
        ram("unnamed", 16 * KiB);
        list.vmstateRegisterRamGlobal(named);
        assertThat(list.migratableBlocks()).containsExactly(block(named));
        assertThat(list.blocks()).hasSize(2);
    }

    @Test
    void aRegionWithoutABlockCannotBeRegistered() {
        var io = sys.initContainer(null, "c", 4096);
        assertThatThrownBy(() -> list.vmstateRegisterRamGlobal(io)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("region has no RAM block: region=c");
    }

    @Test
    void aDevicePathMustBeOneNonEmptyLine() {
        assertThatThrownBy(() -> list.setDevicePath(Owner.deviceId("x"), ""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("devPath must be non-empty, one line: device=owner:{dev id=x} devPath=");
    }

    // ---------------------------------------------------------------- lifetime

    @Test
    void releasingTheRegionFreesTheBlockAndItsName() {
        RamRegion a = sys.initRam(null, "a", 4 * KiB);
        RamBlock b = block(a);
        a.release();
        assertThat(b.isFreed()).isTrue();
        assertThat(a.ramBlock()).isEmpty();
        assertThat(list.blocks()).isEmpty();
        assertThat(list.byIdstr("a")).isEmpty();
        keep.add(sys.initRam(null, "a", 4 * KiB));
        assertThat(list.byIdstr("a")).isPresent();
    }

    @Test
    void aRegionThatBecameUnreachableLeavesTheList() throws InterruptedException {
        sys.initRam(null, "dropped", 4 * KiB);
        RamRegion kept = ram("kept", 4 * KiB);
        for (int i = 0; i < 100 && list.blocks().size() > 1; i++) {
            System.gc();
            Thread.sleep(10);
        }
        assertThat(list.blocks()).containsExactly(block(kept));
    }

    @Test
    void theVersionChangesWithEveryAddFreeAndRegistration() {
        long v0 = list.version();
        RamRegion a = ram("a", 4 * KiB);
        long v1 = list.version();
        list.vmstateRegisterRamGlobal(a);
        long v2 = list.version();
        list.vmstateUnregisterRam(a);
        long v3 = list.version();
        a.release();
        long v4 = list.version();
        assertThat(List.of(v0, v1, v2, v3, v4)).doesNotHaveDuplicates().isSorted();
    }

    @Test
    void theRamAddressSpaceEndsAtTheHighestBlock() {
        assertThat(list.ramAddrEnd()).isZero();
        ram("a", MiB);
        ram("b", 4 * KiB);
        assertThat(list.ramAddrEnd()).isEqualTo(MiB + 4 * KiB);
    }

    // ---------------------------------------------------------------- misuse

    @Test
    void aRegionOfAnotherSystemIsRejected() {
        RamRegion foreign = new MemorySystem().initRam(null, "x", 4 * KiB);
        assertThatThrownBy(() -> list.add(foreign, foreign.backing(), 4 * KiB,
                RamBlockSpec.fixed(4 * KiB, 4 * KiB, Set.of())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("region belongs to another MemorySystem: region=x");
    }

    @Test
    void aRegionGetsOneBlock() {
        RamRegion a = ram("a", 4 * KiB);
        assertThatThrownBy(() -> list.add(a, a.backing(), 4 * KiB, RamBlockSpec.fixed(4 * KiB, 4 * KiB, Set.of())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("region already has a RAM block: region=a");
    }

    @Test
    void hostMemoryMustHoldTheMaxSizeOfAResizeableBlock() {
        MemorySegment small = Arena.ofAuto().allocate(4 * KiB);
        assertThatThrownBy(() -> new RamRegion(sys, null, "r", 4 * KiB, small, false,
                RamBlockSpec.resizeable(8 * KiB, 4 * KiB, ResizeCallback.NONE)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("host memory smaller than the block: region=r host=0x1000 needed=0x2000");
    }
}
