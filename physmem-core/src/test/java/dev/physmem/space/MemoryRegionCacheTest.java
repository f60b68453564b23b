package dev.physmem.space;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import dev.physmem.attr.MemTxAttrs;
import dev.physmem.attr.MemTxResult;
import dev.physmem.space.RecordingDevice.Call;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/** {@link MemoryRegionCache}: direct RAM, the slow path through the region fixed at init, dirty marking, misuse. */
class MemoryRegionCacheTest extends DmaTestBase {
    private static final MemTxAttrs ATTRS = MemTxAttrs.UNSPECIFIED;

    private final MemTxResultHolder result = new MemTxResultHolder();

    // ------------------------------------------------------------ RAM

    @Test
    void cacheOverRamReadsItsHostMemoryAtOffsetsFromTheCacheStart() {
        MemoryRegionCache c = as.cacheInit(RAM + 0x100, 0x200, false);
        assertThat(c.isDirect()).isTrue();
        assertThat(c.length()).isEqualTo(0x200);
        assertThat(c.address()).isEqualTo(RAM + 0x100);
        assertThat(c.ldqLe(8)).isEqualTo(as.ldqLe(RAM + 0x108));
        assertThat(c.lduwBe(0x1fe, ATTRS, result)).isEqualTo(as.lduwBe(RAM + 0x2fe));
        assertThat(result.get()).isEqualTo(MemTxResult.OK);
    }

