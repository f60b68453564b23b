package dev.physmem.models.x86;

/**
 * The VGA and Bochs VBE registers of a {@link StdVga}, with the behaviour the memory map and the
 * video RAM depend on: which part of the video RAM the legacy window shows and how
 * (memory map select, chain-4, odd/even, planar latches), the VBE bank, and the VBE mode a
 * linear framebuffer reads. QEMU counterpart: the register half of {@code VGACommonState}
 * ({@code vga_ioport_read/write}, {@code vbe_ioport_read/write_data}, {@code vbe_fixup_regs},
 * {@code vbe_update_vgaregs}, {@code vga_mem_readb/writeb}; hw/display/vga.c).
 *
 * <h2>Not emulated</h2>
 * Retrace timing (the status register just toggles, as QEMU's dumb retrace), the CRTC's effect on
 * any display (its registers are stored), text and planar rendering, the palette's effect on
 * pixels (the DAC is stored), the VBE {@code GETCAPS}/8-bit DAC beyond storing the bits.
 *
 * <h2>Thread safety</h2>
 * Not thread-safe: the owning {@link StdVga} serialises accesses.
 */
final class VgaRegisters {
    /** Sequencer index of the plane write mask. */
    static final int SR_PLANE_WRITE = 2;
    /** Sequencer index of the memory mode. */
    static final int SR_MEMORY_MODE = 4;
    /** All four planes in {@link #SR_PLANE_WRITE}. */
    static final int SR02_ALL_PLANES = 0x0f;
    /** Chain-4 in {@link #SR_MEMORY_MODE}. */
    static final int SR04_CHN_4M = 0x08;
    /** Graphics controller index of the mode register (write/read mode, odd/even). */
    static final int GR_MODE = 5;
    /** Graphics controller index of the miscellaneous register (memory map select). */
    static final int GR_MISC = 6;

    /** VBE register indexes (Bochs dispi interface). */
    static final int VBE_ID = 0;
    static final int VBE_XRES = 1;
    static final int VBE_YRES = 2;
    static final int VBE_BPP = 3;
    static final int VBE_ENABLE = 4;
    static final int VBE_BANK = 5;
    static final int VBE_VIRT_WIDTH = 6;
    static final int VBE_VIRT_HEIGHT = 7;
    static final int VBE_X_OFFSET = 8;
    static final int VBE_Y_OFFSET = 9;
    /** Number of VBE registers ({@code VBE_DISPI_INDEX_NB}). */
    static final int VBE_REGISTERS = 10;
    /** The read-only index that reports video memory in 64 KiB units. */
    static final int VBE_VIDEO_MEMORY_64K = 0xa;
    static final int VBE_ENABLED = 0x01;
    static final int VBE_NOCLEARMEM = 0x80;
    private static final int VBE_ID0 = 0xb0c0;
    private static final int VBE_ID5 = 0xb0c5;
    private static final int VBE_MAX_XRES = 16000;
    private static final int VBE_MAX_YRES = 12000;

    private static final int[] SR_MASK = {0x03, 0x3d, 0x0f, 0x3f, 0x0e, 0x00, 0x00, 0xff};
    private static final int[] GR_MASK = {0x0f, 0x0f, 0x0f, 0x1f, 0x03, 0x7b, 0x0f, 0x0f, 0xff, 0, 0, 0, 0, 0, 0, 0};
    private static final int MIS_COLOR = 0x01;
    private static final int ST01_TOGGLE = 0x09;

    /** Where the legacy window shows video RAM directly (chain-4), or null. */
    record ChainWindow(long base, long vramOffset, long size) {
    }

    private final long vramSize;
    private final int[] sr = new int[8];
    private final int[] srVbe = new int[8];
    private final int[] gr = new int[16];
    private final int[] cr = new int[256];
    private final int[] ar = new int[0x15];
    private final byte[] palette = new byte[768];
    private final int[] vbe = new int[VBE_REGISTERS];
    private int srIndex;
    private int grIndex;
    private int crIndex;
    private int arIndex;
    private boolean arFlipFlop;
    private int msr;
    private int fcr;
    private int st01;
    private int dacReadIndex;
    private int dacWriteIndex;
    private int dacSubIndex;
    private int dacState;
    private int vbeIndex;
    private long bankOffset;
    private long vbeLineOffset;
    private long vbeStartAddress;
    private int latch;
    /** Bytes of video RAM (from 0) that the last VBE enable asked to clear. */
    private long pendingClear;

