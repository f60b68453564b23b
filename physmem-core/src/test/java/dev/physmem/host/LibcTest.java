package dev.physmem.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LibcTest {

    @Test
    void nativeCallsAreAvailableOnThisHost() {
        assertThat(Libc.isAvailable()).isTrue();
        assertThat(Long.bitCount(Libc.pageSize())).isOne();
    }

    @Test
    void failureNamesTheCallTheErrnoAndTheDetails() {
        assertThat(Libc.failure("mmap", 12, "size=0x1000"))
                .hasMessage("mmap failed: errno=12 (ENOMEM) size=0x1000");
        assertThat(Libc.failure("close", 9, "")).hasMessage("close failed: errno=9 (EBADF)");
        assertThat(Libc.errnoName(4095)).isEqualTo("errno 4095");
    }

    @Test
    void refusedMappingReportsTheErrnoCapturedAtTheCall() {
        assertThatThrownBy(() -> Libc.mmap(0, 1L << 62, Libc.PROT_READ, Libc.MAP_PRIVATE | Libc.MAP_ANONYMOUS, -1, 0))
                .isInstanceOf(HostMemoryException.class)
                .hasMessageStartingWith("mmap failed: errno=12 (ENOMEM) size=0x4000000000000000");
    }

    @Test
    void calmCallsReturnTheErrnoInsteadOfThrowing() {
        assertThat(Libc.close(-1)).isEqualTo(Libc.EBADF);
        assertThat(Libc.madvise(1, Libc.pageSize(), Libc.MADV_DONTDUMP)).isEqualTo(Libc.EINVAL);
    }

    @Test
    void reservationIsAlignedAndMapFixedStaysInside() {
        long size = 4 * Libc.pageSize();
        long align = 1L << 21;
        long address = AddressReservation.reserve(size, align);
        try {
            assertThat(address % align).isZero();
            AddressReservation.mapFixed(address + Libc.pageSize(), Libc.pageSize(),
                    Libc.PROT_READ | Libc.PROT_WRITE, Libc.MAP_PRIVATE, -1, 0);
            assertThat(Libc.residentPages(address, size)).isZero();
        } finally {
            Libc.munmap(address, size);
        }
    }
}