    @Test
    void cacheLengthStopsAtTheEndOfTheRegion() {
        MemoryRegionCache c = as.cacheInit(RAM + 4 * PAGE - 0x10, 0x100, true);
        assertThat(c.length()).isEqualTo(0x10);
        assertThatThrownBy(() -> c.ldub(0x10)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void cachedStoresReachRamAndMarkItDirtyAtOnce() {
        MemoryRegionCache c = as.cacheInit(RAM + PAGE, 2 * PAGE, true);
        c.stqLe(PAGE + 8, 0x0102030405060708L);
        assertThat(as.ldqLe(RAM + 2 * PAGE + 8)).isEqualTo(0x0102030405060708L);
        assertThat(dirtyPage(1)).isFalse();
        assertThat(dirtyPage(2)).isTrue();
        c.stwBe(0, 0xbeef, ATTRS, result);
        assertThat(result.get()).isEqualTo(MemTxResult.OK);
        assertThat(as.lduwBe(RAM + PAGE)).isEqualTo(0xbeef);
        assertThat(dirtyPage(1)).isTrue();
        assertThat(dirtyPage(3)).isFalse();
    }

    @Test
    void cachedBufferWriteMarksDirty() {
        MemoryRegionCache c = as.cacheInit(RAM, 4 * PAGE, true);
        assertThat(c.write(3 * PAGE + 1, new byte[] {1, 2, 3}, 0, 3)).isEqualTo(MemTxResult.OK);
        assertThat(ram.backing().get(ValueLayout.JAVA_BYTE, 3 * PAGE + 3)).isEqualTo((byte) 3);
        assertThat(dirtyPage(3)).isTrue();
        assertThat(dirtyPage(2)).isFalse();
    }

    @Test
    void invalidateMarksExactlyItsRange() {
        MemoryRegionCache c = as.cacheInit(RAM + 0x800, 3 * PAGE, true);
        c.invalidate(PAGE - 0x800, PAGE + 1); // all of page 1 and the first byte of page 2
        assertThat(dirtyPage(0)).isFalse();
        assertThat(dirtyPage(1)).isTrue();
        assertThat(dirtyPage(2)).isTrue();
        assertThat(dirtyPage(3)).isFalse();
    }

    @Test
    void readCacheRefusesWritesStoresAndInvalidate() {
        MemoryRegionCache c = as.cacheInit(RAM, PAGE, false);
        assertThatThrownBy(() -> c.stb(0, 1)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("made for reading");
        assertThatThrownBy(() -> c.write(0, MemorySegment.ofArray(new byte[1])))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> c.invalidate(0, 1)).isInstanceOf(IllegalStateException.class);
        assertThat(dirtyPage(0)).isFalse();
    }

    @Test
    void cacheKeepsItsRegionAfterTheTopologyChanges() {
        MemoryRegionCache c = as.cacheInit(RAM, PAGE, true);
        root.delSubregion(ram);
        c.stlLe(0, 0x11223344);
        assertThat(ram.backing().get(ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 0))
                .isEqualTo(0x11223344);
        assertThat(as.ldlLe(RAM, ATTRS, result)).isZero();
        assertThat(result.get()).isEqualTo(MemTxResult.DECODE_ERROR);
    }

    // ------------------------------------------------------------ I/O, ROM, holes

    @Test
    void cacheOverIoSendsEachLdStToTheDeviceAsOneAccess() {
        MemoryRegionCache c = as.cacheInit(IO + 0x10, 0x40, true);
        assertThat(c.isDirect()).isFalse();
        assertThat(c.ldlLe(4, ATTRS, result)).isEqualTo((int) dev.cellsAsValue(0x14, 4, false));
        assertThat(result.get()).isEqualTo(MemTxResult.OK);
        c.stwLe(8, 0xcafe);
        assertThat(dev.calls).containsExactly(Call.read(0x14, 4, dev.cellsAsValue(0x14, 4, false)),
                Call.write(0x18, 2, 0xcafe));
    }

    @Test
    void cacheOverIoBufferAccessesAreCutLikeAddressSpaceReads() {
        MemoryRegionCache c = as.cacheInit(IO, 0x100, false);
        byte[] buf = new byte[6];
        assertThat(c.read(0x21, buf, 0, 6)).isEqualTo(MemTxResult.OK);
        assertThat(dev.calls).extracting(Call::offset, Call::size)
                .containsExactly(tuple(0x21L, 1), tuple(0x22L, 2), tuple(0x24L, 2), tuple(0x26L, 1));
        byte[] viaSpace = new byte[6];
        as.read(IO + 0x21, ATTRS, viaSpace, 0, 6);
        assertThat(buf).containsExactly(viaSpace);
    }

    @Test
    void cacheOverIoFollowsTheRegionFixedAtInitNotTheAddress() {
        MemoryRegionCache c = as.cacheInit(IO, 0x100, false);
        io.setAddress(IO + 0x1000);
        c.ldub(0x20);
        assertThat(dev.calls).containsExactly(Call.read(0x20, 1, dev.cells[0x20] & 0xffL));
    }

    @Test
    void cacheIsCutAtTheEndOfTheDevice() {
        assertThat(as.cacheInit(IO + 0x2ff0, 0x1000, false).length()).isEqualTo(0x10);
    }

    @Test
    void writeCacheOverRomReadsItAndDropsStoresWithDecodeError() {
        rom.backing().set(ValueLayout.JAVA_BYTE, 3, (byte) 0x99);
        MemoryRegionCache c = as.cacheInit(ROM, PAGE, true);
        assertThat(c.isDirect()).isFalse();
        assertThat(c.ldub(3)).isEqualTo(0x99);
        c.stb(3, 0x11, ATTRS, result);
        assertThat(result.get()).isEqualTo(MemTxResult.DECODE_ERROR);
        assertThat(c.write(0, new byte[] {1}, 0, 1)).isEqualTo(MemTxResult.DECODE_ERROR);
        assertThat(rom.backing().get(ValueLayout.JAVA_BYTE, 3)).isEqualTo((byte) 0x99);
        assertThat(as.cacheInit(ROM, PAGE, false).isDirect()).isTrue();
    }

    @Test
    void cacheOverAHoleReadsZerosWithDecodeErrorUpToTheNextRange() {
        MemoryRegionCache c = as.cacheInit(IO - 0x10, 0x100, true);
        assertThat(c.length()).isEqualTo(0x10);
        assertThat(c.ldqLe(8, ATTRS, result)).isZero();
        assertThat(result.get()).isEqualTo(MemTxResult.DECODE_ERROR);
        c.stqLe(0, -1L, ATTRS, result);
        assertThat(result.get()).isEqualTo(MemTxResult.DECODE_ERROR);
        byte[] buf = {9, 9};
        assertThat(c.read(0, buf, 0, 2)).isEqualTo(MemTxResult.DECODE_ERROR);
        assertThat(buf).containsOnly(0);
        assertThat(as.cacheInit(HOLE, 8, false).ldub(0)).isZero();
    }

    // ------------------------------------------------------------ misuse

    @Test
    void accessesOutsideTheCacheAreRefused() {
        MemoryRegionCache c = as.cacheInit(RAM, 0x100, true);
        assertThatThrownBy(() -> c.ldqLe(0xf9)).isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessageContaining("offset=0xf9 size=8 length=0x100");
        assertThat(c.ldqLe(0xf8)).isEqualTo(as.ldqLe(RAM + 0xf8));
        assertThatThrownBy(() -> c.stb(-1, 0)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> c.ldub(Long.MIN_VALUE)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> c.read(0xff, new byte[2], 0, 2)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> c.invalidate(0x80, 0x81)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> c.invalidate(0, -1)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> c.load(0, 3, false, ATTRS, null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("size=3");
    }

    @Test
    void closedCacheRefusesEveryAccessAndCloseIsIdempotent() {
        MemoryRegionCache c = as.cacheInit(RAM, 0x100, true);
        c.close();
        c.close();
        assertThat(c.isClosed()).isTrue();
        assertThatThrownBy(() -> c.ldub(0)).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        assertThatThrownBy(() -> c.stqLe(0, 1)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> c.read(0, new byte[1], 0, 1)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> c.invalidate(0, 1)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void badInitLengthsAndWrapAreRefused() {
        assertThatThrownBy(() -> as.cacheInit(RAM, 0, false)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("len must be positive");
        assertThatThrownBy(() -> as.cacheInit(-8L, 9, false)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("passes 2^64-1");
    }
}
