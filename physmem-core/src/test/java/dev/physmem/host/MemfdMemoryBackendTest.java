package dev.physmem.host;

import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class MemfdMemoryBackendTest extends HostMemoryBackendContract {

    @Override
    HostMemoryBackend.Builder<?> builder() {
        return HostMemoryBackend.memfd();
    }

    @Test
    void memfdIsSharedAndSealedByDefault() {
        try (var backend = HostMemoryBackend.memfd().size(PAGE).create()) {
            assertThat(backend.typeName()).isEqualTo("memory-backend-memfd");
            assertThat(backend.isShared()).isTrue();
            assertThat(backend.isSeal()).isTrue();
            assertThat(backend.isHugetlb()).isFalse();
            assertThat(backend.hugetlbsize()).isZero();
            assertThat(backend.isRemappable()).isTrue();
            int fd = backend.fd().orElseThrow();
            assertThat(HostProbe.fdTarget(fd)).contains("memfd:memory-backend-memfd");
            assertThat(Libc.seals(fd)).isEqualTo(Libc.F_SEAL_GROW | Libc.F_SEAL_SHRINK | Libc.F_SEAL_SEAL);
            assertThat(HostProbe.vmFlags(backend.address())).contains("sh");
        }
    }

    @Test
    void writesAreVisibleThroughASecondMappingOfTheFdAndBack() {
        try (var backend = HostMemoryBackend.memfd().size(8 * PAGE).create();
                var second = SecondMapping.of(backend.fd().orElseThrow(), 8 * PAGE)) {
            backend.segment().set(JAVA_LONG, 5 * PAGE + 16, 0xfeedfaceL);
            assertThat(second.segment().get(JAVA_LONG, 5 * PAGE + 16)).isEqualTo(0xfeedfaceL);
            second.segment().set(JAVA_LONG, 0, 0xc0ffeeL);
            assertThat(backend.segment().get(JAVA_LONG, 0)).isEqualTo(0xc0ffeeL);
        }
    }

    @Test
    void sealsStopAnotherHolderFromShrinkingTheMemory() {
        try (var backend = HostMemoryBackend.memfd().size(PAGE).create()) {
            assertThatThrownBy(() -> Libc.ftruncate(backend.fd().orElseThrow(), 0))
                    .isInstanceOf(HostMemoryException.class).hasMessageContaining("errno=1 (EPERM)");
        }
    }

    @Test
    void unsealedMemfdCarriesNoSeals() {
        try (var backend = HostMemoryBackend.memfd().size(PAGE).seal(false).create()) {
            assertThat(backend.isSeal()).isFalse();
            // Without MFD_ALLOW_SEALING the file is born with F_SEAL_SEAL and nothing else.
            assertThat(Libc.seals(backend.fd().orElseThrow())).isEqualTo(Libc.F_SEAL_SEAL);
        }
    }

    @Test
    void privateMemfdKeepsTheGuestsWritesToItself() {
        try (var backend = HostMemoryBackend.memfd().size(PAGE).share(false).create();
                var second = SecondMapping.of(backend.fd().orElseThrow(), PAGE)) {
            assertThat(backend.isRemappable()).isFalse();
            backend.segment().set(JAVA_LONG, 0, 5L);
            assertThat(second.segment().get(JAVA_LONG, 0)).isZero();
        }
    }

    @Test
    void touchingFallbackOfPreallocAllocatesThenPopulatesKeepingContents() {
        try (var backend = HostMemoryBackend.memfd().size(32 * PAGE).create()) {
            backend.segment().set(JAVA_LONG, 7 * PAGE, 0x77L);
            HostMemoryBackend.populateByTouching(backend.address(), backend.size(), backend.fd().orElseThrow(), 0,
                    true);
            assertThat(HostProbe.residentPages(backend)).isEqualTo(32);
            assertThat(backend.segment().get(JAVA_LONG, 7 * PAGE)).isEqualTo(0x77L);
        }
    }

    @Test
    void hugetlbWithoutAPoolFailsCleanly() throws Exception {
        assumeTrue(freeHugePages() == 0, "host has no free huge pages");
        long huge = MemfdMemoryBackend.defaultHugePageSize();
        assertThatThrownBy(() -> HostMemoryBackend.memfd().hugetlb(true).size(huge).create())
                .isInstanceOf(HostMemoryException.class).hasMessageContaining("errno=12 (ENOMEM)");
    }

    @Test
    void hugetlbSizeIsTheUnitOfSize() {
        long huge = MemfdMemoryBackend.defaultHugePageSize();
        assertThatThrownBy(() -> HostMemoryBackend.memfd().hugetlb(true).size(PAGE).create())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("page-size=0x" + Long.toHexString(huge));
    }

    @Test
    void hugetlbsizeNeedsHugetlb() {
        assertThatThrownBy(() -> HostMemoryBackend.memfd().hugetlbsize(2 * MIB).size(2 * MIB).create())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("hugetlbsize needs hugetlb: hugetlb=false hugetlbsize=0x200000");
    }

    @Test
    void hugetlbsizeMustBeAPowerOfTwo() {
        assertThatThrownBy(() -> HostMemoryBackend.memfd().hugetlbsize(3 * MIB))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("hugetlbsize must be a power of two: hugetlbsize=0x300000");
    }

    private static long freeHugePages() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
            if (line.startsWith("HugePages_Free:")) {
                return Long.parseLong(line.substring("HugePages_Free:".length()).trim());
            }
        }
        return 0;
    }
}
