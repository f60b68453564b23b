package dev.physmem.space;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import dev.physmem.MemorySystem;
import dev.physmem.attr.MemTxAttrs;
import dev.physmem.attr.MemTxResult;
import dev.physmem.region.AccessConstraints;
import dev.physmem.region.AliasRegion;
import dev.physmem.region.ContainerRegion;
import dev.physmem.region.Endianness;
import dev.physmem.region.MemoryRegion;
import dev.physmem.region.RamRegion;
import dev.physmem.region.RomDeviceRegion;
import dev.physmem.space.RecordingDevice.Call;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** {@link AddressSpace#map}/{@link AddressSpace#unmap}: direct RAM, bounce buffers, map clients, misuse. */
class AddressSpaceMapTest extends DmaTestBase {
    private static final MemTxAttrs ATTRS = MemTxAttrs.UNSPECIFIED;

    private GuestMapping map(long addr, long len, boolean isWrite) {
        return as.map(addr, len, isWrite, ATTRS).orElseThrow();
    }

    // ------------------------------------------------------------ direct RAM

    @Test
    void mapOfRamIsItsHostMemory() {
        GuestMapping m = map(RAM + 0x10, 0x100, false);
        assertThat(m.isBounce()).isFalse();
        assertThat(m.address()).isEqualTo(RAM + 0x10);
        assertThat(m.length()).isEqualTo(0x100);
        assertThat(m.segment().get(ValueLayout.JAVA_BYTE, 0)).isEqualTo((byte) 0x10);
        ram.backing().set(ValueLayout.JAVA_BYTE, 0x20, (byte) 0xee);
        assertThat(m.segment().get(ValueLayout.JAVA_BYTE, 0x10)).isEqualTo((byte) 0xee);
        assertThat(m.unmap(0x100)).isEqualTo(MemTxResult.OK);
    }

    @Test
    void mapForReadGivesReadOnlySegmentSoNothingWritesUnmarked() {
        GuestMapping m = map(RAM, PAGE, false);
        assertThat(m.segment().isReadOnly()).isTrue();
        assertThatThrownBy(() -> m.segment().set(ValueLayout.JAVA_BYTE, 0, (byte) 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("read-only");
        m.close();
        assertThat(dirtyPage(0)).isFalse();
    }

    @Test
    void mapStopsAtTheEndOfTheRamRegionWithAShorterLength() {
        GuestMapping m = map(RAM + 3 * PAGE + 0x800, 2 * PAGE, true);
        assertThat(m.isBounce()).isFalse();
        assertThat(m.length()).isEqualTo(0x800);
        m.close();
    }

    @Test
    void mapExtendsOverNeighbouringRangesOfTheSameRegionAtContiguousOffsets() {
        // ram seen through two aliases that differ only in read-only-ness: two ranges, one region
        MemorySystem s = new MemorySystem();
        ContainerRegion r = s.initContainer(null, "root", MemoryRegion.SIZE_2_64);
        RamRegion mem = s.initRam(null, "mem", 4 * PAGE);
        AliasRegion low = s.initAlias(null, "low", mem, 0, 2 * PAGE);
        AliasRegion high = s.initAlias(null, "high", mem, 2 * PAGE, 2 * PAGE);
        high.setReadonly(true);
        try (var tx = s.transaction()) {
            r.addSubregion(0, low);
            r.addSubregion(2 * PAGE, high);
        }
        AddressSpace space = s.addressSpace(r, "memory");
        assertThat(space.view().size()).isEqualTo(2);
        GuestMapping read = space.map(PAGE, 3 * PAGE, false, ATTRS).orElseThrow();
        assertThat(read.isBounce()).isFalse();
        assertThat(read.length()).isEqualTo(3 * PAGE);
        read.close();
        GuestMapping write = space.map(PAGE, 3 * PAGE, true, ATTRS).orElseThrow();
        assertThat(write.length()).as("the read-only part is not direct for write").isEqualTo(PAGE);
        write.close();
    }

    @Test
    void mapDoesNotExtendIntoAnotherRegionEvenWhenAdjacent() {
        GuestMapping m = map(RAM2 - 8, 16, false);
        assertThat(m.length()).isEqualTo(8);
        m.close();
    }

    @Test
    void unmapAfterWriteMarksExactlyAccessLenBytesDirty() {
        GuestMapping m = map(RAM + 0x800, 3 * PAGE, true);
        m.segment().fill((byte) 0x5a);
        assertThat(dirtyPage(0)).as("nothing is marked before unmap").isFalse();
        m.unmap(PAGE - 0x800 + 1); // the rest of page 0 and one byte of page 1
        assertThat(dirtyPage(0)).isTrue();
        assertThat(dirtyPage(1)).isTrue();
        assertThat(dirtyPage(2)).isFalse();
        assertThat(dirtyPage(3)).isFalse();
    }

    @Test
    void unmapWithAccessLenZeroMarksNothing() {
        GuestMapping m = map(RAM, PAGE, true);
        m.unmap(0);
        assertThat(dirtyPage(0)).isFalse();
    }

    @Test
    void closeOfAWriteMappingMarksItsWholeLength() {
        try (GuestMapping m = map(RAM + PAGE, 2 * PAGE, true)) {
            m.segment().fill((byte) 1);
        }
        assertThat(dirtyPage(0)).isFalse();
        assertThat(dirtyPage(1)).isTrue();
        assertThat(dirtyPage(2)).isTrue();
        assertThat(dirtyPage(3)).isFalse();
    }

    @Test
    void directMappingsNeedNoBounceBuffer() {
        GuestMapping a = map(RAM, PAGE, true);
        GuestMapping b = map(RAM + PAGE, PAGE, false);
        GuestMapping io = map(IO, 8, false);
        assertThat(io.isBounce()).isTrue();
        GuestMapping c = map(RAM2, PAGE, true);
        assertThat(c.isBounce()).isFalse();
        c.close();
        a.close();
        b.close();
        io.close();
    }

    // ------------------------------------------------------------ bounce buffers

    @Test
    void mapOfIoForReadFillsTheBounceBufferThroughTheDevice() {
        GuestMapping m = map(IO + 0x10, 8, false);
        assertThat(m.isBounce()).isTrue();
        assertThat(m.fillResult()).isEqualTo(MemTxResult.OK);
        assertThat(m.segment().toArray(ValueLayout.JAVA_BYTE)).containsExactly(dev.cells[0x10], dev.cells[0x11],
                dev.cells[0x12], dev.cells[0x13], dev.cells[0x14], dev.cells[0x15], dev.cells[0x16], dev.cells[0x17]);
        assertThat(dev.calls).containsExactly(Call.read(0x10, 4, dev.cellsAsValue(0x10, 4, false)),
                Call.read(0x14, 4, dev.cellsAsValue(0x14, 4, false)));
        assertThat(m.segment().isReadOnly()).isTrue();
        m.close();
    }

    @Test
    void bounceBufferIsCappedAtOnePageAndAtTheEndOfTheRange() {
        GuestMapping m = map(IO, 0x3000, false);
        assertThat(m.length()).isEqualTo(AddressSpace.BOUNCE_BUFFER_SIZE);
        m.close();
        GuestMapping tail = map(IO + 0x2ff0, 0x100, false);
        assertThat(tail.length()).isEqualTo(0x10);
        tail.close();
    }

    @Test
    void bounceWriteReachesTheDeviceOnlyAtUnmapInAddressOrder() {
        GuestMapping m = map(IO + 0x100, 16, true);
        assertThat(m.segment().isReadOnly()).isFalse();
        for (int i = 0; i < 16; i++) {
            m.segment().set(ValueLayout.JAVA_BYTE, i, (byte) (0xa0 + i));
        }
        assertThat(dev.calls).as("nothing before unmap").isEmpty();
        assertThat(m.unmap(12)).isEqualTo(MemTxResult.OK);
        assertThat(dev.calls).extracting(Call::write, Call::offset, Call::size)
                .containsExactly(tuple(true, 0x100L, 4), tuple(true, 0x104L, 4), tuple(true, 0x108L, 4));
        assertThat(dev.cells[0x10b]).isEqualTo((byte) 0xab);
        assertThat(dev.cells[0x10c]).as("past accessLen: not written").isNotEqualTo((byte) 0xac);
    }

    @Test
    void secondBounceMapFailsUntilTheFirstIsUnmapped() {
        GuestMapping first = map(IO, 8, false);
        assertThat(as.isBounceBufferInUse()).isTrue();
        assertThat(as.map(IO + 8, 8, true, ATTRS)).isEmpty();
        assertThat(as.map(ROM, 8, true, ATTRS)).as("ROM for write needs the bounce buffer too").isEmpty();
        first.unmap(8);
        assertThat(as.isBounceBufferInUse()).isFalse();
        Optional<GuestMapping> second = as.map(IO + 8, 8, true, ATTRS);
        assertThat(second).isPresent();
        second.get().close();
    }

    @Test
    void bounceBufferIsPerAddressSpace() {
        AddressSpace other = sys.addressSpace(root, "other");
        GuestMapping mine = map(IO, 8, false);
        Optional<GuestMapping> theirs = other.map(IO, 8, false, ATTRS);
        assertThat(theirs).isPresent();
        theirs.get().close();
        mine.close();
    }

    @Test
    void mapClientRunsOnceWhenTheBounceBufferIsFreed() {
        GuestMapping m = map(IO, 8, false);
        List<String> log = new ArrayList<>();
        Runnable client = () -> {
            log.add("client, buffer in use=" + as.isBounceBufferInUse());
            as.map(IO, 8, false, ATTRS).orElseThrow().close(); // may map again from inside
        };
        as.registerMapClient(client);
        assertThat(log).isEmpty();
        m.close();
        assertThat(log).containsExactly("client, buffer in use=false");
        map(IO, 8, false).close();
        assertThat(log).as("one-shot").hasSize(1);
    }

    @Test
    void mapClientRegisteredWhileTheBufferIsFreeRunsAtOnce() {
        List<String> log = new ArrayList<>();
        as.registerMapClient(() -> log.add("ran"));
        assertThat(log).containsExactly("ran");
    }

    @Test
    void unregisteredMapClientIsNotRun() {
        GuestMapping m = map(IO, 8, false);
        List<String> log = new ArrayList<>();
        Runnable client = () -> log.add("ran");
        as.registerMapClient(client);
        assertThat(as.unregisterMapClient(client)).isTrue();
        assertThat(as.unregisterMapClient(client)).isFalse();
        m.close();
        assertThat(log).isEmpty();
    }

    @Test
    void mapClientsRunInRegistrationOrder() {
        GuestMapping m = map(IO, 8, false);
        List<Integer> log = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            int n = i;
            as.registerMapClient(() -> log.add(n));
        }
        m.close();
        assertThat(log).containsExactly(0, 1, 2);
    }

    @Test
    void registeringTheSameMapClientTwiceIsRefused() {
        GuestMapping m = map(IO, 8, false);
        Runnable client = () -> { };
        as.registerMapClient(client);
        assertThatThrownBy(() -> as.registerMapClient(client))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("already registered");
        m.close();
    }

    @Test
    void romMappedForWriteBouncesAndTheWriteIsDropped() {
        byte before = rom.backing().get(ValueLayout.JAVA_BYTE, 0);
        GuestMapping m = map(ROM, 16, true);
        assertThat(m.isBounce()).isTrue();
        m.segment().fill((byte) (before + 1));
        assertThat(m.unmap(16)).isEqualTo(MemTxResult.DECODE_ERROR);
        assertThat(rom.backing().get(ValueLayout.JAVA_BYTE, 0)).isEqualTo(before);
    }

    @Test
    void romMappedForReadIsDirect() {
        rom.backing().set(ValueLayout.JAVA_BYTE, 5, (byte) 0x42);
        GuestMapping m = map(ROM, 2 * PAGE, false);
        assertThat(m.isBounce()).isFalse();
        assertThat(m.length()).isEqualTo(2 * PAGE);
        assertThat(m.segment().get(ValueLayout.JAVA_BYTE, 5)).isEqualTo((byte) 0x42);
        m.close();
    }

    @Test
    void romDeviceIsDirectForReadOnlyInRomdMode() {
        RecordingDevice romDev = new RecordingDevice(0x1000, Endianness.LITTLE, ByteOrder.LITTLE_ENDIAN,
                AccessConstraints.DEFAULT, AccessConstraints.DEFAULT).withPattern();
        RomDeviceRegion flash = sys.initRomDevice(null, romDev, "flash", PAGE);
        root.addSubregion(0x400000, flash);
        GuestMapping read = map(0x400000, 16, false);
        assertThat(read.isBounce()).isFalse();
        read.close();
        GuestMapping write = map(0x400000, 16, true);
        assertThat(write.isBounce()).isTrue();
        write.close();
        assertThat(romDev.calls).extracting(Call::write).containsOnly(true);
        flash.setRomd(false);
        GuestMapping io = map(0x400000, 16, false);
        assertThat(io.isBounce()).isTrue();
        io.close();
    }

    @Test
    void holeBouncesReadsZerosWithDecodeErrorAndDropsWrites() {
        GuestMapping read = map(HOLE, 0x20, false);
        assertThat(read.isBounce()).isTrue();
        assertThat(read.fillResult()).isEqualTo(MemTxResult.DECODE_ERROR);
        assertThat(read.segment().toArray(ValueLayout.JAVA_BYTE)).containsOnly(0);
        read.close();
        GuestMapping write = map(HOLE, 0x20, true);
        assertThat(write.unmap(0x20)).isEqualTo(MemTxResult.DECODE_ERROR);
    }

    @Test
    void holeBounceStopsAtTheNextRange() {
        GuestMapping m = map(IO - 8, 0x100, false);
        assertThat(m.length()).isEqualTo(8);
        m.close();
    }

    @Test
    void memoryAttributeDeniesTheDeviceOnBothBounceReadAndWriteBack() {
        MemTxAttrs memoryOnly = MemTxAttrs.DEFAULT.withMemory(true);
        GuestMapping read = as.map(IO, 8, false, memoryOnly).orElseThrow();
        assertThat(read.fillResult()).isEqualTo(MemTxResult.ACCESS_ERROR);
        assertThat(read.segment().toArray(ValueLayout.JAVA_BYTE)).containsOnly(0);
        read.close();
        GuestMapping write = as.map(IO, 8, true, memoryOnly).orElseThrow();
        assertThat(write.unmap(8)).isEqualTo(MemTxResult.ACCESS_ERROR);
        assertThat(dev.calls).isEmpty();
        GuestMapping direct = as.map(RAM, 8, true, memoryOnly).orElseThrow();
        assertThat(direct.isBounce()).isFalse();
        direct.close();
    }

    @Test
    void bounceWriteBackGoesThroughTheViewCurrentAtUnmap() {
        GuestMapping m = map(IO, 4, true);
        m.segment().fill((byte) 0x33);
        root.delSubregion(io);
        assertThat(m.unmap(4)).isEqualTo(MemTxResult.DECODE_ERROR);
        assertThat(dev.calls).isEmpty();
    }

    // ------------------------------------------------------------ accessValid

    @Test
    void accessValidIsTrueForRamAndDevicesThatTakeEveryPiece() {
        assertThat(as.accessValid(RAM, 8 * PAGE, true, ATTRS)).as("ram then ram2").isTrue();
        assertThat(as.accessValid(IO + 1, 0x20, false, ATTRS)).isTrue();
        assertThat(as.accessValid(ROM, PAGE, false, ATTRS)).isTrue();
        assertThat(as.accessValid(HOLE, 0, true, ATTRS)).as("nothing to check").isTrue();
        assertThat(dev.calls).as("nothing is accessed").isEmpty();
    }

    @Test
    void accessValidIsFalseForHolesRomWritesAndRejectedPieces() {
        assertThat(as.accessValid(RAM2 + 4 * PAGE - 1, 2, false, ATTRS)).as("runs into a hole").isFalse();
        assertThat(as.accessValid(ROM, 1, true, ATTRS)).isFalse();
        dev.acceptor = (offset, size, isWrite) -> offset != 0x24;
        assertThat(as.accessValid(IO + 0x20, 8, true, ATTRS)).as("the piece at 0x24 is refused").isFalse();
        assertThat(as.accessValid(IO + 0x20, 4, true, ATTRS)).isTrue();
        assertThat(as.accessValid(-4L, 8, false, ATTRS)).as("past 2^64-1").isFalse();
        assertThatThrownBy(() -> as.accessValid(RAM, -1, false, ATTRS)).isInstanceOf(IllegalArgumentException.class);
    }

    // ------------------------------------------------------------ misuse

    @Test
    void unmapTwiceIsAnError() {
        GuestMapping m = map(RAM, 8, true);
        m.unmap(8);
        assertThatThrownBy(() -> m.unmap(8))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already unmapped");
        m.close(); // close after unmap does nothing
        assertThatThrownBy(m::segment).isInstanceOf(IllegalStateException.class).hasMessageContaining("unmapped");
    }

    @Test
    void unmapTwiceOfABounceMappingDoesNotFreeAnotherMappingsBuffer() {
        GuestMapping m = map(IO, 8, false);
        m.unmap(8);
        GuestMapping next = map(IO, 8, false);
        assertThatThrownBy(() -> as.unmap(m, 8, false)).isInstanceOf(IllegalStateException.class);
        assertThat(as.isBounceBufferInUse()).isTrue();
        next.close();
    }

    @Test
    void exactlyOneOfTwoRacingUnmapsWinsAndTheBounceBufferIsFreedOnce() throws Exception {
        for (int round = 0; round < 500; round++) {
            GuestMapping m = map(IO, 8, true);
            CyclicBarrier start = new CyclicBarrier(2);
            AtomicInteger wins = new AtomicInteger();
            AtomicInteger refusals = new AtomicInteger();
            Runnable racer = () -> {
                try {
                    start.await();
                    m.unmap(8);
                    wins.incrementAndGet();
                } catch (IllegalStateException e) {
                    refusals.incrementAndGet();
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            };
            Thread a = Thread.ofPlatform().start(racer);
            Thread b = Thread.ofPlatform().start(racer);
            a.join();
            b.join();
            assertThat(wins.get()).as("round %d", round).isEqualTo(1);
            assertThat(refusals.get()).as("round %d", round).isEqualTo(1);
            assertThat(as.isBounceBufferInUse()).isFalse();
        }
        assertThat(dev.calls).as("one write-back of two 4-byte pieces per round").hasSize(2 * 500);
    }

    @Test
    void unmapOfAnotherSpacesMappingIsRefused() {
        AddressSpace other = sys.addressSpace(root, "other");
        GuestMapping m = map(RAM, 8, true);
        assertThatThrownBy(() -> other.unmap(m, 8, true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("another address space");
        assertThat(m.isMapped()).isTrue();
        m.close();
    }

    @Test
    void accessLenPastTheMappingOrNegativeIsRefusedAndLeavesItMapped() {
        GuestMapping m = map(RAM + 3 * PAGE + 0xff0, 0x100, true);
        assertThat(m.length()).isEqualTo(0x10);
        assertThatThrownBy(() -> m.unmap(0x11))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("accessLen=17");
        assertThatThrownBy(() -> m.unmap(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(m.isMapped()).isTrue();
        m.close();
    }

    @Test
    void unmapDirectionMustMatchTheMapping() {
        GuestMapping m = map(RAM, 8, false);
        assertThatThrownBy(() -> as.unmap(m, 8, true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("isWrite");
        m.close();
    }

    @Test
    void badLengthsAndWrapAreRefused() {
        assertThatThrownBy(() -> as.map(RAM, 0, false, ATTRS))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("len must be positive: len=0");
        assertThatThrownBy(() -> as.map(RAM, -1, false, ATTRS))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("len=-1");
        assertThatThrownBy(() -> as.map(-0x10L, 0x11, false, ATTRS))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("passes 2^64-1");
        assertThat(as.isBounceBufferInUse()).isFalse();
    }

    @Test
    void mapUpToTheLastByteOfTheSpaceIsAllowed() {
        GuestMapping m = map(-0x10L, 0x10, false);
        assertThat(m.isBounce()).isTrue();
        assertThat(m.length()).isEqualTo(0x10);
        m.close();
    }

    @Test
    void segmentOfAMappingKeepsWorkingAfterTheRegionIsUnmappedFromTheTree() {
        GuestMapping m = map(RAM, 8, true);
        root.delSubregion(ram);
        m.segment().set(ValueLayout.JAVA_LONG_UNALIGNED, 0, 7L);
        m.close();
        assertThat(ram.backing().get(ValueLayout.JAVA_LONG_UNALIGNED, 0)).isEqualTo(7L);
        assertThat(dirtyPage(0)).isTrue();
    }
}
