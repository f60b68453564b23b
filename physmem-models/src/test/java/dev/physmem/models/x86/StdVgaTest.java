package dev.physmem.models.x86;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.physmem.MemorySystem;
import dev.physmem.dirty.DirtyClient;
import dev.physmem.dirty.DirtyLog;
import dev.physmem.models.display.Framebuffer;
import dev.physmem.models.pci.PciFunction;
import dev.physmem.models.x86.firmware.SeaBios;
import dev.physmem.region.RamRegion;
import dev.physmem.space.AddressSpace;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.Test;

/**
 * The standard VGA on the pc machine after SeaBIOS: what the guest's accesses do to video RAM,
 * the VGA dirty log and a framebuffer, through the BAR, the chain-4 alias and the legacy window's
 * callbacks; and the mapping of the legacy window and the ROM BAR.
 */
class StdVgaTest {
    private static final long VRAM_BAR = 0xfd00_0000L;
    private static final int WIDTH = 1024;
    private static final int HEIGHT = 768;
    /** 1024 pixels of 4 bytes: one line per dirty page. */
    private static final long STRIDE = 4096;

    private final PcMachine pc = PcMachine.builder().ramSize(512L << 20).vga(true).build(new MemorySystem());
    private final StdVga vga = pc.vga().orElseThrow();
    private final AddressSpace memory = pc.memory();
    private final AddressSpace io = pc.ioSpace();
    private final RamRegion vram = vga.vram();
    private final DirtyLog dirtyLog = pc.system().dirtyLog();

    StdVgaTest() {
        SeaBios.post(pc);
    }

    /** Sets a VBE mode through the Bochs ports, as a guest driver does. */
    private void setVbeMode(int width, int height, int bpp) {
        vbe(VgaRegisters.VBE_XRES, width);
        vbe(VgaRegisters.VBE_YRES, height);
        vbe(VgaRegisters.VBE_BPP, bpp);
        vbe(VgaRegisters.VBE_ENABLE, VgaRegisters.VBE_ENABLED | 0x40);
    }

    private void vbe(int index, int value) {
        io.stwLe(0x1ce, index);
        io.stwLe(0x1cf, value);
    }

    private void seq(int index, int value) {
        io.stb(0x3c4, index);
        io.stb(0x3c5, value);
    }

    private void gfx(int index, int value) {
        io.stb(0x3ce, index);
        io.stb(0x3cf, value);
    }

    @Test
    void seaBiosPutsTheBarsWhereQemuShowsThemAndLeavesTheRomBarDisabled() {
        PciFunction f = vga.function();
        assertThat(f.barAddress(StdVga.VRAM_BAR)).isEqualTo(VRAM_BAR);
        assertThat(f.barAddress(StdVga.MMIO_BAR)).isEqualTo(0xfebf_0000L);
        assertThat(f.barAddress(PciFunction.ROM_SLOT)).isEqualTo(0xfebe_0000L);
        assertThat(f.isRomEnabled()).isFalse();
        assertThat(memory.view().lookup(0xfebe_0000L)).as("nothing at the disabled ROM BAR").isNull();

        f.setRomEnabled(true);
        assertThat(memory.view().lookup(0xfebe_0000L).region()).isSameAs(vga.rom());
        assertThat(memory.lduwLe(0xfebe_0000L)).as("option ROM signature").isEqualTo(0xaa55);
    }

    @Test
    void theVgaBiosCopyAndTheVapicRomFollowEachOtherInShadowRam() {
        assertThat(memory.lduwLe(0xc_0000L)).isEqualTo(0xaa55);
        assertThat(pc.kvmvapic().romWindow().orElseThrow().addr()).isEqualTo(0xc_a000L);
    }

    @Test
    void videoRamIsLoggedForTheVgaClientFromCreationWithItsMigrationName() {
        assertThat(dirtyLog.isLogging(vram, DirtyClient.VGA)).isTrue();
        assertThat(pc.system().ramBlocks().byIdstr("0000:00:02.0/vga.vram").orElseThrow().region()).isSameAs(vram);
        assertThat(pc.system().ramBlocks().byIdstr("0000:00:02.0/vga.rom")).isPresent();
    }

    @Test
    void aGuestWriteAtTheVramBarMarksTheVgaBitmapAndTheFramebufferRedrawsExactlyThoseLines() {
        setVbeMode(WIDTH, HEIGHT, 32);
        try (Framebuffer fb = vga.framebuffer()) {
            assertThat(fb.refresh()).isEqualTo(HEIGHT);
            memory.stlLe(VRAM_BAR + 10 * STRIDE + 4 * 7, 0x00ff_0000);
            memory.stlLe(VRAM_BAR + 700 * STRIDE + 4 * 1023, 0x0000_00ff);

            assertThat(dirtyLog.getDirty(vram, 10 * STRIDE, 4, DirtyClient.VGA)).isTrue();
            assertThat(dirtyLog.getDirty(vram, 11 * STRIDE, 4, DirtyClient.VGA)).isFalse();
            assertThat(fb.refresh()).isEqualTo(2);
            assertThat(fb.pixel(7, 10)).isEqualTo(0x00ff_0000);
            assertThat(fb.pixel(1023, 700)).isEqualTo(0x0000_00ff);
            assertThat(fb.refresh()).isZero();
        }
    }