    VgaRegisters(long vramSize) {
        this.vramSize = vramSize;
        vbe[VBE_ID] = VBE_ID5;
    }

    // ---------------------------------------------------------------- legacy ports

    /** A read of port {@code port} (0x3b0-0x3df). QEMU: {@code vga_ioport_read}. */
    int ioportRead(int port) {
        if (invalidPort(port)) {
            return 0xff;
        }
        return switch (port) {
            case 0x3c0 -> arFlipFlop ? 0 : arIndex;
            case 0x3c1 -> (arIndex & 0x1f) < ar.length ? ar[arIndex & 0x1f] : 0;
            case 0x3c4 -> srIndex;
            case 0x3c5 -> sr[srIndex];
            case 0x3c7 -> dacState;
            case 0x3c8 -> dacWriteIndex;
            case 0x3c9 -> readDac();
            case 0x3ca -> fcr;
            case 0x3cc -> msr;
            case 0x3ce -> grIndex;
            case 0x3cf -> gr[grIndex];
            case 0x3b4, 0x3d4 -> crIndex;
            case 0x3b5, 0x3d5 -> cr[crIndex];
            case 0x3ba, 0x3da -> {
                st01 ^= ST01_TOGGLE;
                arFlipFlop = false;
                yield st01;
            }
            default -> 0;
        };
    }

    /**
     * A write of {@code value} to port {@code port}; returns whether the legacy window's mapping
     * may have changed. QEMU: {@code vga_ioport_write}.
     */
    boolean ioportWrite(int port, int value) {
        int v = value & 0xff;
        if (invalidPort(port)) {
            return false;
        }
        switch (port) {
            case 0x3c0 -> writeAttribute(v);
            case 0x3c2 -> msr = v & ~0x10;
            case 0x3c4 -> srIndex = v & 7;
            case 0x3c5 -> {
                sr[srIndex] = v & SR_MASK[srIndex];
                return true;
            }
            case 0x3c7 -> {
                dacReadIndex = v;
                dacSubIndex = 0;
                dacState = 3;
            }
            case 0x3c8 -> {
                dacWriteIndex = v;
                dacSubIndex = 0;
                dacState = 0;
            }
            case 0x3c9 -> writeDac(v);
            case 0x3ce -> grIndex = v & 0x0f;
            case 0x3cf -> {
                gr[grIndex] = v & GR_MASK[grIndex];
                vbeUpdateVgaRegs();
                return true;
            }
            case 0x3b4, 0x3d4 -> crIndex = v;
            case 0x3b5, 0x3d5 -> cr[crIndex] = v;
            case 0x3ba, 0x3da -> fcr = v & 0x10;
            default -> { }
        }
        return false;
    }

    private boolean invalidPort(int port) {
        return (msr & MIS_COLOR) != 0 ? port >= 0x3b0 && port <= 0x3bf : port >= 0x3d0 && port <= 0x3df;
    }

    private void writeAttribute(int v) {
        if (!arFlipFlop) {
            arIndex = v & 0x3f;
        } else if ((arIndex & 0x1f) < ar.length) {
            ar[arIndex & 0x1f] = v;
        }
        arFlipFlop = !arFlipFlop;
    }

    private int readDac() {
        int v = palette[(dacReadIndex * 3 + dacSubIndex) % palette.length] & 0xff;
        if (++dacSubIndex == 3) {
            dacSubIndex = 0;
            dacReadIndex = (dacReadIndex + 1) & 0xff;
        }
        return v;
    }

    private void writeDac(int v) {
        palette[(dacWriteIndex * 3 + dacSubIndex) % palette.length] = (byte) v;
        if (++dacSubIndex == 3) {
            dacSubIndex = 0;
            dacWriteIndex = (dacWriteIndex + 1) & 0xff;
        }
    }

