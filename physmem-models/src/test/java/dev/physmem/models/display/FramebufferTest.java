package dev.physmem.models.display;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.physmem.MemorySystem;
import dev.physmem.attr.MemTxAttrs;
import dev.physmem.dirty.DirtyClient;
import dev.physmem.region.ContainerRegion;
import dev.physmem.region.MemoryRegion;
import dev.physmem.region.RamRegion;
import dev.physmem.space.AddressSpace;
import org.junit.jupiter.api.Test;

/** A guest drawing into video RAM through the address space; the framebuffer redraws what changed. */
class FramebufferTest {
    private static final long VRAM_BASE = 0xfd00_0000L;

    private final MemorySystem sys = new MemorySystem();
    private final ContainerRegion root = sys.initContainer(null, "root", MemoryRegion.SIZE_2_64);
    private final RamRegion vram = sys.initRam(null, "vga.vram", 0x40_0000);
    private final AddressSpace as;

    FramebufferTest() {
        root.addSubregion(VRAM_BASE, vram);
        as = sys.addressSpace(root, "memory");
    }

    @Test
    void theFirstRefreshDrawsEveryLineAndAnUnchangedPictureDrawsNone() {
        try (Framebuffer fb = new Framebuffer(vram, 0, 1024, 768, 4096)) {
            assertThat(fb.refresh()).isEqualTo(768);
            assertThat(fb.refresh()).isZero();
        }
    }

    @Test
    void onlyTheLinesTheGuestWroteAreRedrawnWithTheirNewPixels() {
        try (Framebuffer fb = new Framebuffer(vram, 0, 1024, 768, 4096)) {
            fb.refresh();
            as.stlLe(VRAM_BASE + 10 * 4096 + 4 * 7, 0x00ff0000);
            as.stlLe(VRAM_BASE + 500 * 4096, 0x0000ff00);

            assertThat(fb.refresh()).isEqualTo(2);
            assertThat(fb.pixel(7, 10)).isEqualTo(0x00ff0000);
            assertThat(fb.pixel(0, 500)).isEqualTo(0x0000ff00);
            assertThat(fb.refresh()).isZero();
        }
    }

    @Test
    void linesSharingAPageWithAWrittenOneAreRedrawnToo() {
        // 640 pixels * 4 bytes = 2560 bytes a line: lines 1, 2 and 3 all overlap page 1 (4096-8191).
        try (Framebuffer fb = new Framebuffer(vram, 0, 640, 480, 2560)) {
            fb.refresh();
            byte[] white = new byte[16];
            java.util.Arrays.fill(white, (byte) 0xff);
            as.write(VRAM_BASE + 2 * 2560, MemTxAttrs.UNSPECIFIED, white, 0, white.length);

            assertThat(fb.refresh()).isEqualTo(3);
            assertThat(fb.pixel(0, 2)).isEqualTo(-1);
        }
    }

    @Test
    void closingStopsLoggingAndRefreshAfterCloseIsMisuse() {
        Framebuffer fb = new Framebuffer(vram, 0, 16, 16, 64);
        fb.close();
        assertThat(sys.dirtyLog().isLogging(vram, DirtyClient.VGA)).isFalse();
        assertThatThrownBy(fb::refresh).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new Framebuffer(vram, 0x3f_0000, 1024, 768, 4096))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("height=768");
    }
}
