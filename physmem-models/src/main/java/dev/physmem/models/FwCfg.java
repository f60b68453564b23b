package dev.physmem.models;

import dev.physmem.region.MemoryRegion;
import dev.physmem.region.Owner;

/**
 * QEMU's firmware configuration device ({@code fw_cfg}) as the memory map sees it: its selector,
 * data and DMA registers, as plain registers. The board adds it as the child {@code fw_cfg} of
 * the machine, so every region is owned by {@link #OWNER}. QEMU counterpart: hw/nvram/fw_cfg.c,
 * {@code fw_cfg_io_realize} (x86 ports) and {@code fw_cfg_mem_realize} (MMIO, the {@code virt}
 * machines). The configuration items and the DMA engine are not modelled.
 */
public final class FwCfg {
    /** The device every fw_cfg region belongs to: {@code /machine/fw_cfg}. */
    public static final Owner OWNER = Owner.devicePath("/machine/fw_cfg");
    /** Width of the MMIO data register, in bytes. */
    public static final long MMIO_DATA_SIZE = 8;
    /** Width of the selector register, in bytes. */
    public static final long CONTROL_SIZE = 2;
    /** Width of the DMA address register, in bytes. */
    public static final long DMA_SIZE = 8;
    /** Offset of the DMA register from the port base (x86: 0x514 for base 0x510). */
    public static final long PORT_DMA_OFFSET = 4;

    private FwCfg() {
    }

    /**
     * Maps the port interface at {@code base} of {@code io}: {@code fwcfg} (selector and data, 2
     * bytes) and {@code fwcfg.dma} at {@code base + 4}.
     */
    public static void mapPorts(MemoryRegion io, long base) {
        Regions.map(io, base, OWNER, "fwcfg", CONTROL_SIZE);
        Regions.map(io, base + PORT_DMA_OFFSET, OWNER, "fwcfg.dma", DMA_SIZE);
    }

    /**
     * Maps the MMIO interface at {@code base} of {@code container}: {@code fwcfg.data} (8 bytes),
     * {@code fwcfg.ctl} at {@code base + 8} (2 bytes) and {@code fwcfg.dma} at {@code base + 16}.
     */
    public static void mapMmio(MemoryRegion container, long base) {
        Regions.map(container, base, OWNER, "fwcfg.data", MMIO_DATA_SIZE);
        Regions.map(container, base + MMIO_DATA_SIZE, OWNER, "fwcfg.ctl", CONTROL_SIZE);
        Regions.map(container, base + 2 * MMIO_DATA_SIZE, OWNER, "fwcfg.dma", DMA_SIZE);
    }
}