    // ---------------------------------------------------------------- VBE

    /** The VBE index register. */
    int vbeIndex() {
        return vbeIndex;
    }

    /** Selects VBE register {@code index}. QEMU: {@code vbe_ioport_write_index}. */
    void vbeWriteIndex(int index) {
        vbeIndex = index & 0xffff;
    }

    /** Reads the selected VBE register. QEMU: {@code vbe_ioport_read_data}. */
    int vbeReadData() {
        return vbeRead(vbeIndex);
    }

    /** Reads VBE register {@code index}. */
    int vbeRead(int index) {
        if (index < VBE_REGISTERS) {
            return vbe[index];
        }
        return index == VBE_VIDEO_MEMORY_64K ? (int) (vramSize >> 16) : 0;
    }

    /**
     * Writes the selected VBE register; returns whether the legacy window's mapping may have
     * changed. QEMU: {@code vbe_ioport_write_data}.
     */
    boolean vbeWriteData(int value) {
        return vbeWrite(vbeIndex, value);
    }

    /** Writes VBE register {@code index}; returns whether the legacy window's mapping may have changed. */
    boolean vbeWrite(int index, int value) {
        int v = value & 0xffff;
        switch (index) {
            case VBE_ID -> {
                if (v >= VBE_ID0 && v <= VBE_ID5) {
                    vbe[VBE_ID] = v;
                }
            }
            case VBE_XRES, VBE_YRES, VBE_BPP, VBE_VIRT_WIDTH, VBE_X_OFFSET, VBE_Y_OFFSET -> {
                vbe[index] = v;
                vbeFixupRegs();
                vbeUpdateVgaRegs();
            }
            case VBE_BANK -> {
                vbe[VBE_BANK] = v & (int) ((vramSize >> 16) - 1);
                bankOffset = (long) vbe[VBE_BANK] << 16;
                return true;
            }
            case VBE_ENABLE -> {
                writeVbeEnable(v);
                return true;
            }
            default -> { }
        }
        return false;
    }

    private void writeVbeEnable(int v) {
        if ((v & VBE_ENABLED) != 0 && !vbeEnabled()) {
            vbe[VBE_VIRT_WIDTH] = 0;
            vbe[VBE_X_OFFSET] = 0;
            vbe[VBE_Y_OFFSET] = 0;
            vbe[VBE_ENABLE] |= VBE_ENABLED;
            vbeFixupRegs();
            vbeUpdateVgaRegs();
            if ((v & VBE_NOCLEARMEM) == 0) {
                pendingClear = vbe[VBE_YRES] * vbeLineOffset;
            }
        } else {
            bankOffset = 0;
        }
        vbe[VBE_ENABLE] = v;
    }

    /** The bytes of video RAM (from 0) the last enable write asked to clear, and forgets them. */
    long takePendingClear() {
        long clear = pendingClear;
        pendingClear = 0;
        return clear;
    }

    boolean vbeEnabled() {
        return (vbe[VBE_ENABLE] & VBE_ENABLED) != 0;
    }

    /** Bits per pixel of the VBE mode as the line length uses them (15 counts as 16). */
    private int vbeBits() {
        return vbe[VBE_BPP] == 15 ? 16 : vbe[VBE_BPP];
    }

