/**
 * PCI as the memory map sees it, shared by every machine: {@link dev.physmem.models.pci.PciBus}
 * (a root bus: where BARs decode, where DMA goes, machine-done), {@link dev.physmem.models.pci.PciFunction}
 * (BARs, command bits, the bus-master address space), {@link dev.physmem.models.pci.PciIommu}
 * (an IOMMU in front of the bus's DMA) and {@link dev.physmem.models.pci.GpexHost} (QEMU's generic
 * PCIe host bridge, {@code gpex}, of the {@code virt} machines).
 */
package dev.physmem.models.pci;
