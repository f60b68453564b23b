package dev.physmem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.physmem.host.HostMemoryBackend;
import dev.physmem.ram.RamBlock;
import dev.physmem.ram.RamBlockFlag;
import dev.physmem.ram.ResizeCallback;
import dev.physmem.region.MemoryRegionOps;
import dev.physmem.region.Owner;
import dev.physmem.region.RamRegion;
import dev.physmem.region.RomDeviceRegion;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which factories of {@link MemorySystem} give their regions which RAM blocks, and which register them for migration. */
class MemorySystemRamBlockTest {
    private static final long PAGE = HostMemoryBackend.hostPageSize();
    private static final MemoryRegionOps FLASH = new MemoryRegionOps() {
        @Override
        public long read(long offset, int size) {
            return 0;
        }

        @Override
        public void write(long offset, long value, int size) {
        }
    };

    private final MemorySystem sys = new MemorySystem();

    @TempDir
    Path dir;

    @Test
    void initRamRegistersTheBlockUnderTheRegionsName() {
        RamRegion ram = sys.initRam(Owner.objectPath("/objects/pc.ram"), "pc.ram", 16 * PAGE);
        RamBlock block = ram.ramBlock().orElseThrow();
        assertThat(block.idstr()).isEqualTo("pc.ram");
        assertThat(block.flags()).containsExactly(RamBlockFlag.MIGRATABLE);
        assertThat(block.region()).isSameAs(ram);
        assertThat(block.host()).isSameAs(ram.backing());
        assertThat(block.usedLength()).isEqualTo(16 * PAGE);
        assertThat(block.pageSize()).isEqualTo(PAGE);
        assertThat(sys.ramBlocks().migratableBlocks()).containsExactly(block);
    }

    @Test
    void initRamOfADeviceWithAPathRegistersThePathSlashTheName() {
        Owner vga = Owner.devicePath("/machine/peripheral-anon/device[0]");
        sys.ramBlocks().setDevicePath(vga, "0000:00:02.0");
        RamRegion vram = sys.initRam(vga, "vga.vram", 4 * PAGE);
        assertThat(vram.ramBlock().orElseThrow().idstr()).isEqualTo("0000:00:02.0/vga.vram");
    }

