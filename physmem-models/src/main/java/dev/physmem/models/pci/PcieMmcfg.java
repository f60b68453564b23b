package dev.physmem.models.pci;

import dev.physmem.region.AccessConstraints;
import dev.physmem.region.Endianness;
import dev.physmem.region.MemoryRegionOps;

/**
 * The PCI Express enhanced configuration mechanism (MMCONFIG, ECAM) behind a host bridge's
 * {@code pcie-mmcfg-mmio} window (the q35 MCH places it with PCIEXBAR): offset bits 27:20 select the bus, 19:12 the device/function,
 * 11:0 the register. A function that does not exist (or any bus but 0) reads as all ones and
 * drops writes; registers past the function's configuration space (past 256 bytes for a
 * conventional function) likewise. Accesses are 1, 2 or 4 bytes, aligned to their size, as
 * QEMU's default ops allow. QEMU counterpart: {@code pcie_mmcfg_ops} with
 * {@code pcie_mmcfg_data_read}/{@code _write} (hw/pci/pcie_host.c).
 */
public final class PcieMmcfg {
    private static final long ALL_ONES = 0xffff_ffffL;

    private final PciBus bus;

    /** The window in front of {@code bus}. */
    public PcieMmcfg(PciBus bus) {
        this.bus = bus;
    }

    /** The window's ops. */
    public MemoryRegionOps ops() {
        return MemoryRegionOps.of(this::read, this::write, Endianness.LITTLE, AccessConstraints.DEFAULT,
                AccessConstraints.DEFAULT);
    }

    private PciFunction function(long offset) {
        return bus.find((int) (offset >>> 20) & 0x1ff, (int) (offset >>> 12) & 0xff);
    }

    private long read(long offset, int size) {
        PciFunction f = function(offset);
        if (f == null) {
            return ALL_ONES;
        }
        synchronized (bus) {
            return PciHost.readCommon(f, (int) (offset & 0xfff), f.configSize(), size);
        }
    }

    private void write(long offset, long value, int size) {
        PciFunction f = function(offset);
        if (f != null) {
            synchronized (bus) {
                PciHost.writeCommon(f, (int) (offset & 0xfff), f.configSize(), value, size);
            }
        }
    }
}
