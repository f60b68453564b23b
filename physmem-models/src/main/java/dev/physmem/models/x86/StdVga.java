package dev.physmem.models.x86;

import dev.physmem.MemorySystem;
import dev.physmem.dirty.DirtyClient;
import dev.physmem.models.UnassignedIo;
import dev.physmem.models.display.Framebuffer;
import dev.physmem.models.pci.PciBarSpace;
import dev.physmem.models.pci.PciBus;
import dev.physmem.models.pci.PciFunction;
import dev.physmem.region.AccessConstraints;
import dev.physmem.region.AliasRegion;
import dev.physmem.region.Endianness;
import dev.physmem.region.IoRegion;
import dev.physmem.region.MemoryRegion;
import dev.physmem.region.MemoryRegionOps;
import dev.physmem.region.Owner;
import dev.physmem.region.RamRegion;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * QEMU's standard VGA ({@code -device VGA}): a PCI function with the video RAM as BAR 0, the MMIO
 * BAR 2 and the VGA BIOS as expansion ROM, plus the legacy VGA window and ports in the bus's
 * spaces. QEMU counterpart: {@code PCIVGAState} ({@code pci_std_vga_realize},
 * hw/display/vga-pci.c) over {@code VGACommonState} ({@code vga_common_init}, {@code vga_init},
 * hw/display/vga.c) as of 7.2.
 *
 * <h2>Regions, as QEMU names and places them</h2>
 * <ul>
 *   <li>{@code vga.vram}: RAM, 16 MiB by default, RAM block {@code DEVPATH/vga.vram}, logged by
 *       {@link DirtyClient#VGA} from creation (QEMU's {@code memory_region_set_log}); BAR 0,
 *       32-bit prefetchable.
 *   <li>{@code vga-lowmem}: the 128 KiB legacy window, I/O at 0xa0000 of the bus's memory space
 *       with priority 1; its callbacks decode the window into video RAM as the sequencer and
 *       graphics controller say (chain-4, odd/even, planar) and mark what they write dirty.
 *   <li>{@code vga.chain4}: while chain-4 is on and all planes are writable, an alias of video RAM
 *       at priority 2 in the bus's memory space over the window that memory map select picks (the
 *       64 KiB one follows the VBE bank), so that the CPU writes video RAM directly.
 *   <li>Ports {@code vga} (0x3b4, 0x3ba, 0x3c0-0x3cf, 0x3d4, 0x3da) and {@code vbe} (0x1ce-0x1d1)
 *       in the bus's I/O space.
 *   <li>{@code vga.mmio}: BAR 2, 4 KiB, itself unassigned I/O, holding {@code edid} (0x000),
 *       {@code vga ioports remapped} (0x400, ports 0x3c0-0x3df), {@code bochs dispi interface}
 *       (0x500, the VBE registers as 16-bit words) and {@code qemu extended regs} (0x600).
 *   <li>{@code vga.rom}: the expansion ROM, 64 KiB (QEMU's {@code vgabios-stdvga.bin} of
 *       {@link #ROM_IMAGE_SIZE} bytes rounded to a power of two), RAM block {@code DEVPATH/vga.rom}.
 *   <li>The bus-master address space {@code VGA}.
 * </ul>
 *
 * <h2>Not emulated</h2>
 * The display itself (text, planar and VBE rendering; {@link #framebuffer()} gives a
 * {@link Framebuffer} over a 32-bit VBE mode instead), retrace timing, the EDID blob (reads 0),
 * the byte-order switch of the extended registers (always little-endian), and the VGA BIOS image
 * (the ROM holds only an option-ROM header). See {@link VgaRegisters}.
 *
 * <h2>Thread safety</h2>
 * Register accesses are serialised on the instance; they change the region tree, so they run on
 * the machine's writer thread like every other topology change.
 */
public final class StdVga {
    /** The device's type name, which also names its bus-master address space. */
    public static final String TYPE_NAME = "VGA";
    /** Default video RAM size ({@code vgamem_mb} 16). */
    public static final long DEFAULT_VRAM_SIZE = 16L << 20;
    /** The video RAM's BAR. */
    public static final int VRAM_BAR = 0;
    /** The MMIO BAR. */
    public static final int MMIO_BAR = 2;
    /** Guest-physical base of the legacy window. */
    public static final long LOWMEM_BASE = 0xa_0000L;
    /** Size of the legacy window. */
    public static final long LOWMEM_SIZE = 0x2_0000L;
    /** Size of the MMIO BAR ({@code PCI_VGA_MMIO_SIZE}). */
    public static final long MMIO_SIZE = 0x1000;
    /** Size of QEMU 7.2's {@code vgabios-stdvga.bin} (SeaVGABIOS 1.16), which SeaBIOS copies to 0xc0000. */
    public static final long ROM_IMAGE_SIZE = 39_936;
    /** Priority of {@code vga.chain4} in the bus's memory space. */
    public static final int CHAIN4_PRIORITY = 2;

    private static final long EDID_SIZE = 0x180;
    private static final long IOPORT_OFFSET = 0x400;
    private static final long IOPORT_SIZE = 0x20;
    private static final long BOCHS_OFFSET = 0x500;
    /** {@code PCI_VGA_BOCHS_SIZE}: eleven 16-bit registers, the last the video memory size. */
    private static final long BOCHS_SIZE = 0x0b * 2;
    private static final long QEXT_OFFSET = 0x600;
    private static final long QEXT_SIZE = 8;
    private static final int QEXT_LITTLE_ENDIAN = 0x1e1e_1e1e;
    private static final int VBE_PORT = 0x1ce;
    private static final ValueLayout.OfInt INT_LE = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    /** The legacy port ranges: first port and count ({@code vga_portio_list}). */
    /** What QEMU's port lists accept: 1-4 bytes at any port ({@code portio_ops}). */
    private static final AccessConstraints PORTIO_VALID = AccessConstraints.sizes(1, 4).withUnaligned(true);
    private static final int[][] PORTS = {{0x3b4, 2}, {0x3ba, 1}, {0x3c0, 16}, {0x3d4, 2}, {0x3da, 1}};

    private final MemorySystem system;
    private final MemoryRegion legacySpace;
    private final Owner owner;
    private final PciFunction function;
    private final RamRegion vram;
    private final IoRegion lowmem;
    private final IoRegion mmio;
    private final RamRegion rom;
    private final VgaRegisters regs;
    private final VgaRegisters.Vram vramAccess;
    private final Map<Long, AliasRegion> chain4BySize = new HashMap<>();
    private AliasRegion chain4;
    private VgaRegisters.ChainWindow window;

    /**
     * Plugs a standard VGA as device {@code owner} into the first free slot of {@code bus} (00:02.0
     * on pc, 00:01.0 on q35), with {@link #DEFAULT_VRAM_SIZE} of video RAM, in one transaction.
     * Its RAM blocks are named after the slot ({@code 0000:00:02.0/vga.vram}).
     *
     * @throws IllegalArgumentException if the bus already has a function named {@code VGA} or
     *     no free slot
     */
    public StdVga(PciBus bus, Owner owner) {
        this.owner = owner;
        this.legacySpace = bus.memorySpace();
        this.system = legacySpace.system();
        function = bus.addFunction(TYPE_NAME, owner);
        function.initHeader(0x1234, 0x1111, 0x02, 0x03_0000, false);
        system.ramBlocks().setDevicePath(owner, function.devPath());
        regs = new VgaRegisters(DEFAULT_VRAM_SIZE);
        try (var _ = system.transaction()) {
            vram = system.initRam(owner, "vga.vram", DEFAULT_VRAM_SIZE);
            system.dirtyLog().setLog(vram, true, DirtyClient.VGA);
            vramAccess = new DirtyingVram(vram);
            lowmem = system.initIo(owner, lowmemOps(), "vga-lowmem", LOWMEM_SIZE);
            legacySpace.addSubregionOverlap(LOWMEM_BASE, lowmem, 1);
            addPorts(bus.ioSpace());
            function.registerBar(VRAM_BAR, PciBarSpace.MEMORY_PREFETCH, vram);
            mmio = system.initIo(owner, UnassignedIo.INSTANCE, "vga.mmio", MMIO_SIZE);
            addMmioSubregions();
            function.registerBar(MMIO_BAR, PciBarSpace.MEMORY, mmio);
            rom = system.initRom(owner, "vga.rom", Long.highestOneBit(ROM_IMAGE_SIZE - 1) << 1);
            writeRomHeader();
            function.registerRomBar(rom);
        }
    }

    private void addPorts(MemoryRegion io) {
        for (int[] range : PORTS) {
            int first = range[0];
            MemoryRegionOps ops = MemoryRegionOps.of(
                    (offset, size) -> ioportRead(first + (int) offset),
                    (offset, value, size) -> ioportWrite(first + (int) offset, (int) value),
                    Endianness.LITTLE, PORTIO_VALID, AccessConstraints.sizes(1, 1));
            io.addSubregion(first, system.initIo(owner, ops, "vga", range[1]));
        }
        MemoryRegionOps vbeOps = MemoryRegionOps.of(this::vbePortRead, this::vbePortWrite, Endianness.LITTLE,
                PORTIO_VALID, PORTIO_VALID);
        io.addSubregion(VBE_PORT, system.initIo(owner, vbeOps, "vbe", 4));
    }

    /** QEMU: {@code pci_std_vga_mmio_region_init}, in its order. */
    private void addMmioSubregions() {
        MemoryRegionOps remapped = MemoryRegionOps.of(
                (offset, size) -> ioportRead(0x3c0 + (int) offset),
                (offset, value, size) -> ioportWrite(0x3c0 + (int) offset, (int) value),
                Endianness.LITTLE, AccessConstraints.sizes(1, 4), AccessConstraints.sizes(1, 1));
        mmio.addSubregion(IOPORT_OFFSET, system.initIo(owner, remapped, "vga ioports remapped", IOPORT_SIZE));
        MemoryRegionOps bochs = MemoryRegionOps.of(
                (offset, size) -> bochsRead((int) offset >> 1),
                (offset, value, size) -> bochsWrite((int) offset >> 1, (int) value),
                Endianness.LITTLE, AccessConstraints.sizes(1, 4), AccessConstraints.sizes(2, 2));
        mmio.addSubregion(BOCHS_OFFSET, system.initIo(owner, bochs, "bochs dispi interface", BOCHS_SIZE));
        MemoryRegionOps qext = MemoryRegionOps.of(
                (offset, size) -> offset == 0 ? QEXT_SIZE : offset == 4 ? QEXT_LITTLE_ENDIAN : 0,
                (offset, value, size) -> { },
                Endianness.LITTLE, AccessConstraints.sizes(4, 4), AccessConstraints.sizes(4, 4));
        mmio.addSubregion(QEXT_OFFSET, system.initIo(owner, qext, "qemu extended regs", QEXT_SIZE));
        MemoryRegionOps edid = MemoryRegionOps.of((offset, size) -> 0, (offset, value, size) -> { });
        mmio.addSubregion(0, system.initIo(owner, edid, "edid", EDID_SIZE));
    }

    private MemoryRegionOps lowmemOps() {
        return MemoryRegionOps.of(
                (offset, size) -> memRead(offset),
                (offset, value, size) -> memWrite(offset, (int) value),
                Endianness.LITTLE, AccessConstraints.DEFAULT, AccessConstraints.sizes(1, 1));
    }

    /** An option-ROM header: signature 0x55 0xaa and the image size in 512-byte blocks. */
    private void writeRomHeader() {
        MemorySegment image = rom.backing();
        image.set(ValueLayout.JAVA_BYTE, 0, (byte) 0x55);
        image.set(ValueLayout.JAVA_BYTE, 1, (byte) 0xaa);
        image.set(ValueLayout.JAVA_BYTE, 2, (byte) (ROM_IMAGE_SIZE / 512));
    }

    // ---------------------------------------------------------------- guest accesses

    /** A read of VGA port {@code port}, as the guest's port I/O sees it. */
    public synchronized int ioportRead(int port) {
        return regs.ioportRead(port);
    }

    /** A write of VGA port {@code port}, as the guest's port I/O does it; may remap the legacy window. */
    public synchronized void ioportWrite(int port, int value) {
        if (regs.ioportWrite(port, value)) {
            updateMemoryAccess();
        }
    }

    /** Reads VBE register {@code index}. */
    public synchronized int vbeRead(int index) {
        return regs.vbeRead(index);
    }

    /** Writes VBE register {@code index}; enabling a mode or moving the bank may remap the legacy window. */
    public synchronized void vbeWrite(int index, int value) {
        if (regs.vbeWrite(index, value)) {
            long clear = regs.takePendingClear();
            if (clear > 0) {
                vram.backing().asSlice(0, clear).fill((byte) 0);
                system.dirtyLog().setDirty(vram, 0, clear);
            }
            updateMemoryAccess();
        }
    }

    /** QEMU's {@code pci_vga_bochs_read}: selects the register, then reads it. */
    private synchronized long bochsRead(int index) {
        regs.vbeWriteIndex(index);
        return regs.vbeReadData();
    }

    /** QEMU's {@code pci_vga_bochs_write}: selects the register, then writes it. */
    private synchronized void bochsWrite(int index, int value) {
        regs.vbeWriteIndex(index);
        vbeWrite(index, value);
    }

    private synchronized long vbePortRead(long offset, int size) {
        if (size != 2) {
            return (1L << (8 * size)) - 1;
        }
        return offset == 0 ? regs.vbeIndex() : regs.vbeReadData();
    }

    private synchronized void vbePortWrite(long offset, long value, int size) {
        if (size != 2) {
            return;
        }
        if (offset == 0) {
            regs.vbeWriteIndex((int) value);
        } else {
            vbeWrite(regs.vbeIndex(), (int) value);
        }
    }

    private synchronized long memRead(long offset) {
        return regs.memRead(vramAccess, offset);
    }

    private synchronized void memWrite(long offset, int value) {
        regs.memWrite(vramAccess, offset, value);
    }

    /**
     * Maps {@code vga.chain4} where the registers ask for it, or unmaps it. QEMU:
     * {@code vga_update_memory_access}, which re-creates the alias; this keeps one alias per
     * window size and moves it, which renders the same.
     */
    private void updateMemoryAccess() {
        VgaRegisters.ChainWindow next = regs.chainWindow();
        if (Objects.equals(next, window)) {
            return;
        }
        try (var _ = system.transaction()) {
            if (chain4 != null) {
                legacySpace.delSubregion(chain4);
                chain4 = null;
            }
            window = next;
            if (next != null) {
                chain4 = chain4BySize.computeIfAbsent(next.size(),
                        size -> system.initAlias(owner, "vga.chain4", vram, next.vramOffset(), size));
                chain4.setAliasOffset(next.vramOffset());
                legacySpace.addSubregionOverlap(next.base(), chain4, CHAIN4_PRIORITY);
            }
        }
    }

    // ---------------------------------------------------------------- accessors

    /** The PCI function. */
    public PciFunction function() {
        return function;
    }

    /** The device that owns the regions. */
    public Owner owner() {
        return owner;
    }

    /** The video RAM ({@code vga.vram}). */
    public RamRegion vram() {
        return vram;
    }

    /** The legacy window ({@code vga-lowmem}). */
    public IoRegion lowmem() {
        return lowmem;
    }

    /** The MMIO BAR's region ({@code vga.mmio}). */
    public IoRegion mmio() {
        return mmio;
    }

    /** The expansion ROM ({@code vga.rom}). */
    public RamRegion rom() {
        return rom;
    }

    /** The chain-4 alias while it is mapped. */
    public synchronized Optional<AliasRegion> chain4Alias() {
        return Optional.ofNullable(chain4);
    }

    /**
     * A framebuffer over the current 32-bit VBE mode: its resolution, line length and start
     * address. The caller closes it.
     *
     * @throws IllegalStateException if VBE is off or the mode is not 32 bits per pixel
     */
    public synchronized Framebuffer framebuffer() {
        if (!regs.vbeEnabled() || regs.vbeRead(VgaRegisters.VBE_BPP) != 32) {
            throw new IllegalStateException("framebuffer needs a 32-bit VBE mode: enabled=" + regs.vbeEnabled()
                    + " bpp=" + regs.vbeRead(VgaRegisters.VBE_BPP));
        }
        return new Framebuffer(vram, regs.vbeStartAddress(), regs.vbeRead(VgaRegisters.VBE_XRES),
                regs.vbeRead(VgaRegisters.VBE_YRES), regs.vbeLineOffset());
    }

    /** Video RAM as the legacy window's callbacks reach it: host stores reported to the dirty log. */
    private static final class DirtyingVram implements VgaRegisters.Vram {
        private final RamRegion vram;
        private final MemorySegment bytes;

        DirtyingVram(RamRegion vram) {
            this.vram = vram;
            this.bytes = vram.backing();
        }

        @Override
        public int getByte(long offset) {
            return bytes.get(ValueLayout.JAVA_BYTE, offset) & 0xff;
        }

        @Override
        public void putByte(long offset, int value) {
            bytes.set(ValueLayout.JAVA_BYTE, offset, (byte) value);
            vram.system().dirtyLog().setDirty(vram, offset, 1);
        }

        @Override
        public int getInt(long offset) {
            return bytes.get(INT_LE, offset);
        }

        @Override
        public void putInt(long offset, int value) {
            bytes.set(INT_LE, offset, value);
            vram.system().dirtyLog().setDirty(vram, offset, 4);
        }
    }
}