    @Test
    void aDuplicateNameFailsAndLeavesNoBlockBehind() {
        RamRegion first = sys.initRam(null, "pc.ram", PAGE);
        assertThatThrownBy(() -> sys.initRam(null, "pc.ram", 2 * PAGE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("RAMBlock already registered: idstr=pc.ram region=pc.ram other=pc.ram");
        assertThat(sys.ramBlocks().blocks()).containsExactly(first.ramBlock().orElseThrow());
    }

    @Test
    void initRomAndInitRomDeviceRegisterToo() {
        RamRegion bios = sys.initRom(null, "pc.bios", 4 * PAGE);
        RomDeviceRegion flash = sys.initRomDevice(null, FLASH, "virt.flash0", 2 * PAGE);
        assertThat(bios.ramBlock().orElseThrow().idstr()).isEqualTo("pc.bios");
        assertThat(flash.ramBlock().orElseThrow().idstr()).isEqualTo("virt.flash0");
        assertThat(flash.ramBlock().orElseThrow().host()).isSameAs(flash.backing());
    }

    @Test
    void nomigrateVariantsLeaveTheBlockUnnamedAndNotMigratable() {
        RamRegion ram = sys.initRamNomigrate(null, "a", PAGE);
        RamRegion rom = sys.initRomNomigrate(null, "b", PAGE);
        RomDeviceRegion dev = sys.initRomDeviceNomigrate(null, FLASH, "c", PAGE);
        RamRegion shared = sys.initRamSharedNomigrate(null, "d", PAGE, true);
        try {
            for (RamBlock b : sys.ramBlocks().blocks()) {
                assertThat(b.idstr()).isEmpty();
                assertThat(b.isMigratable()).isFalse();
            }
            assertThat(sys.ramBlocks().blocks()).hasSize(4);
            assertThat(sys.ramBlocks().migratableBlocks()).isEmpty();
            assertThat(rom.isReadonly()).isTrue();
            assertThat(shared.ramBlock().orElseThrow().flags()).containsExactly(RamBlockFlag.SHARED);
            assertThat(ram.ramBlock()).isPresent();
            assertThat(dev.ramBlock()).isPresent();
        } finally {
            shared.release();
        }
    }

    @Test
    void callerMemoryBlocksAreNeitherOwnedNorRegistered() {
        var memory = Arena.ofAuto().allocate(2 * PAGE);
        RamRegion ptr = sys.initRamPtr(null, "ptr", 2 * PAGE, memory);
        var bar = sys.initRamDevicePtr(null, "bar0", PAGE, Arena.ofAuto().allocate(PAGE));
        assertThat(ptr.ramBlock().orElseThrow().flags()).containsExactly(RamBlockFlag.CALLER_MEMORY);
        assertThat(bar.ramBlock().orElseThrow().flags()).containsExactly(RamBlockFlag.CALLER_MEMORY);
        assertThat(ptr.ramBlock().orElseThrow().host()).isSameAs(memory);
        assertThat(sys.ramBlocks().migratableBlocks()).isEmpty();
    }

    @Test
    void backendBlocksTakeTheBackendsPageSizeShareAndRom() throws IOException {
        Path image = Files.write(dir.resolve("flash.img"), new byte[(int) (2 * PAGE)]);
        try (var memfd = HostMemoryBackend.memfd().size(4 * PAGE).create();
                var file = HostMemoryBackend.file().memPath(image).size(2 * PAGE).readonly(true).create()) {
            RamRegion ram = sys.initRamFromBackend(null, "ram", memfd);
            RamRegion rom = sys.initRamFromBackend(null, "rom", file);
            RamBlock ramBlock = ram.ramBlock().orElseThrow();
            RamBlock romBlock = rom.ramBlock().orElseThrow();
            assertThat(ramBlock.flags()).containsExactly(RamBlockFlag.SHARED);
            assertThat(ramBlock.pageSize()).isEqualTo(memfd.pageSize());
            assertThat(ramBlock.host().address()).isEqualTo(memfd.address());
            assertThat(romBlock.flags()).contains(RamBlockFlag.READONLY);
            assertThat(romBlock.idstr()).isEmpty();
            sys.ramBlocks().vmstateRegisterRamGlobal(ram);
            assertThat(ramBlock.idstr()).isEqualTo("ram");
            ram.release();
            rom.release();
            assertThat(sys.ramBlocks().blocks()).isEmpty();
        }
    }

    @Test
    void resizeableRamReservesItsMaxSizeAndIsNotRegistered() {
        RamRegion blob = sys.initResizeableRam(Owner.devicePath("/machine/fw_cfg"), "/rom@etc/acpi/tables",
                0x2_0000, 0x20_0000, ResizeCallback.NONE);
        RamBlock block = blob.ramBlock().orElseThrow();
        assertThat(blob.size()).isEqualTo(0x2_0000);
        assertThat(blob.backing().byteSize()).isEqualTo(0x20_0000);
        assertThat(block.usedLength()).isEqualTo(0x2_0000);
        assertThat(block.maxLength()).isEqualTo(0x20_0000);
        assertThat(block.flags()).containsExactly(RamBlockFlag.RESIZEABLE);
        assertThat(block.idstr()).isEmpty();
    }

    @Test
    void resizeableRamNeedsSizeAtMostMaxSize() {
        assertThatThrownBy(() -> sys.initResizeableRam(null, "blob", 0x2000, 0x1000, ResizeCallback.NONE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("resizeable RAM must have size <= maxSize, maxSize > 0: name=blob size=0x2000 maxSize=0x1000");
    }

    @Test
    void anEmptyRamRegionHasNoBlock() {
        RamRegion empty = sys.initRam(null, "empty", 0);
        assertThat(empty.ramBlock()).isEmpty();
        assertThat(sys.ramBlocks().blocks()).isEmpty();
    }

    @Test
    void releasingRomAndRamDevicesFreesTheirBlocksButNotWhileMapped() {
        var root = sys.initContainer(null, "system", 1L << 32);
        RomDeviceRegion flash = sys.initRomDevice(null, FLASH, "flash", PAGE);
        var bar = sys.initRamDevicePtr(null, "bar0", PAGE, Arena.ofAuto().allocate(PAGE));
        root.addSubregion(0, flash);
        assertThatThrownBy(flash::release).isInstanceOf(IllegalStateException.class)
                .hasMessage("region is still mapped: name=flash container=system");
        root.delSubregion(flash);
        flash.release();
        bar.release();
        bar.release();
        assertThat(flash.ramBlock()).isEmpty();
        assertThat(bar.ramBlock()).isEmpty();
        assertThat(sys.ramBlocks().blocks()).isEmpty();
        assertThat(sys.ramBlocks().byIdstr("flash")).isEmpty();
    }
}