    /** QEMU: {@code vbe_fixup_regs}: clamps the mode to what fits the video RAM. */
    private void vbeFixupRegs() {
        if (!vbeEnabled()) {
            return;
        }
        switch (vbe[VBE_BPP]) {
            case 4, 8, 15, 16, 24, 32 -> { }
            default -> vbe[VBE_BPP] = 8;
        }
        int bits = vbeBits();
        vbe[VBE_XRES] = Math.min(Math.max(vbe[VBE_XRES] & ~7, 8), VBE_MAX_XRES);
        vbe[VBE_VIRT_WIDTH] = Math.max(Math.min(vbe[VBE_VIRT_WIDTH] & ~7, VBE_MAX_XRES), vbe[VBE_XRES]);
        long lineLength = (long) vbe[VBE_VIRT_WIDTH] * bits / 8;
        long maxY = vramSize / lineLength;
        vbe[VBE_YRES] = (int) Math.min(Math.min(Math.max(vbe[VBE_YRES], 1), VBE_MAX_YRES), maxY);
        vbe[VBE_X_OFFSET] = Math.min(vbe[VBE_X_OFFSET], VBE_MAX_XRES);
        vbe[VBE_Y_OFFSET] = Math.min(vbe[VBE_Y_OFFSET], VBE_MAX_YRES);
        long offset = (long) vbe[VBE_X_OFFSET] * bits / 8 + vbe[VBE_Y_OFFSET] * lineLength;
        if (offset + vbe[VBE_YRES] * lineLength > vramSize) {
            vbe[VBE_Y_OFFSET] = 0;
            offset = (long) vbe[VBE_X_OFFSET] * bits / 8;
            if (offset + vbe[VBE_YRES] * lineLength > vramSize) {
                vbe[VBE_X_OFFSET] = 0;
                offset = 0;
            }
        }
        vbe[VBE_VIRT_HEIGHT] = (int) Math.min(maxY, 0xffff);
        vbeLineOffset = lineLength;
        vbeStartAddress = offset;
    }

    /** QEMU: {@code vbe_update_vgaregs}: a VBE mode is a graphics mode in memory map 1, chain-4 unless 4 bpp. */
    private void vbeUpdateVgaRegs() {
        if (!vbeEnabled()) {
            return;
        }
        gr[GR_MISC] = (gr[GR_MISC] & ~0x0c) | 0x04 | 0x01;
        int shiftControl;
        if (vbe[VBE_BPP] == 4) {
            shiftControl = 0;
            srVbe[1] &= ~8;
        } else {
            shiftControl = 2;
            srVbe[SR_MEMORY_MODE] |= SR04_CHN_4M;
            srVbe[SR_PLANE_WRITE] |= SR02_ALL_PLANES;
        }
        gr[GR_MODE] = (gr[GR_MODE] & ~0x60) | (shiftControl << 5);
    }

    /** Bytes from one line of the VBE mode to the next. */
    long vbeLineOffset() {
        return vbeLineOffset;
    }

    /** Offset in video RAM of the VBE mode's first visible pixel. */
    long vbeStartAddress() {
        return vbeStartAddress;
    }

    // ---------------------------------------------------------------- legacy window

    /**
     * A sequencer register as the memory access sees it: while VBE is on, VBE's own set, which
     * starts zero and gets chain-4 and all planes from the mode set. QEMU: {@code sr()}.
     */
    private int seq(int index) {
        return vbeEnabled() ? srVbe[index] : sr[index];
    }

    /**
     * Where video RAM appears directly in the legacy window: with every plane writable and
     * chain-4 on, the window that memory map select picks (the 64 KiB one at the VBE bank), else
     * none. QEMU: {@code vga_update_memory_access}.
     */
    ChainWindow chainWindow() {
        if ((seq(SR_PLANE_WRITE) & SR02_ALL_PLANES) != SR02_ALL_PLANES || (seq(SR_MEMORY_MODE) & SR04_CHN_4M) == 0) {
            return null;
        }
        return switch ((gr[GR_MISC] >> 2) & 3) {
            case 0 -> new ChainWindow(0xa_0000L, 0, 0x2_0000);
            case 1 -> new ChainWindow(0xa_0000L, bankOffset, 0x1_0000);
            case 2 -> new ChainWindow(0xb_0000L, 0, 0x8000);
            default -> new ChainWindow(0xb_8000L, 0, 0x8000);
        };
    }

    /**
     * The video RAM offset that window offset {@code addr} (0-0x1ffff) decodes to under memory
     * map select, or -1 outside the selected window.
     */
    private long decode(long addr) {
        long a = addr & 0x1_ffff;
        return switch ((gr[GR_MISC] >> 2) & 3) {
            case 0 -> a;
            case 1 -> a < 0x1_0000 ? a + bankOffset : -1;
            case 2 -> a >= 0x1_0000 && a < 0x1_8000 ? a - 0x1_0000 : -1;
            default -> a >= 0x1_8000 ? a - 0x1_8000 : -1;
        };
    }

