/**
 * PCI as the memory map sees it, shared by every machine: {@link dev.physmem.models.pci.PciBus}
 * (a root bus: where BARs decode, where DMA goes, machine-done), {@link dev.physmem.models.pci.PciFunction}
 * (its configuration space, BARs, command bits, the bus-master address space),
 * {@link dev.physmem.models.pci.PciConfigSpace} (bytes and write masks),
 * {@link dev.physmem.models.pci.PciHost} (configuration mechanism #1, ports 0xcf8/0xcfc),
 * {@link dev.physmem.models.pci.PcieMmcfg} (the MMCONFIG/ECAM window's accesses),
 * {@link dev.physmem.models.pci.PciIommu}
 * (an IOMMU in front of the bus's DMA) and {@link dev.physmem.models.pci.GpexHost} (QEMU's generic
 * PCIe host bridge, {@code gpex}, of the {@code virt} machines).
 */
package dev.physmem.models.pci;
