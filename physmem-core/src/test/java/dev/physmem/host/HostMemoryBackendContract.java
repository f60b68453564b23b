package dev.physmem.host;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.MemorySegment;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * What every backend kind promises: zero-filled memory of the requested size and alignment,
 * QEMU's option checks, and reference-counted unmapping after which access throws. Each kind's
 * test class extends this with the builder it is typically used with, and adds its own tests.
 */
abstract class HostMemoryBackendContract {
    static final long PAGE = HostMemoryBackend.hostPageSize();
    static final long MIB = 1L << 20;

    /** A builder of the kind under test with every option but the common ones set as typically used. */
    abstract HostMemoryBackend.Builder<?> builder();

    @Test
    void newMemoryIsZeroFilled() {
        try (var backend = builder().size(16 * PAGE).create()) {
            MemorySegment memory = backend.segment();
            assertThat(memory.byteSize()).isEqualTo(16 * PAGE);
            for (long offset = 0; offset < memory.byteSize(); offset += 8) {
                if (memory.get(JAVA_LONG, offset) != 0) {
                    throw new AssertionError("non-zero at offset 0x" + Long.toHexString(offset));
                }
            }
        }
    }

    @Test
    void writesAreReadBack() {
        try (var backend = builder().size(4 * PAGE).create()) {
            MemorySegment memory = backend.segment();
            memory.set(JAVA_LONG, 0, 0x0123456789abcdefL);
            memory.set(JAVA_LONG, 4 * PAGE - 8, -2L);
            assertThat(memory.get(JAVA_LONG, 0)).isEqualTo(0x0123456789abcdefL);
            assertThat(memory.get(JAVA_LONG, 4 * PAGE - 8)).isEqualTo(-2L);
        }
    }

    @Test
    void writesFromAnotherThreadAreSeenAfterJoin() {
        try (var backend = builder().size(PAGE).create()) {
            CompletableFuture.runAsync(() -> backend.segment().set(JAVA_LONG, 8, 42L)).join();
            assertThat(backend.segment().get(JAVA_LONG, 8)).isEqualTo(42L);
        }
    }

    @Test
    void sizeAndPropertiesAreThoseRequested() {
        try (var backend = builder().size(8 * PAGE).dump(false).create()) {
            assertThat(backend.size()).isEqualTo(8 * PAGE);
            assertThat(backend.pageSize()).isEqualTo(PAGE);
            assertThat(backend.isDump()).isFalse();
            assertThat(backend.isPrealloc()).isFalse();
            assertThat(backend.isReserve()).isTrue();
            assertThat(backend.typeName()).startsWith("memory-backend-");
            assertThat(backend.toString()).contains("size=0x" + Long.toHexString(8 * PAGE));
        }
    }

    @Test
    void addressIsPageAlignedByDefault() {
        try (var backend = builder().size(PAGE).create()) {
            assertThat(backend.address() % PAGE).isZero();
            assertThat(backend.segment().address()).isEqualTo(backend.address());
            assertThat(backend.align()).isEqualTo(PAGE);
        }
    }

    @Test
    void alignOfTwoMebibytesIsHonoured() {
        for (int i = 0; i < 4; i++) {
            try (var backend = builder().size(16 * PAGE).align(2 * MIB).create()) {
                assertThat(backend.address() % (2 * MIB)).isZero();
                assertThat(backend.align()).isEqualTo(2 * MIB);
                backend.segment().set(JAVA_LONG, 16 * PAGE - 8, 7L);
                assertThat(backend.segment().get(JAVA_LONG, 16 * PAGE - 8)).isEqualTo(7L);
            }
        }
    }

    @Test
    void preallocPopulatesEveryPage() {
        try (var backend = builder().size(64 * PAGE).prealloc(true).create()) {
            assertThat(backend.isPrealloc()).isTrue();
            assertThat(HostProbe.residentPages(backend)).isEqualTo(64);
            assertThat(backend.segment().get(JAVA_LONG, 0)).isZero();
        }
    }

    @Test
    void withoutPreallocNoPageIsCommittedUntilTouched() {
        try (var backend = builder().size(64 * PAGE).create()) {
            assertThat(HostProbe.residentPages(backend)).isZero();
            backend.segment().set(JAVA_BYTE, 3 * PAGE, (byte) 1);
            // One page, or for a file a few more that the page cache read ahead.
            assertThat(HostProbe.residentPages(backend)).isPositive();
        }
    }

    @Test
    void dumpOffExcludesTheMemoryFromCoreDumps() {
        try (var off = builder().size(PAGE).dump(false).create();
                var on = builder().size(PAGE).create()) {
            assertThat(HostProbe.vmFlags(off.address())).contains("dd");
            assertThat(HostProbe.vmFlags(on.address())).doesNotContain("dd");
        }
    }

