package dev.physmem.space;

import dev.physmem.MemorySystem;
import dev.physmem.iommu.IommuMemoryRegion;
import dev.physmem.region.AccessConstraints;
import dev.physmem.region.ContainerRegion;
import dev.physmem.region.Endianness;
import dev.physmem.region.MemoryRegion;
import dev.physmem.region.RamRegion;
import dev.physmem.testing.PageTableIommu;
import java.nio.ByteOrder;

/**
 * The machine the IOMMU access tests share: {@code memory} has 64 KiB of RAM at 0 and a
 * recording device of 256 bytes at 0x100000; the bus space {@code pci} shows the IOMMU
 * {@code dmar} (page tables of the given page size) at 0, translating into {@code memory}.
 */
final class IommuBus {
    final MemorySystem sys = new MemorySystem();
    final ContainerRegion system = sys.initContainer(null, "system", MemoryRegion.SIZE_2_64);
    final RamRegion ram = sys.initRam(null, "ram", 0x10000);
    final RecordingDevice device = new RecordingDevice(0x100, Endianness.LITTLE, ByteOrder.LITTLE_ENDIAN,
            AccessConstraints.DEFAULT, AccessConstraints.DEFAULT).withPattern();
    final PageTableIommu tables;
    final IommuMemoryRegion dmar;
    final ContainerRegion bus = sys.initContainer(null, "bus", MemoryRegion.SIZE_2_64);
    final AddressSpace memory;
    final AddressSpace pci;

    IommuBus(long pageSize, int numIndexes) {
        tables = new PageTableIommu(pageSize, numIndexes);
        dmar = sys.initIommu(null, tables, "dmar", 1L << 32);
        system.addSubregion(0, ram);
        system.addSubregion(0x100000, sys.initIo(null, device, "dev", 0x100));
        memory = sys.addressSpace(system, "memory");
        tables.target(memory);
        bus.addSubregion(0, dmar);
        pci = sys.addressSpace(bus, "pci");
    }
}