    /** A byte read of window offset {@code addr}. QEMU: {@code vga_mem_readb}. */
    int memRead(Vram vram, long addr) {
        long a = decode(addr);
        if (a < 0) {
            return 0xff;
        }
        if ((seq(SR_MEMORY_MODE) & SR04_CHN_4M) != 0) {
            return a < vramSize ? vram.getByte(a) : 0xff;
        }
        if ((gr[GR_MODE] & 0x10) != 0) {
            long at = oddEven(a);
            return at < vramSize ? vram.getByte(at) : 0xff;
        }
        if (a * 4 >= vramSize) {
            return 0xff;
        }
        latch = vram.getInt(a * 4);
        if ((gr[GR_MODE] & 0x08) == 0) {
            return (latch >>> (8 * (gr[4] & 3))) & 0xff;
        }
        int ret = (latch ^ mask16(gr[2])) & mask16(gr[7]);
        ret |= ret >>> 16;
        ret |= ret >>> 8;
        return ~ret & 0xff;
    }

    /** A byte write of window offset {@code addr}. QEMU: {@code vga_mem_writeb}. */
    void memWrite(Vram vram, long addr, int value) {
        long a = decode(addr);
        if (a < 0) {
            return;
        }
        int val = value & 0xff;
        if ((seq(SR_MEMORY_MODE) & SR04_CHN_4M) != 0) {
            if ((seq(SR_PLANE_WRITE) & (1 << (a & 3))) != 0 && a < vramSize) {
                vram.putByte(a, val);
            }
        } else if ((gr[GR_MODE] & 0x10) != 0) {
            int plane = (int) ((gr[4] & 2) | (a & 1));
            long at = oddEven(a);
            if ((seq(SR_PLANE_WRITE) & (1 << plane)) != 0 && at < vramSize) {
                vram.putByte(at, val);
            }
        } else if (a * 4 < vramSize) {
            int writeMask = mask16(seq(SR_PLANE_WRITE));
            int planes = latchedValue(val);
            vram.putInt(a * 4, (vram.getInt(a * 4) & ~writeMask) | (planes & writeMask));
        }
    }

    private long oddEven(long a) {
        return ((a & ~1L) << 1) | (gr[4] & 2) | (a & 1);
    }

    /** The four plane bytes a planar write stores: write modes 0-3, logical operation, bit mask. */
    private int latchedValue(int value) {
        int rotate = gr[3] & 7;
        int val;
        int bitMask;
        switch (gr[GR_MODE] & 3) {
            case 1 -> {
                return latch;
            }
            case 2 -> {
                val = mask16(value & 0x0f);
                bitMask = gr[8];
            }
            case 3 -> {
                int rotated = ((value >>> rotate) | (value << (8 - rotate))) & 0xff;
                bitMask = gr[8] & rotated;
                val = mask16(gr[0]);
            }
            default -> {
                int rotated = ((value >>> rotate) | (value << (8 - rotate))) & 0xff;
                int setMask = mask16(gr[1]);
                val = (rotated * 0x0101_0101 & ~setMask) | (mask16(gr[0]) & setMask);
                bitMask = gr[8];
            }
        }
        val = switch (gr[3] >> 3) {
            case 1 -> val & latch;
            case 2 -> val | latch;
            case 3 -> val ^ latch;
            default -> val;
        };
        int mask = bitMask * 0x0101_0101;
        return (val & mask) | (latch & ~mask);
    }

    /** A byte per plane, 0xff where bit {@code p} of {@code planes} is set (plane 0 the lowest byte). */
    private static int mask16(int planes) {
        int m = 0;
        for (int p = 0; p < 4; p++) {
            if ((planes & (1 << p)) != 0) {
                m |= 0xff << (8 * p);
            }
        }
        return m;
    }

    /** Byte access to video RAM that marks what it writes dirty. */
    interface Vram {
        int getByte(long offset);

        void putByte(long offset, int value);

        int getInt(long offset);

        void putInt(long offset, int value);
    }
}
