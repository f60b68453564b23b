package dev.physmem.host;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.physmem.host.HostMemoryRemap.Piece;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostMemoryRemapTest {
    private static final long PAGE = HostMemoryBackend.hostPageSize();

    @TempDir
    Path dir;

    @Test
    void scatteredPiecesBecomeOneContiguousView() {
        try (var ram = HostMemoryBackend.memfd().size(16 * PAGE).create();
                var view = HostMemoryRemap.map(List.of(new Piece(ram, 5 * PAGE, PAGE), new Piece(ram, PAGE, 2 * PAGE)))) {
            ram.segment().set(JAVA_LONG, 5 * PAGE, 0x55L);
            ram.segment().set(JAVA_LONG, PAGE, 0x11L);
            ram.segment().set(JAVA_LONG, 3 * PAGE - 8, 0x22L);

            assertThat(view.byteSize()).isEqualTo(3 * PAGE);
            assertThat(view.address() % PAGE).isZero();
            assertThat(view.segment().get(JAVA_LONG, 0)).isEqualTo(0x55L);
            assertThat(view.segment().get(JAVA_LONG, PAGE)).isEqualTo(0x11L);
            assertThat(view.segment().get(JAVA_LONG, 3 * PAGE - 8)).isEqualTo(0x22L);
        }
    }

    @Test
    void writesThroughTheViewReachGuestRam() {
        try (var ram = HostMemoryBackend.ram().share(true).size(8 * PAGE).create();
                var view = HostMemoryRemap.map(List.of(new Piece(ram, 6 * PAGE, PAGE), new Piece(ram, 0, PAGE)))) {
            view.segment().set(JAVA_LONG, 8, 0xabcL);
            view.segment().set(JAVA_LONG, PAGE + 16, 0xdefL);
            assertThat(ram.segment().get(JAVA_LONG, 6 * PAGE + 8)).isEqualTo(0xabcL);
            assertThat(ram.segment().get(JAVA_LONG, 16)).isEqualTo(0xdefL);
        }
    }

    @Test
    void closingTheViewLeavesGuestRamIntact() {
        try (var ram = HostMemoryBackend.memfd().size(4 * PAGE).create()) {
            var view = HostMemoryRemap.map(List.of(new Piece(ram, 2 * PAGE, 2 * PAGE)));
            view.segment().set(JAVA_LONG, 0, 77L);
            view.close();
            view.close();
            assertThat(view.isClosed()).isTrue();
            assertThatThrownBy(() -> view.segment().get(JAVA_LONG, 0)).isInstanceOf(IllegalStateException.class);
            assertThat(ram.segment().get(JAVA_LONG, 2 * PAGE)).isEqualTo(77L);
            assertThat(ram.users()).isZero();
        }
    }

    @Test
    void viewKeepsItsBackendsMappedUntilItCloses() {
        var ram = HostMemoryBackend.memfd().size(2 * PAGE).create();
        var view = HostMemoryRemap.map(List.of(new Piece(ram, 0, PAGE), new Piece(ram, PAGE, PAGE)));
        assertThat(ram.users()).isEqualTo(2);
        ram.close();
        assertThat(ram.isReleased()).isFalse();
        ram.segment().set(JAVA_LONG, PAGE, 3L);
        assertThat(view.segment().get(JAVA_LONG, PAGE)).isEqualTo(3L);
        view.close();
        assertThat(ram.isReleased()).isTrue();
    }

    @Test
    void piecesOfDifferentBackendsSitSideBySide() throws IOException {
        Path file = dir.resolve("ram");
        try (var memfd = HostMemoryBackend.memfd().size(PAGE).create();
                var disk = HostMemoryBackend.file().memPath(file).share(true).size(2 * PAGE).create();
                var view = HostMemoryRemap.map(List.of(new Piece(disk, PAGE, PAGE), new Piece(memfd, 0, PAGE)))) {
            view.segment().set(JAVA_BYTE, 0, (byte) 0x0f);
            view.segment().set(JAVA_BYTE, PAGE, (byte) 0xf0);
            assertThat(Files.readAllBytes(file)[(int) PAGE]).isEqualTo((byte) 0x0f);
            assertThat(memfd.segment().get(JAVA_BYTE, 0)).isEqualTo((byte) 0xf0);
            assertThat(view.pieces()).hasSize(2);
        }
    }

    @Test
    void fileBackendOffsetIsHonoured() throws IOException {
        Path file = dir.resolve("ram");
        try (var disk = HostMemoryBackend.file().memPath(file).share(true).offset(2 * PAGE).size(2 * PAGE).create();
                var view = HostMemoryRemap.map(List.of(new Piece(disk, PAGE, PAGE)))) {
            disk.segment().set(JAVA_BYTE, PAGE, (byte) 9);
            assertThat(view.segment().get(JAVA_BYTE, 0)).isEqualTo((byte) 9);
        }
    }

    @Test
    void viewOfRomIsReadOnly() throws IOException {
        Path file = Files.write(dir.resolve("rom"), new byte[(int) PAGE]);
        try (var rom = HostMemoryBackend.file().memPath(file).share(true).readonly(true).size(PAGE).create();
                var view = HostMemoryRemap.map(List.of(new Piece(rom, 0, PAGE)))) {
            // PROT_READ underneath: only try the write once the segment is known to refuse it.
            assertThat(view.segment().isReadOnly()).isTrue();
            assertThatThrownBy(() -> view.segment().set(JAVA_BYTE, 0, (byte) 1))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void privateMemoryIsRejected() {
        try (var anon = HostMemoryBackend.ram().size(PAGE).create();
                var privateMemfd = HostMemoryBackend.memfd().share(false).size(PAGE).create()) {
            assertThatThrownBy(() -> HostMemoryRemap.map(List.of(new Piece(anon, 0, PAGE))))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("not shared memory behind a file descriptor")
                    .hasMessageContaining("piece=0 type=memory-backend-ram")
                    .hasMessageContaining("share=false");
            assertThatThrownBy(() -> HostMemoryRemap.map(List.of(new Piece(privateMemfd, 0, PAGE))))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("share=false");
            assertThat(anon.users()).isZero();
        }
    }

    @Test
    void unalignedPiecesAreRejected() {
        try (var ram = HostMemoryBackend.memfd().size(4 * PAGE).create()) {
            assertThatThrownBy(() -> HostMemoryRemap.map(List.of(new Piece(ram, 100, PAGE))))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("piece is not page aligned: piece=0 offset=0x64");
            assertThatThrownBy(() -> HostMemoryRemap.map(List.of(new Piece(ram, 0, PAGE), new Piece(ram, PAGE, 8))))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("piece=1").hasMessageContaining("length=0x8");
        }
    }

    @Test
    void pieceRunningPastItsBackendIsRejected() {
        try (var ram = HostMemoryBackend.memfd().size(4 * PAGE).create()) {
            assertThatThrownBy(() -> HostMemoryRemap.map(List.of(new Piece(ram, 3 * PAGE, 2 * PAGE))))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("piece runs past its backend: piece=0");
        }
    }

    @Test
    void emptyListAndEmptyPiecesAreRejected() {
        assertThatThrownBy(() -> HostMemoryRemap.map(List.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("nothing to remap: pieces=0");
        try (var ram = HostMemoryBackend.memfd().size(PAGE).create()) {
            assertThatThrownBy(() -> new Piece(ram, 0, 0)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("length=0");
        }
    }

    @Test
    void unmappedBackendIsRefusedAndNothingStaysLeased() {
        var open = HostMemoryBackend.memfd().size(PAGE).create();
        var closed = HostMemoryBackend.memfd().size(PAGE).create();
        closed.close();
        assertThatThrownBy(() -> HostMemoryRemap.map(List.of(new Piece(open, 0, PAGE), new Piece(closed, 0, PAGE))))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("backend memory is unmapped");
        assertThat(open.users()).isZero();
        open.close();
        assertThat(open.isReleased()).isTrue();
    }
}
