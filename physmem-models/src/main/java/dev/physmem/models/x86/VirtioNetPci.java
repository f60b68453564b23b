package dev.physmem.models.x86;

import dev.physmem.MemorySystem;
import dev.physmem.models.Regions;
import dev.physmem.models.RegisterFile;
import dev.physmem.models.pci.PciBarSpace;
import dev.physmem.models.pci.PciBus;
import dev.physmem.models.pci.PciConfigSpace;
import dev.physmem.models.pci.PciFunction;
import dev.physmem.region.ContainerRegion;
import dev.physmem.region.Owner;
import dev.physmem.region.RamRegion;
import dev.physmem.space.AddressSpace;

/**
 * A modern-only virtio network function
 * ({@code -device virtio-net-pci,iommu_platform=on,ats=on,disable-legacy=on}) as far as the
 * memory map sees it: the MSI-X BAR, the modern memory BAR with its four capability windows, the
 * expansion ROM, and the bus-master address space {@code virtio-net-pci} through which its DMA
 * goes (behind the IOMMU when the machine has one). QEMU counterpart: {@code VirtIOPCIProxy}
 * ({@code virtio_pci_realize}, {@code virtio_pci_device_plugged},
 * {@code virtio_pci_modern_regions_init}; hw/virtio/virtio-pci.c) with {@code msix_init_exclusive_bar}.
 *
 * <h2>Regions, as QEMU names and places them</h2>
 * <ul>
 *   <li>BAR 1, {@code virtio-net-pci-msix} (4 KiB, a container): {@code msix-table} at
 *       0 (4 vectors of 16 bytes: 2 queues, control, config) and {@code msix-pba} at 0x800.
 *   <li>BAR 4, {@code virtio-pci} (16 KiB container, prefetchable, 64-bit: BAR 5 holds its high
 *       half; SeaBIOS places it below 4 GiB here): {@code virtio-pci-common-virtio-net},
 *       {@code -isr-}, {@code -device-} and {@code -notify-} at 0, 0x1000, 0x2000, 0x3000, 4 KiB
 *       each.
 *   <li>The expansion ROM {@code virtio-net-pci.rom}, 256 KiB (QEMU's {@code efi-virtio.rom}), RAM
 *       block {@code 0000:00:SS.F/virtio-net-pci.rom}.
 * </ul>
 *
 * <h2>Header</h2>
 * 1af4:1041 (modern virtio-net), revision 1, class 0x0200, interrupt pin A; a conventional
 * 256-byte space, as QEMU gives virtio on a root bus. Its capability list is not modelled.
 *
 * <h2>Not emulated</h2>
 * The virtio registers and queues (the capability windows are plain registers), MSI-X delivery,
 * the network backend, and the ROM's contents.
 */
public final class VirtioNetPci {
    /** The device's type name, which also names its bus-master address space. */
    public static final String TYPE_NAME = "virtio-net-pci";
    /** The MSI-X BAR ({@code msix_bar_idx}). */
    public static final int MSIX_BAR = 1;
    /** The modern memory BAR ({@code modern_mem_bar_idx}). */
    public static final int MODERN_BAR = 4;
    /** MSI-X vectors: {@code 2 * queue pairs + 2}. */
    public static final int VECTORS = 4;
    /** Size of one capability window ({@code virtio_pci_queue_mem_mult} 4 KiB). */
    public static final long CAP_SIZE = 0x1000;
    /** Size of the expansion ROM. */
    public static final long ROM_SIZE = 0x4_0000;
    /**
     * What the ROM leaves in the option ROM area once SeaBIOS ran it: iPXE moves itself out and
     * shrinks its header to 4 KiB (the x86_64-q35-intel-iommu running capture has the vapic ROM
     * one page further up than plain q35).
     */
    public static final long ROM_RUNTIME_SIZE = 0x1000;
    private static final String[] CAPS = {"common", "isr", "device", "notify"};
    private static final long MSIX_BAR_SIZE = 0x1000;
    private static final long MSIX_PBA_OFFSET = 0x800;

    private final PciFunction function;

    /**
     * Plugs the function as device {@code owner} into the first free slot of {@code bus}, in one
     * transaction.
     *
     * @throws IllegalArgumentException if the bus has no free slot or already a function of
     *     this name
     */
    public VirtioNetPci(PciBus bus, Owner owner) {
        MemorySystem system = bus.memorySpace().system();
        function = bus.addFunction(TYPE_NAME, owner);
        function.initHeader(0x1af4, 0x1041, 0x01, 0x02_0000, false);
        function.config().set(PciConfigSpace.INTERRUPT_PIN, 1, 1);
        system.ramBlocks().setDevicePath(owner, function.devPath());
        try (var _ = system.transaction()) {
            ContainerRegion modern = system.initContainer(owner, "virtio-pci", CAPS.length * CAP_SIZE);
            for (int i = 0; i < CAPS.length; i++) {
                Regions.map(modern, i * CAP_SIZE, owner, "virtio-pci-" + CAPS[i] + "-virtio-net", CAP_SIZE);
            }
            ContainerRegion msix = system.initContainer(owner, TYPE_NAME + "-msix", MSIX_BAR_SIZE);
            msix.addSubregion(0, system.initIo(owner, new RegisterFile(VECTORS * 16L), "msix-table", VECTORS * 16L));
            long pbaSize = (VECTORS + 63) / 64 * 8;
            msix.addSubregion(MSIX_PBA_OFFSET, system.initIo(owner, new RegisterFile(pbaSize), "msix-pba", pbaSize));
            function.registerBar(MSIX_BAR, PciBarSpace.MEMORY, msix);
            function.registerBar64(MODERN_BAR, PciBarSpace.MEMORY_PREFETCH, modern);
            RamRegion rom = system.initRom(owner, TYPE_NAME + ".rom", ROM_SIZE);
            function.registerRomBar(rom);
        }
    }

    /** The PCI function. */
    public PciFunction function() {
        return function;
    }

    /** The function's DMA address space. */
    public AddressSpace dma() {
        return function.busMasterAddressSpace();
    }
}
