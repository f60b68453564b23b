package dev.physmem;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.physmem.host.HostFd;
import dev.physmem.host.HostMemoryBackend;
import dev.physmem.host.HostMemoryException;
import dev.physmem.host.HostMemoryRemap;
import dev.physmem.attr.MemTxAttrs;
import dev.physmem.attr.MemTxResult;
import dev.physmem.region.MemoryRegion;
import dev.physmem.region.RamRegion;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The RAM factories of {@link MemorySystem} that map host memory, and {@link RamRegion#release()}. */
class MemorySystemHostRamTest {
    private static final long PAGE = HostMemoryBackend.hostPageSize();

    private final MemorySystem sys = new MemorySystem();

    @TempDir
    Path dir;

    @Test
    void regionFromABackendIsTheBackendsMemory() {
        try (var backend = HostMemoryBackend.memfd().size(8 * PAGE).create()) {
            RamRegion ram = sys.initRamFromBackend(null, "pc.ram", backend);
            assertThat(ram.size()).isEqualTo(8 * PAGE);
            assertThat(ram.typeName()).isEqualTo("ram");
            assertThat(ram.backend()).containsSame(backend);
            assertThat(backend.users()).isOne();
            ram.backing().set(JAVA_LONG, PAGE, 0x1234L);
            assertThat(backend.segment().get(JAVA_LONG, PAGE)).isEqualTo(0x1234L);
            ram.release();
            assertThat(backend.users()).isZero();
        }
    }

    @Test
    void guestAccessesThroughAnAddressSpaceReachTheBackend() {
        try (var backend = HostMemoryBackend.memfd().size(4 * PAGE).create()) {
            var root = sys.initContainer(null, "system", MemoryRegion.SIZE_2_64);
            RamRegion ram = sys.initRamFromBackend(null, "pc.ram", backend);
            root.addSubregion(0x100000, ram);
            var as = sys.addressSpace(root, "memory");

            as.stlLe(0x100000 + PAGE, 0xdeadbeef);
            assertThat(backend.segment().get(JAVA_LONG, PAGE) & 0xffffffffL).isEqualTo(0xdeadbeefL);
            backend.segment().set(JAVA_LONG, 16, 0x0102030405060708L);
            assertThat(as.ldqLe(0x100000 + 16)).isEqualTo(0x0102030405060708L);

            root.delSubregion(ram);
            ram.release();
        }
    }

    @Test
    void guestWritesToARomBackendAreDroppedWithoutTouchingTheMapping() throws IOException {
        Path file = Files.write(dir.resolve("bios.bin"), new byte[(int) PAGE]);
        try (var backend = HostMemoryBackend.file().memPath(file).readonly(true).size(PAGE).create()) {
            var root = sys.initContainer(null, "system", MemoryRegion.SIZE_2_64);
            RamRegion rom = sys.initRamFromBackend(null, "pc.bios", backend);
            root.addSubregion(0xf0000, rom);
            var as = sys.addressSpace(root, "memory");
            // PROT_READ underneath: the region must be ROM before a guest write is tried.
            assertThat(rom.isReadonly()).isTrue();
            assertThat(as.write(0xf0000, MemTxAttrs.UNSPECIFIED, new byte[] {1, 2}, 0, 2))
                    .isNotEqualTo(MemTxResult.OK);
            assertThat(Files.readAllBytes(file)[0]).isZero();
            root.delSubregion(rom);
            rom.release();
        }
    }

    @Test
    void closingTheBackendWhileARegionUsesItDefersTheUnmapToRelease() {
        var backend = HostMemoryBackend.ram().size(PAGE).create();
        RamRegion ram = sys.initRamFromBackend(null, "ram", backend);
        backend.close();
        assertThat(backend.isReleased()).isFalse();
        ram.backing().set(JAVA_LONG, 0, 5L);
        assertThat(ram.backing().get(JAVA_LONG, 0)).isEqualTo(5L);

        ram.release();
        assertThat(ram.isReleased()).isTrue();
        assertThat(backend.isReleased()).isTrue();
        assertThatThrownBy(() -> ram.backing().get(JAVA_LONG, 0)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void releaseOfAMappedRegionIsRefused() {
        try (var backend = HostMemoryBackend.ram().size(PAGE).create()) {
            var root = sys.initContainer(null, "system", MemoryRegion.SIZE_2_64);
            RamRegion ram = sys.initRamFromBackend(null, "ram", backend);
            root.addSubregion(0x1000, ram);
            assertThatThrownBy(ram::release).isInstanceOf(IllegalStateException.class)
                    .hasMessage("region is still mapped: name=ram container=system");
            assertThat(backend.users()).isOne();
            root.delSubregion(ram);
            ram.release();
            ram.release();
            assertThat(backend.users()).isZero();
        }
    }

    @Test
    void regionFromAnUnmappedBackendIsRefused() {
        var backend = HostMemoryBackend.ram().size(PAGE).create();
        backend.close();
        assertThatThrownBy(() -> sys.initRamFromBackend(null, "ram", backend))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("backend memory is unmapped");
    }

    @Test
    void regionOverAClosedLeaseIsRefused() {
        try (var backend = HostMemoryBackend.ram().size(PAGE).create()) {
            var lease = backend.retain();
            lease.close();
            assertThatThrownBy(() -> new RamRegion(sys, null, "ram", lease))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lease is closed");
        }
    }

    @Test
    void romBackendMakesARomRegion() throws IOException {
        Path file = Files.write(dir.resolve("bios.bin"), new byte[(int) PAGE]);
        try (var backend = HostMemoryBackend.file().memPath(file).readonly(true).size(PAGE).create()) {
            RamRegion rom = sys.initRamFromBackend(null, "pc.bios", backend);
            assertThat(rom.isReadonly()).isTrue();
            assertThat(rom.typeName()).isEqualTo("rom");
            assertThat(rom.backing().isReadOnly()).isTrue();
            rom.release();
        }
    }

    @Test
    void ramFromFdMapsTheCallersFileAndTheCallerMayCloseItsFd() throws IOException {
        Path file = Files.write(dir.resolve("guest"), new byte[(int) (4 * PAGE)]);
        RamRegion ram;
        try (HostFd fd = HostFd.open(file, false)) {
            ram = sys.initRamFromFd(null, "ram", 2 * PAGE, fd, 2 * PAGE, true, false);
        }
        ram.backing().set(JAVA_BYTE, 3, (byte) 0x7e);
        assertThat(Files.readAllBytes(file)[(int) (2 * PAGE + 3)]).isEqualTo((byte) 0x7e);
        assertThat(ram.isReadonly()).isFalse();
        HostMemoryBackend backend = ram.backend().orElseThrow();
        assertThat(backend.isClosed()).as("the region is the backend's only user").isTrue();
        ram.release();
        assertThat(backend.isReleased()).isTrue();
    }

    @Test
    void readonlyRamFromFdIsRom() throws IOException {
        Path file = Files.write(dir.resolve("image"), new byte[(int) PAGE]);
        try (HostFd fd = HostFd.open(file, true)) {
            RamRegion rom = sys.initRamFromFd(null, "rom", PAGE, fd, 0, false, true);
            assertThat(rom.isReadonly()).isTrue();
            assertThat(rom.backing().isReadOnly()).isTrue();
            rom.release();
        }
    }

    @Test
    void ramFromFdRejectsAnUnalignedOffsetAndAFileTooSmall() throws IOException {
        Path file = Files.write(dir.resolve("small"), new byte[(int) PAGE]);
        try (HostFd fd = HostFd.open(file, false)) {
            assertThatThrownBy(() -> sys.initRamFromFd(null, "ram", PAGE, fd, 512, true, false))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("offset=0x200");
            assertThatThrownBy(() -> sys.initRamFromFd(null, "ram", 2 * PAGE, fd, 0, true, false))
                    .isInstanceOf(HostMemoryException.class).hasMessageContaining("backing store smaller");
        }
    }

    @Test
    void ramFromFileHonoursAlign() {
        RamRegion ram = sys.initRamFromFile(null, "nvdimm", 4 * PAGE, 2L << 20, true, dir, false);
        assertThat(ram.backing().address() % (2L << 20)).isZero();
        assertThat(ram.backend().orElseThrow().typeName()).isEqualTo("memory-backend-file");
        ram.release();
    }

    @Test
    void sharedNomigrateRamCanBeRemappedAtRegionOffsets() {
        RamRegion ram = sys.initRamSharedNomigrate(null, "vga.vram", 4 * PAGE, true);
        HostMemoryBackend backend = ram.backend().orElseThrow();
        assertThat(backend.isRemappable()).isTrue();
        try (var view = HostMemoryRemap.map(List.of(new HostMemoryRemap.Piece(backend, 3 * PAGE, PAGE)))) {
            ram.backing().set(JAVA_LONG, 3 * PAGE, 8L);
            assertThat(view.segment().get(JAVA_LONG, 0)).isEqualTo(8L);
        }
        ram.release();
        assertThat(backend.isReleased()).isTrue();
    }

    @Test
    void privateNomigrateRamIsAnonymous() {
        RamRegion ram = sys.initRamSharedNomigrate(null, "ram", PAGE, false);
        assertThat(ram.backend().orElseThrow().isRemappable()).isFalse();
        assertThat(ram.backing().get(JAVA_LONG, 0)).isZero();
        ram.release();
    }

    @Test
    void ramPtrUsesTheCallersMemoryAndLeavesItsLifetimeAlone() {
        Arena arena = Arena.ofShared();
        MemorySegment memory = arena.allocate(2 * PAGE, PAGE);
        RamRegion ram = sys.initRamPtr(null, "ram", 2 * PAGE, memory);
        assertThat(ram.backing()).isEqualTo(memory);
        assertThat(ram.backend()).isEmpty();
        ram.backing().set(JAVA_LONG, 8, 3L);
        assertThat(memory.get(JAVA_LONG, 8)).isEqualTo(3L);
        ram.release();
        assertThat(memory.get(JAVA_LONG, 8)).as("still the caller's").isEqualTo(3L);

        RamRegion other = sys.initRamPtr(null, "other", PAGE, memory);
        arena.close();
        assertThatThrownBy(() -> other.backing().get(JAVA_LONG, 0)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void ramPtrSmallerThanTheRegionIsRejected() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment memory = arena.allocate(PAGE);
            assertThatThrownBy(() -> sys.initRamPtr(null, "ram", 2 * PAGE, memory))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("region larger than its host memory: name=ram");
        }
    }

    @Test
    void anonymousRamOwnsNoReferenceSoReleaseIsHarmless() {
        RamRegion ram = sys.initRam(null, "ram", PAGE);
        ram.release();
        assertThat(ram.isReleased()).isTrue();
        assertThat(ram.backend()).isEmpty();
        assertThat(ram.backing().get(JAVA_LONG, 0)).isZero();
    }

    @Test
    void unreachableRegionGivesItsReferenceUpAsASafetyNet() throws InterruptedException {
        var backend = HostMemoryBackend.ram().size(PAGE).create();
        makeAndDropRegion(backend);
        backend.close();
        for (int i = 0; i < 100 && !backend.isReleased(); i++) {
            System.gc();
            Thread.sleep(20);
        }
        assertThat(backend.isReleased()).isTrue();
    }

    private void makeAndDropRegion(HostMemoryBackend backend) {
        sys.initRamFromBackend(null, "forgotten", backend);
    }
}
