package dev.physmem.models.pci;

import dev.physmem.region.MemoryRegion;

/**
 * An IOMMU in front of a PCI bus: the region each function's DMA reaches. QEMU counterpart:
 * {@code PCIIOMMUFunc} (the function {@code pci_setup_iommu} installs), which returns an
 * {@code AddressSpace} whose root the bus-master alias targets.
 */
@FunctionalInterface
public interface PciIommu {
    /**
     * The root of the DMA address space of function {@code devfn} on {@code bus}; called at
     * machine-done (in devfn order) and for each function plugged later. The same devfn gets the
     * same region every time.
     */
    MemoryRegion dmaRoot(PciBus bus, int devfn);
}
