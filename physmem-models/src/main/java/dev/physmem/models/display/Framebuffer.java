package dev.physmem.models.display;

import dev.physmem.dirty.DirtyClient;
import dev.physmem.dirty.DirtyLog;
import dev.physmem.dirty.DirtySnapshot;
import dev.physmem.region.RamRegion;
import java.lang.foreign.ValueLayout;
import java.util.Objects;

/**
 * A linear 32-bit framebuffer in guest RAM that keeps a host copy of the picture and, on each
 * refresh, copies only the scanlines the guest wrote since the last refresh. QEMU counterpart:
 * the display update of {@code hw/display/framebuffer.c} ({@code framebuffer_update_display}):
 * VGA dirty logging on the video RAM, one {@code memory_region_snapshot_and_clear_dirty} per
 * refresh, one {@code memory_region_snapshot_get_dirty} per line.
 *
 * <h2>Geometry</h2>
 * Line {@code y} is bytes {@code [base + y * stride, base + y * stride + width * 4)} of the video
 * RAM region, pixels little-endian {@code 0x00RRGGBB}. A line is redrawn when any page it
 * overlaps is dirty, so lines that share a page with a written one are redrawn too.
 *
 * <h2>Lifetime and threads</h2>
 * Logging starts at construction (so the first refresh draws everything: pages start dirty) and
 * stops at {@link #close()}. {@link #refresh()} is for one display thread; guest writes may run
 * concurrently, and a write racing with a refresh shows up at that refresh or the next.
 */
public final class Framebuffer implements AutoCloseable {
    private final DirtyLog dirtyLog;
    private final RamRegion vram;
    private final long base;
    private final int width;
    private final int height;
    private final long stride;
    private final int[] surface;
    private boolean closed;

    /**
     * A {@code width} x {@code height} framebuffer at offset {@code base} of {@code vram}, lines
     * {@code stride} bytes apart; starts VGA logging on {@code vram}.
     *
     * @throws IllegalArgumentException if the geometry is not positive, a line is wider than the
     *     stride, or the picture does not fit in {@code vram}
     */
    public Framebuffer(RamRegion vram, long base, int width, int height, long stride) {
        this.vram = Objects.requireNonNull(vram, "vram");
        if (width <= 0 || height <= 0 || base < 0 || stride < 4L * width
                || base + (height - 1) * stride + 4L * width > vram.size()) {
            throw new IllegalArgumentException("framebuffer does not fit: width=" + width + " height=" + height
                    + " stride=" + stride + " base=0x" + Long.toHexString(base)
                    + " vramSize=0x" + Long.toHexString(vram.size()));
        }
        this.dirtyLog = vram.system().dirtyLog();
        this.base = base;
        this.width = width;
        this.height = height;
        this.stride = stride;
        this.surface = new int[width * height];
        dirtyLog.setLog(vram, true, DirtyClient.VGA);
    }

    /**
     * Copies every line written since the last refresh into the host surface and returns how
     * many lines it copied.
     *
     * @throws IllegalStateException after {@link #close()}
     */
    public int refresh() {
        if (closed) {
            throw new IllegalStateException("framebuffer is closed: vram=" + vram.name());
        }
        long lineBytes = 4L * width;
        long size = (height - 1) * stride + lineBytes;
        DirtySnapshot snap = dirtyLog.snapshotAndClearDirty(vram, base, size, DirtyClient.VGA);
        int redrawn = 0;
        for (int y = 0; y < height; y++) {
            long offset = base + y * stride;
            if (dirtyLog.snapshotGetDirty(vram, snap, offset, lineBytes)) {
                drawLine(y, offset);
                redrawn++;
            }
        }
        return redrawn;
    }

    private void drawLine(int y, long offset) {
        var mem = vram.backing();
        int row = y * width;
        for (int x = 0; x < width; x++) {
            surface[row + x] = mem.get(ValueLayout.JAVA_INT_UNALIGNED.withOrder(java.nio.ByteOrder.LITTLE_ENDIAN),
                    offset + 4L * x);
        }
    }

    /** The host copy's pixel at {@code (x, y)} as of the last refresh. */
    public int pixel(int x, int y) {
        Objects.checkIndex(x, width);
        Objects.checkIndex(y, height);
        return surface[y * width + x];
    }

    /** Width in pixels. */
    public int width() {
        return width;
    }

    /** Height in lines. */
    public int height() {
        return height;
    }

    /** Stops VGA logging on the video RAM. Idempotent. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            dirtyLog.setLog(vram, false, DirtyClient.VGA);
        }
    }
}