    @Test
    void closeUnmapsSoThatAccessThrows() {
        var backend = builder().size(PAGE).create();
        MemorySegment memory = backend.segment();
        MemorySegment slice = memory.asSlice(8, 8);
        backend.close();
        assertThat(backend.isClosed()).isTrue();
        assertThat(backend.isReleased()).isTrue();
        assertThatThrownBy(() -> memory.get(JAVA_LONG, 0)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> slice.get(JAVA_LONG, 0)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(backend::fd).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("unmapped");
    }

    @Test
    void closeIsIdempotent() {
        var backend = builder().size(PAGE).create();
        backend.close();
        backend.close();
        assertThat(backend.isReleased()).isTrue();
    }

    @Test
    void leaseDefersTheUnmapUntilTheLastUserCloses() {
        var backend = builder().size(PAGE).create();
        var first = backend.retain();
        var second = backend.retain();
        assertThat(backend.users()).isEqualTo(2);
        backend.segment().set(JAVA_LONG, 0, 99L);

        backend.close();
        assertThat(backend.isClosed()).isTrue();
        assertThat(backend.isReleased()).isFalse();
        first.close();
        assertThat(second.segment().get(JAVA_LONG, 0)).isEqualTo(99L);

        second.close();
        assertThat(backend.users()).isZero();
        assertThat(backend.isReleased()).isTrue();
        assertThatThrownBy(() -> second.segment().get(JAVA_LONG, 0)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void leaseCloseIsIdempotentAndCountsOnce() {
        var backend = builder().size(PAGE).create();
        var lease = backend.retain();
        var other = backend.retain();
        lease.close();
        lease.close();
        assertThat(lease.isOpen()).isFalse();
        assertThat(backend.users()).isEqualTo(1);
        backend.close();
        assertThat(backend.isReleased()).isFalse();
        other.close();
        assertThat(backend.isReleased()).isTrue();
    }

    @Test
    void leasesOutliveAnOpenBackendWithoutUnmapping() {
        try (var backend = builder().size(PAGE).create()) {
            backend.retain().close();
            assertThat(backend.isReleased()).isFalse();
            assertThat(backend.segment().get(JAVA_LONG, 0)).isZero();
        }
    }

    @Test
    void retainAfterTheUnmapIsRefused() {
        var backend = builder().size(PAGE).create();
        backend.close();
        assertThatThrownBy(backend::retain).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("backend memory is unmapped").hasMessageContaining("size=0x");
    }

    @Test
    void retainAfterCloseSucceedsWhileAnotherLeaseKeepsTheMemoryMapped() {
        var backend = builder().size(PAGE).create();
        var first = backend.retain();
        backend.close();
        var second = backend.retain();
        first.close();
        assertThat(backend.isReleased()).isFalse();
        second.close();
        assertThat(backend.isReleased()).isTrue();
    }

    @Test
    void sizeZeroIsRejectedAtOnce() {
        assertThatThrownBy(() -> builder().size(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("size must be positive: size=0");
    }

    @Test
    void missingSizeIsRejected() {
        assertThatThrownBy(() -> builder().create()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("size=0");
    }

    @Test
    void sizeThatIsNotAPageMultipleIsRejected() {
        assertThatThrownBy(() -> builder().size(PAGE + 1).create()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("size must be a multiple of the page size")
                .hasMessageContaining("size=0x" + Long.toHexString(PAGE + 1))
                .hasMessageContaining("page-size=0x" + Long.toHexString(PAGE));
    }

    @Test
    void alignThatIsNotAPowerOfTwoIsRejectedAtOnce() {
        assertThatThrownBy(() -> builder().align(3 * MIB)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("align must be a power of two: align=0x300000");
    }

    @Test
    void alignBelowThePageSizeIsRejected() {
        assertThatThrownBy(() -> builder().size(PAGE).align(PAGE / 4).create())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("align=0x" + Long.toHexString(PAGE / 4));
    }

    @Test
    void preallocAndReserveOffAreIncompatibleInEitherOrder() {
        assertThatThrownBy(() -> builder().prealloc(true).reserve(false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("prealloc=true reserve=false");
        assertThatThrownBy(() -> builder().reserve(false).prealloc(true))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("prealloc=true reserve=false");
    }

    @Test
    void reserveOffMapsWithoutReservation() {
        try (var backend = builder().size(4 * PAGE).reserve(false).create()) {
            assertThat(backend.isReserve()).isFalse();
            assertThat(HostProbe.vmFlags(backend.address())).contains("nr");
            backend.segment().set(JAVA_LONG, 0, 1L);
            assertThat(backend.segment().get(JAVA_LONG, 0)).isEqualTo(1L);
        }
    }
}
