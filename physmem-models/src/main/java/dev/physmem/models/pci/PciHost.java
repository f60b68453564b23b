package dev.physmem.models.pci;

import dev.physmem.region.AccessConstraints;
import dev.physmem.region.Endianness;
import dev.physmem.region.MemoryRegionOps;

/**
 * A PC host bridge's configuration mechanism #1 and the configuration cycles it starts on its
 * root bus. QEMU counterpart: {@code PCIHostState} with {@code pci_host_conf_le_ops},
 * {@code pci_host_data_le_ops}, {@code pci_data_read}/{@code pci_data_write} and
 * {@code pci_host_config_read_common}/{@code _write_common} (hw/pci/pci_host.c, hw/pci/pci.c).
 *
 * <h2>CONFIG_ADDRESS (port 0xcf8)</h2>
 * Only a 4-byte write at offset 0 stores the register; other writes are dropped. A read of any
 * size returns the register (the memory core keeps its low bytes), whatever the offset. Bit 31
 * enables configuration cycles, bits 23:16 select the bus, 15:8 the device/function, 7:0 the
 * register (bits 1:0 included).
 *
 * <h2>CONFIG_DATA (ports 0xcfc-0xcff)</h2>
 * With bit 31 clear, reads return all ones and writes are dropped. Otherwise the access goes to
 * register {@code (CONFIG_ADDRESS | offset) & 0xff} of the addressed function, clipped to the
 * 256-byte space; a function that does not exist (or any bus but 0) reads as all ones and drops
 * writes. Accesses are 1, 2 or 4 bytes, aligned to their size, as QEMU's default ops allow.
 *
 * <h2>Thread safety</h2>
 * CONFIG_ADDRESS is guarded by the instance; configuration cycles are serialised on the bus,
 * which MMCONFIG shares.
 */
public final class PciHost {
    /** CONFIG_ADDRESS's enable bit. */
    static final int CONFIG_ENABLE = 1 << 31;
    private static final long ALL_ONES = 0xffff_ffffL;

    private final PciBus bus;
    private int configAddress;

    /** Mechanism #1 in front of {@code bus}, CONFIG_ADDRESS 0. */
    public PciHost(PciBus bus) {
        this.bus = bus;
    }

    /** The CONFIG_ADDRESS register's ops. QEMU: {@code pci_host_conf_le_ops}. */
    public MemoryRegionOps addressOps() {
        return MemoryRegionOps.of(
                (offset, size) -> readAddress(),
                (offset, value, size) -> writeAddress(offset, value, size),
                Endianness.LITTLE, AccessConstraints.DEFAULT, AccessConstraints.DEFAULT);
    }

    /** The CONFIG_DATA register's ops. QEMU: {@code pci_host_data_le_ops}. */
    public MemoryRegionOps dataOps() {
        return MemoryRegionOps.of(this::readData, this::writeData,
                Endianness.LITTLE, AccessConstraints.DEFAULT, AccessConstraints.DEFAULT);
    }

    /** CONFIG_ADDRESS's value. */
    public synchronized int configAddress() {
        return configAddress;
    }

    private synchronized long readAddress() {
        return configAddress & ALL_ONES;
    }

    private synchronized void writeAddress(long offset, long value, int size) {
        if (offset == 0 && size == 4) {
            configAddress = (int) value;
        }
    }

    private synchronized long readData(long offset, int size) {
        if ((configAddress & CONFIG_ENABLE) == 0) {
            return ALL_ONES;
        }
        int address = configAddress | (int) (offset & 3);
        PciFunction f = bus.find((address >>> 16) & 0xff, (address >>> 8) & 0xff);
        if (f == null) {
            return ALL_ONES;
        }
        synchronized (bus) {
            return readCommon(f, address & 0xff, PciConfigSpace.CONVENTIONAL_SIZE, size);
        }
    }

    private synchronized void writeData(long offset, long value, int size) {
        if ((configAddress & CONFIG_ENABLE) == 0) {
            return;
        }
        int address = configAddress | (int) (offset & 3);
        PciFunction f = bus.find((address >>> 16) & 0xff, (address >>> 8) & 0xff);
        if (f != null) {
            synchronized (bus) {
                writeCommon(f, address & 0xff, PciConfigSpace.CONVENTIONAL_SIZE, value, size);
            }
        }
    }

    /**
     * A configuration read of {@code length} bytes at {@code offset} of {@code f}, through a
     * mechanism that reaches {@code limit} bytes: all ones at or past the limit (or past the
     * function's space), else the bytes up to the limit. QEMU: {@code pci_host_config_read_common}.
     */
    static long readCommon(PciFunction f, int offset, int limit, int length) {
        int end = Math.min(limit, f.configSize());
        if (offset >= end) {
            return ALL_ONES;
        }
        return f.configRead(offset, Math.min(length, end - offset));
    }

    /** A configuration write; dropped at or past the limit. QEMU: {@code pci_host_config_write_common}. */
    static void writeCommon(PciFunction f, int offset, int limit, long value, int length) {
        int end = Math.min(limit, f.configSize());
        if (offset >= end) {
            return;
        }
        f.configWrite(offset, value, Math.min(length, end - offset));
    }
}
