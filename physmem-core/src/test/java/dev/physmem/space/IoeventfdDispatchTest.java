package dev.physmem.space;

import static org.assertj.core.api.Assertions.assertThat;

import dev.physmem.MemorySystem;
import dev.physmem.attr.MemTxAttrs;
import dev.physmem.attr.MemTxResult;
import dev.physmem.region.AccessConstraints;
import dev.physmem.region.ContainerRegion;
import dev.physmem.region.CountingEventNotifier;
import dev.physmem.region.Endianness;
import dev.physmem.region.EventFdNotifier;
import dev.physmem.region.IoRegion;
import dev.physmem.region.MemoryRegion;
import dev.physmem.region.RomDeviceRegion;
import dev.physmem.space.RecordingDevice.Call;
import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/**
 * Guest writes that match an eventfd signal it instead of reaching the device, on every write
 * path (QEMU's {@code memory_region_dispatch_write_eventfds}, TCG without KVM eventfds).
 */
class IoeventfdDispatchTest {
    private static final long BASE = 0x1000;
    private static final MemTxAttrs ATTRS = MemTxAttrs.UNSPECIFIED;

    private final MemorySystem sys = new MemorySystem(ByteOrder.LITTLE_ENDIAN);
    private final ContainerRegion root = sys.initContainer(null, "root", MemoryRegion.SIZE_2_64);
    private final RecordingDevice dev = device(0x100, Endianness.LITTLE, AccessConstraints.DEFAULT);
    private final IoRegion io = sys.initIo(null, dev, "dev", 0x100);
    private final AddressSpace as;
    private final CountingEventNotifier kick = new CountingEventNotifier("kick");
    private final MemTxResultHolder result = new MemTxResultHolder();

    /** A memory-like device on this little-endian target, with QEMU's default implementation sizes. */
    private static RecordingDevice device(int size, Endianness endianness, AccessConstraints valid) {
        return new RecordingDevice(size, endianness, ByteOrder.LITTLE_ENDIAN, valid, AccessConstraints.DEFAULT);
    }

    /** A 16-byte I/O region over {@code ops}, mapped at {@code addr}. */
    private IoRegion mapIo(RecordingDevice ops, long addr) {
        IoRegion region = sys.initIo(null, ops, "extra", 0x10);
        root.addSubregion(addr, region);
        return region;
    }

    IoeventfdDispatchTest() {
        root.addSubregion(BASE, io);
        as = sys.addressSpace(root, "memory");
    }

    @Test
    void aMatchingStoreSignalsTheNotifierAndNeverReachesTheDevice() {
        io.addEventfd(0x10, 4, false, 0, kick);

        as.stlLe(BASE + 0x10, 0xdead_beef, ATTRS, result);

        assertThat(result.get()).isEqualTo(MemTxResult.OK);
        assertThat(kick.count()).isEqualTo(1);
        assertThat(dev.calls).isEmpty();
    }

    @Test
    void withMatchDataOnlyThatValueSignalsAndOtherValuesReachTheDevice() {
        io.addEventfd(0x10, 2, true, 3, kick);

        as.stwLe(BASE + 0x10, 3, ATTRS, result);
        as.stwLe(BASE + 0x10, 4, ATTRS, result);

        assertThat(kick.count()).isEqualTo(1);
        assertThat(dev.calls).containsExactly(Call.write(0x10, 2, 4));
    }

    @Test
    void aWriteOfAnotherWidthOrAtAnotherOffsetReachesTheDevice() {
        io.addEventfd(0x10, 4, false, 0, kick);

        as.stwLe(BASE + 0x10, 1, ATTRS, result);
        as.stlLe(BASE + 0x14, 2, ATTRS, result);

        assertThat(kick.count()).isZero();
        assertThat(dev.calls).containsExactly(Call.write(0x10, 2, 1), Call.write(0x14, 4, 2));
    }

    @Test
    void aSizeZeroEventfdMatchesEveryWidthAtItsAddress() {
        io.addEventfd(0x20, 0, false, 0, kick);

        as.stb(BASE + 0x20, 1, ATTRS, result);
        as.stwLe(BASE + 0x20, 2, ATTRS, result);
        as.stlLe(BASE + 0x20, 3, ATTRS, result);
        as.stqLe(BASE + 0x20, 4, ATTRS, result);

        assertThat(kick.count()).isEqualTo(4);
        assertThat(dev.calls).isEmpty();
    }

