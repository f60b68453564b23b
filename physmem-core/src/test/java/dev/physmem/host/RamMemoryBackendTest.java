package dev.physmem.host;

import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class RamMemoryBackendTest extends HostMemoryBackendContract {

    @Override
    HostMemoryBackend.Builder<?> builder() {
        return HostMemoryBackend.ram();
    }

    @Test
    void privateRamIsAnonymousAndCannotBeRemapped() {
        try (var backend = HostMemoryBackend.ram().size(PAGE).create()) {
            assertThat(backend.typeName()).isEqualTo("memory-backend-ram");
            assertThat(backend.isShared()).isFalse();
            assertThat(backend.fd()).isEmpty();
            assertThat(backend.isRemappable()).isFalse();
            assertThat(HostProbe.vmFlags(backend.address())).doesNotContain("sh");
        }
    }

    @Test
    void mergeOnOffersTheMemoryToKsm() {
        assumeTrue(Files.isDirectory(Path.of("/sys/kernel/mm/ksm")), "host kernel has KSM");
        try (var merged = HostMemoryBackend.ram().size(PAGE).create();
                var unmerged = HostMemoryBackend.ram().size(PAGE).merge(false).create()) {
            assertThat(merged.isMerge()).isTrue();
            assertThat(HostProbe.vmFlags(merged.address())).contains("mg");
            assertThat(HostProbe.vmFlags(unmerged.address())).doesNotContain("mg");
        }
    }

    @Test
    void touchingFallbackOfPreallocPopulatesAnonymousMemory() {
        try (var backend = HostMemoryBackend.ram().size(16 * PAGE).create()) {
            HostMemoryBackend.populateByTouching(backend.address(), backend.size(), -1, 0, false);
            assertThat(HostProbe.residentPages(backend)).isEqualTo(16);
        }
    }

    @Test
    void moreMemoryThanTheAddressSpaceHoldsFailsWithTheErrno() {
        assertThatThrownBy(() -> HostMemoryBackend.ram().size(1L << 47).create())
                .isInstanceOf(HostMemoryException.class)
                .hasMessageStartingWith("mmap failed: errno=12 (ENOMEM)")
                .hasMessageContaining("size=0x800000000000");
    }

    @Test
    void sharedRamIsASealedMemfdThatASecondMappingSees() throws Exception {
        try (var backend = HostMemoryBackend.ram().size(4 * PAGE).share(true).create()) {
            int fd = backend.fd().orElseThrow();
            assertThat(HostProbe.fdTarget(fd)).contains("memfd:memory-backend-ram");
            assertThat(backend.isRemappable()).isTrue();
            assertThat(Libc.seals(fd) & (Libc.F_SEAL_GROW | Libc.F_SEAL_SHRINK))
                    .isEqualTo(Libc.F_SEAL_GROW | Libc.F_SEAL_SHRINK);
            try (var second = SecondMapping.of(fd, 4 * PAGE)) {
                backend.segment().set(JAVA_LONG, PAGE, 0x5eedL);
                assertThat(second.segment().get(JAVA_LONG, PAGE)).isEqualTo(0x5eedL);
            }
        }
    }
}
