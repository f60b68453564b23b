package dev.physmem.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostFdTest {
    @TempDir
    Path dir;

    @Test
    void openedFileReportsItsSize() throws IOException {
        Path file = Files.write(dir.resolve("f"), new byte[12345]);
        try (HostFd fd = HostFd.open(file, true)) {
            assertThat(fd.isOpen()).isTrue();
            assertThat(fd.size()).isEqualTo(12345);
            assertThat(HostProbe.fdTarget(fd.value())).isEqualTo(file.toString());
        }
    }

    @Test
    void missingFileFailsWithTheErrno() {
        Path file = dir.resolve("absent");
        assertThatThrownBy(() -> HostFd.open(file, false)).isInstanceOf(HostMemoryException.class)
                .hasMessage("open failed: errno=2 (ENOENT) path=" + file + " readonly=false");
    }

    @Test
    void duplicateOutlivesTheOriginal() throws IOException {
        Path file = Files.write(dir.resolve("f"), new byte[10]);
        HostFd copy;
        try (HostFd fd = HostFd.open(file, true)) {
            copy = fd.dup();
            assertThat(copy.value()).isNotEqualTo(fd.value());
        }
        try (copy) {
            assertThat(copy.size()).isEqualTo(10);
        }
    }

    @Test
    void closedHandleRefusesUseAndClosesOnce() throws IOException {
        Path file = Files.write(dir.resolve("f"), new byte[1]);
        HostFd fd = HostFd.open(file, true);
        fd.close();
        fd.close();
        assertThat(fd.isOpen()).isFalse();
        assertThat(fd).hasToString("HostFd[closed]");
        assertThatThrownBy(fd::value).isInstanceOf(IllegalStateException.class).hasMessage("fd is closed");
    }

    @Test
    void adoptTakesOwnershipOfARawDescriptor() throws IOException {
        Path file = Files.write(dir.resolve("f"), new byte[3]);
        int raw;
        try (HostFd opened = HostFd.open(file, true)) {
            raw = Libc.dup(opened.value());
        }
        HostFd adopted = HostFd.adopt(raw);
        try (adopted) {
            assertThat(adopted.value()).isEqualTo(raw);
            assertThat(adopted.size()).isEqualTo(3);
        }
        assertThat(adopted.isOpen()).isFalse();
        assertThatThrownBy(() -> HostFd.adopt(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("fd must not be negative: fd=-1");
    }
}