    @Test
    void everyWritePathSignals() {
        io.addEventfd(0x10, 4, true, 0x1234_5678L, kick);
        byte[] le = {0x78, 0x56, 0x34, 0x12};

        assertThat(as.write(BASE + 0x10, ATTRS, le, 0, 4)).isEqualTo(MemTxResult.OK);
        assertThat(as.write(BASE + 0x10, ATTRS, MemorySegment.ofArray(le.clone()))).isEqualTo(MemTxResult.OK);
        as.store(BASE + 0x10, 4, false, 0x1234_5678L, ATTRS, result);
        GuestMapping m = as.map(BASE + 0x10, 4, true, ATTRS).orElseThrow();
        assertThat(m.isBounce()).isTrue();
        MemorySegment.copy(le, 0, m.segment(), java.lang.foreign.ValueLayout.JAVA_BYTE, 0, 4);
        assertThat(m.unmap(4)).isEqualTo(MemTxResult.OK);
        try (MemoryRegionCache cache = as.cacheInit(BASE, 0x100, true)) {
            cache.stlLe(0x10, 0x1234_5678);
            assertThat(cache.write(0x10, le, 0, 4)).isEqualTo(MemTxResult.OK);
        }

        assertThat(kick.count()).isEqualTo(6);
        assertThat(dev.calls).isEmpty();
    }

    @Test
    void aBigEndianDeviceMatchesDataGivenInTargetOrder() {
        RecordingDevice big = device(0x10, Endianness.BIG, AccessConstraints.DEFAULT);
        IoRegion bigIo = mapIo(big, 0x8000);
        bigIo.addEventfd(0, 2, true, 0x1234, kick);

        as.stwLe(0x8000, 0x1234, ATTRS, result); // what a little-endian CPU stores for 0x1234
        as.stwBe(0x8000, 0x1234, ATTRS, result); // the same bytes reversed: another value

        assertThat(bigIo.ioeventfds().getFirst().data()).isEqualTo(0x3412);
        assertThat(kick.count()).isEqualTo(1);
        assertThat(big.calls).containsExactly(Call.write(0, 2, 0x1234));
    }

    @Test
    void aWriteTheDeviceRejectsNeitherSignalsNorReachesIt() {
        RecordingDevice strict = device(0x10, Endianness.LITTLE, AccessConstraints.sizes(4, 4));
        mapIo(strict, 0x8000).addEventfd(0, 0, false, 0, kick);

        as.stb(0x8000, 1, ATTRS, result);

        assertThat(result.get()).isEqualTo(MemTxResult.DECODE_ERROR);
        assertThat(kick.count()).isZero();
        assertThat(strict.calls).isEmpty();
    }

    @Test
    void anEventfdTakesEffectAtTheCommitAndStopsAtTheCommitOfItsDeletion() {
        try (var tx = sys.transaction()) {
            io.addEventfd(0x10, 1, false, 0, kick);
            as.stb(BASE + 0x10, 1, ATTRS, result);
        }
        as.stb(BASE + 0x10, 2, ATTRS, result);
        try (var tx = sys.transaction()) {
            io.delEventfd(0x10, 1, false, 0, kick);
            as.stb(BASE + 0x10, 3, ATTRS, result);
        }
        as.stb(BASE + 0x10, 4, ATTRS, result);

        assertThat(kick.count()).isEqualTo(2); // writes 2 and 3
        assertThat(dev.calls).extracting(Call::value).containsExactly(1L, 4L);
    }

    @Test
    void aWriteThroughAnAliasSignalsTheEventfdOfItsTarget() {
        root.addSubregion(0x9000, sys.initAlias(null, "alias", io, 0x10, 0x10));
        io.addEventfd(0x14, 1, false, 0, kick);

        as.stb(0x9004, 1, ATTRS, result);

        assertThat(kick.count()).isEqualTo(1);
        assertThat(dev.calls).isEmpty();
    }

    @Test
    void aMatchingWriteSignalsARealEventfd() {
        try (EventFdNotifier efd = new EventFdNotifier()) {
            io.addEventfd(0x30, 4, false, 0, efd);

            as.stlLe(BASE + 0x30, 1, ATTRS, result);
            as.stlLe(BASE + 0x30, 2, ATTRS, result);

            assertThat(efd.eventFd().readAndClear()).isEqualTo(2);
            assertThat(efd.testAndClear()).isFalse();
            io.delEventfd(0x30, 4, false, 0, efd);
        }
        assertThat(dev.calls).isEmpty();
    }

    @Test
    void aRomDeviceWriteSignalsLikeAnIoWrite() {
        RecordingDevice flashOps = device(0x1000, Endianness.LITTLE, AccessConstraints.DEFAULT);
        RomDeviceRegion flash = sys.initRomDevice(null, flashOps, "flash", 0x1000);
        root.addSubregion(0x10_0000, flash);
        flash.addEventfd(0x40, 4, true, 0x55, kick);

        as.stlLe(0x10_0040, 0x55, ATTRS, result);
        as.stlLe(0x10_0040, 0x56, ATTRS, result);

        assertThat(kick.count()).isEqualTo(1);
        assertThat(flashOps.calls).containsExactly(Call.write(0x40, 4, 0x56));
    }
}