    @Test
    void aGuestWriteThroughTheChain4AliasAtTheVbeBankReachesTheLineTheBankShows() {
        setVbeMode(WIDTH, HEIGHT, 32);
        vbe(VgaRegisters.VBE_BANK, 3);
        assertThat(vga.chain4Alias().orElseThrow().aliasOffset()).isEqualTo(0x3_0000L);
        try (Framebuffer fb = vga.framebuffer()) {
            fb.refresh();
            memory.stlLe(0xa_0000L + 0x1008, 0x0012_3456);

            // bank 3 starts at 0x30000 = line 48; offset 0x1008 is line 49, pixel 2.
            assertThat(memory.view().lookup(0xa_0000L).region()).isSameAs(vram);
            assertThat(fb.refresh()).isEqualTo(1);
            assertThat(fb.pixel(2, 49)).isEqualTo(0x0012_3456);
        }
    }

    @Test
    void withoutChain4TheWindowsCallbacksDecodeOddEvenTextAndMarkTheBytesTheyWrite() {
        // SeaVGABIOS left mode 3: odd/even, window at 0xb8000, planes 0 and 1 writable.
        assertThat(vga.chain4Alias()).isEmpty();
        dirtyLog.resetDirty(vram, 0, vram.size(), DirtyClient.VGA);
        memory.stb(0xb_8000L + 0x1001, 0x1f);

        // window offset 0x1001 (odd: plane 1) -> vram ((0x1000) << 1) | 1 = 0x2001
        assertThat(vram.backing().get(ValueLayout.JAVA_BYTE, 0x2001)).isEqualTo((byte) 0x1f);
        assertThat(dirtyLog.getDirty(vram, 0x2001, 1, DirtyClient.VGA)).isTrue();
        assertThat(dirtyLog.getDirty(vram, 0, 0x2000, DirtyClient.VGA)).isFalse();
        assertThat(memory.ldub(0xb_8000L + 0x1001)).isEqualTo(0x1f);
        assertThat(memory.ldub(0xa_0000L)).as("outside the selected window").isEqualTo(0xff);
    }

    @Test
    void planarWritesGoToTheEnabledPlanesOfOneLatchWord() {
        seq(VgaRegisters.SR_MEMORY_MODE, 0x06);
        seq(VgaRegisters.SR_PLANE_WRITE, 0x05);
        gfx(VgaRegisters.GR_MODE, 0x00);
        gfx(VgaRegisters.GR_MISC, 0x05);
        gfx(8, 0xff);
        dirtyLog.resetDirty(vram, 0, vram.size(), DirtyClient.VGA);

        memory.stb(0xa_0000L + 0x400, 0xa5);

        assertThat(vram.backing().get(ValueLayout.JAVA_INT_UNALIGNED, 0x1000))
                .as("planes 0 and 2 of word 0x400").isEqualTo(0x00a5_00a5);
        assertThat(dirtyLog.getDirty(vram, 0x1000, 4, DirtyClient.VGA)).isTrue();
        gfx(4, 2);
        assertThat(memory.ldub(0xa_0000L + 0x400)).as("read mode 0, plane 2").isEqualTo(0xa5);
    }

    @Test
    void memoryMapSelectMovesTheChain4Alias() {
        seq(VgaRegisters.SR_PLANE_WRITE, 0x0f);
        seq(VgaRegisters.SR_MEMORY_MODE, 0x0e);
        gfx(VgaRegisters.GR_MISC, 0x01);
        assertThat(vga.chain4Alias().orElseThrow().addr()).isEqualTo(0xa_0000L);
        assertThat(vga.chain4Alias().orElseThrow().size()).isEqualTo(0x2_0000L);
        gfx(VgaRegisters.GR_MISC, 0x09);
        assertThat(vga.chain4Alias().orElseThrow().addr()).isEqualTo(0xb_0000L);
        assertThat(vga.chain4Alias().orElseThrow().priority()).isEqualTo(StdVga.CHAIN4_PRIORITY);
        seq(VgaRegisters.SR_PLANE_WRITE, 0x03);
        assertThat(vga.chain4Alias()).as("not every plane writable").isEmpty();
        assertThat(memory.view().lookup(0xb_0000L).region()).isSameAs(vga.lowmem());
    }

    @Test
    void theMmioBarReachesTheVgaPortsAndTheVbeRegisters() {
        long mmio = vga.function().barAddress(StdVga.MMIO_BAR);
        memory.stb(mmio + 0x400 + 4, VgaRegisters.SR_MEMORY_MODE);  // 0x3c4
        assertThat(memory.ldub(mmio + 0x400 + 5)).isEqualTo(0x02);  // 0x3c5: mode 3's memory mode
        assertThat(memory.lduwLe(mmio + 0x500)).as("VBE ID").isEqualTo(0xb0c5);
        assertThat(memory.lduwLe(mmio + 0x500 + 2 * VgaRegisters.VBE_VIDEO_MEMORY_64K)).isEqualTo(256);
        assertThat(memory.ldlLe(mmio + 0x600)).as("qemu extended regs size").isEqualTo(8);
    }

    @Test
    void aFramebufferNeedsA32BitVbeMode() {
        assertThatThrownBy(vga::framebuffer).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("enabled=false");
    }

    @Test
    void onQ35TheVgaIsInSlotOne() {
        Q35Machine q35 = Q35Machine.builder().ramSize(2L << 30).vga(true).build(new MemorySystem());
        assertThat(q35.system().ramBlocks().byIdstr("0000:00:01.0/vga.vram")).isPresent();
        SeaBios.post(q35);
        assertThat(q35.vga().orElseThrow().function().barAddress(StdVga.VRAM_BAR)).isEqualTo(VRAM_BAR);
    }
}
