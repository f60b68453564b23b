package dev.physmem.host;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileMemoryBackendTest extends HostMemoryBackendContract {
    @TempDir
    Path dir;

    private int files;

    @Override
    HostMemoryBackend.Builder<?> builder() {
        return HostMemoryBackend.file().memPath(dir.resolve("ram" + files++)).share(true);
    }

    @Test
    void newFileIsCreatedAtTheRequestedSize() throws IOException {
        Path file = dir.resolve("guest.ram");
        try (var backend = HostMemoryBackend.file().memPath(file).size(4 * PAGE).create()) {
            assertThat(backend.typeName()).isEqualTo("memory-backend-file");
            assertThat(backend.memPath()).contains(file);
            assertThat(backend.isShared()).isFalse();
            assertThat(backend.isRom()).isFalse();
            assertThat(Files.size(file)).isEqualTo(4 * PAGE);
        }
        assertThat(file).exists();
    }

    @Test
    void sharedWritesReachTheFile() throws IOException {
        Path file = dir.resolve("guest.ram");
        try (var backend = HostMemoryBackend.file().memPath(file).size(2 * PAGE).share(true).create()) {
            backend.segment().set(JAVA_LONG, PAGE + 8, 0x1122334455667788L);
            assertThat(longAt(Files.readAllBytes(file), PAGE + 8)).isEqualTo(0x1122334455667788L);
        }
        assertThat(longAt(Files.readAllBytes(file), PAGE + 8)).isEqualTo(0x1122334455667788L);
    }

    @Test
    void privateWritesLeaveTheFileUntouched() throws IOException {
        Path file = dir.resolve("guest.ram");
        try (var backend = HostMemoryBackend.file().memPath(file).size(PAGE).create()) {
            backend.segment().set(JAVA_LONG, 0, 9L);
            assertThat(backend.segment().get(JAVA_LONG, 0)).isEqualTo(9L);
            assertThat(backend.isRemappable()).isFalse();
        }
        assertThat(longAt(Files.readAllBytes(file), 0)).isZero();
    }

    @Test
    void existingContentsAreMapped() throws IOException {
        Path file = patterned(dir.resolve("image"), 2 * PAGE);
        try (var backend = HostMemoryBackend.file().memPath(file).size(2 * PAGE).create()) {
            assertThat(backend.segment().get(JAVA_BYTE, PAGE + 3)).isEqualTo(pattern(PAGE + 3));
        }
    }

    @Test
    void offsetMapsFromThatPlaceInTheFile() throws IOException {
        Path file = patterned(dir.resolve("image"), 4 * PAGE);
        try (var backend = HostMemoryBackend.file().memPath(file).offset(2 * PAGE).size(2 * PAGE).create()) {
            assertThat(backend.fdOffset()).isEqualTo(2 * PAGE);
            assertThat(backend.segment().get(JAVA_BYTE, 5)).isEqualTo(pattern(2 * PAGE + 5));
        }
    }

    @Test
    void discardDataDropsTheContentsWhenTheMemoryIsUnmapped() throws IOException {
        Path file = dir.resolve("scratch");
        var backend = HostMemoryBackend.file().memPath(file).size(4 * PAGE).share(true).discardData(true).create();
        assertThat(backend.isDiscardData()).isTrue();
        backend.segment().fill((byte) 0x5a);
        assertThat(Files.readAllBytes(file)[0]).isEqualTo((byte) 0x5a);

        var lease = backend.retain();
        backend.close();
        assertThat(Files.readAllBytes(file)[0]).as("still in use").isEqualTo((byte) 0x5a);
        lease.close();

        byte[] after = Files.readAllBytes(file);
        assertThat(after).hasSize((int) (4 * PAGE));
        assertThat(after).containsOnly((byte) 0);
    }

    @Test
    void withoutDiscardDataTheContentsSurvive() throws IOException {
        Path file = dir.resolve("keep");
        try (var backend = HostMemoryBackend.file().memPath(file).size(PAGE).share(true).create()) {
            backend.segment().fill((byte) 0x77);
        }
        assertThat(Files.readAllBytes(file)).containsOnly((byte) 0x77);
    }

    @Test
    void readonlyMapsARomSegmentThatRefusesWrites() throws IOException {
        Path file = patterned(dir.resolve("firmware"), PAGE);
        try (var backend = HostMemoryBackend.file().memPath(file).size(PAGE).readonly(true).create()) {
            assertThat(backend.isReadonly()).isTrue();
            assertThat(backend.isRom()).isTrue();
            assertThat(HostProbe.vmFlags(backend.address())).doesNotContain("wr");
            assertThat(backend.segment().get(JAVA_BYTE, 7)).isEqualTo(pattern(7));
            // The mapping is PROT_READ: a write through a writable view would kill the JVM, so the
            // segment must refuse it. Only attempt the write once that is established.
            assertThat(backend.segment().isReadOnly()).isTrue();
            assertThatThrownBy(() -> backend.segment().set(JAVA_BYTE, 0, (byte) 1))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void readonlyWithRomOffGivesAPrivateWritableCopy() throws IOException {
        Path file = patterned(dir.resolve("template"), PAGE);
        try (var backend = HostMemoryBackend.file().memPath(file).size(PAGE).readonly(true).rom(false).create()) {
            assertThat(backend.isRom()).isFalse();
            assertThat(backend.segment().isReadOnly()).isFalse();
            backend.segment().set(JAVA_BYTE, 0, (byte) 0x42);
            assertThat(backend.segment().get(JAVA_BYTE, 0)).isEqualTo((byte) 0x42);
        }
        assertThat(Files.readAllBytes(file)[0]).isEqualTo(pattern(0));
    }

    @Test
    void directoryMemPathMakesAnUnnamedFile() throws IOException {
        try (var backend = HostMemoryBackend.file().memPath(dir).size(2 * PAGE).share(true).create()) {
            backend.segment().set(JAVA_LONG, 0, 1L);
            try (var entries = Files.list(dir)) {
                assertThat(entries).isEmpty();
            }
            assertThat(HostProbe.fdTarget(backend.fd().orElseThrow())).contains("(deleted)");
        }
    }

    @Test
    void descriptorBackendMapsADuplicateTheCallerCanClose() throws IOException {
        Path file = patterned(dir.resolve("shared"), 2 * PAGE);
        FileMemoryBackend backend;
        try (HostFd fd = HostFd.open(file, false)) {
            backend = HostMemoryBackend.file().fd(fd).size(2 * PAGE).share(true).create();
            assertThat(backend.fd().orElseThrow()).isNotEqualTo(fd.value());
        }
        try (backend) {
            assertThat(backend.memPath()).isEmpty();
            assertThat(backend.segment().get(JAVA_BYTE, 1)).isEqualTo(pattern(1));
            backend.segment().set(JAVA_BYTE, 1, (byte) 0);
            assertThat(Files.readAllBytes(file)[1]).isZero();
        }
    }

    @Test
    void nonEmptyFileSmallerThanTheMemoryIsRefused() throws IOException {
        Path file = patterned(dir.resolve("small"), PAGE);
        assertThatThrownBy(() -> HostMemoryBackend.file().memPath(file).size(2 * PAGE).create())
                .isInstanceOf(HostMemoryException.class)
                .hasMessageContaining("backing store smaller than offset + size")
                .hasMessageContaining("file-size=0x" + Long.toHexString(PAGE))
                .hasMessageContaining("size=0x" + Long.toHexString(2 * PAGE));
        assertThat(Files.size(file)).isEqualTo(PAGE);
    }

    @Test
    void missingFileOpenedReadonlyFailsWithTheErrno() {
        Path file = dir.resolve("absent");
        assertThatThrownBy(() -> HostMemoryBackend.file().memPath(file).size(PAGE).readonly(true).create())
                .isInstanceOf(HostMemoryException.class)
                .hasMessage("open failed: errno=2 (ENOENT) mem-path=" + file + " readonly=true");
    }

    @Test
    void fileCreatedForAFailedBackendIsRemoved() {
        Path file = dir.resolve("doomed");
        // 128 TiB: too large for ext4 (ftruncate: EFBIG) or, on tmpfs, for the address space (mmap: ENOMEM).
        assertThatThrownBy(() -> HostMemoryBackend.file().memPath(file).size(1L << 47).create())
                .isInstanceOf(HostMemoryException.class).hasMessageContaining(" failed: errno=");
        assertThat(file).doesNotExist();
    }

    @Test
    void missingMemPathIsRejected() {
        assertThatThrownBy(() -> HostMemoryBackend.file().size(PAGE).create())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("mem-path property not set: type=memory-backend-file mem-path=null");
    }

    @Test
    void memPathAndFdAreExclusive() throws IOException {
        Path file = patterned(dir.resolve("both"), PAGE);
        try (HostFd fd = HostFd.open(file, true)) {
            assertThatThrownBy(() -> HostMemoryBackend.file().memPath(file).fd(fd).size(PAGE).create())
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("mem-path and fd are exclusive");
        }
    }

    @Test
    void readonlyPreallocIsRejected() {
        assertThatThrownBy(() -> HostMemoryBackend.file().memPath(dir).size(PAGE).readonly(true).prealloc(true)
                .create())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("prealloc needs a writable mapping: readonly=true rom=true prealloc=true");
    }

    @Test
    void readonlyDiscardDataIsRejected() {
        assertThatThrownBy(() -> HostMemoryBackend.file().memPath(dir).size(PAGE).readonly(true).discardData(true)
                .create())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("discard-data needs a writable file: readonly=true discard-data=true");
    }

    @Test
    void romNeedsReadonly() {
        assertThatThrownBy(() -> HostMemoryBackend.file().memPath(dir).size(PAGE).rom(true).create())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("rom=on needs readonly=on: rom=true readonly=false");
    }

    @Test
    void romOffWithReadonlySharedIsRejected() {
        assertThatThrownBy(() -> HostMemoryBackend.file().memPath(dir).size(PAGE).readonly(true).rom(false)
                .share(true).create())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("rom=false readonly=true share=true");
    }

    @Test
    void unalignedOffsetIsRejected() {
        assertThatThrownBy(() -> HostMemoryBackend.file().memPath(dir).size(PAGE).offset(100).create())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("offset must be a multiple of the page size: offset=0x64");
    }

    @Test
    void negativeOffsetIsRejectedAtOnce() {
        assertThatThrownBy(() -> HostMemoryBackend.file().offset(-1))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("offset must not be negative: offset=-1");
    }

    @Test
    void ordinaryFileUsesTheHostPageSize() throws IOException {
        Path file = Files.write(dir.resolve("plain"), new byte[1]);
        try (HostFd fd = HostFd.open(file, true)) {
            assertThat(Libc.fileSystemTypeAndBlockSize(fd.value())[0]).isNotEqualTo(Libc.HUGETLBFS_MAGIC);
            assertThat(FileMemoryBackend.Builder.filePageSize(fd.value())).isEqualTo(PAGE);
        }
    }

    private static Path patterned(Path file, long size) throws IOException {
        byte[] bytes = new byte[(int) size];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = pattern(i);
        }
        return Files.write(file, bytes);
    }

    private static byte pattern(long offset) {
        return (byte) (offset * 31 + 7 + (offset >> 12));
    }

    private static long longAt(byte[] bytes, long offset) {
        return ByteBuffer.wrap(Arrays.copyOfRange(bytes, (int) offset, (int) offset + 8))
                .order(ByteOrder.nativeOrder()).getLong();
    }
}
