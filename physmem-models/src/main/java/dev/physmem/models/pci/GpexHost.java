package dev.physmem.models.pci;

import dev.physmem.MemorySystem;
import dev.physmem.models.Regions;
import dev.physmem.models.UnassignedIo;
import dev.physmem.region.AliasRegion;
import dev.physmem.region.ContainerRegion;
import dev.physmem.region.IoRegion;
import dev.physmem.region.MemoryRegion;
import dev.physmem.region.Owner;

/**
 * QEMU's generic PCIe host bridge ({@code gpex}) of the {@code virt} machines, as the memory map
 * sees it. QEMU counterpart: {@code gpex_host_realize} (hw/pci-host/gpex.c) and the boards'
 * {@code create_pcie} / {@code gpex_pcie_init}.
 *
 * <h2>Regions, as QEMU names them</h2>
 * The device's three sysbus windows, none mapped by the device itself:
 * <ul>
 *   <li>{@code pcie-mmcfg-mmio}: the ECAM window, {@value #ECAM_SIZE} bytes of configuration
 *       space (plain registers here);</li>
 *   <li>{@code gpex_mmio_window}: the whole 64-bit PCI memory space, answering unassigned
 *       addresses itself, with the bus's memory space {@code gpex_mmio} (an empty container
 *       where BARs map) over all of it;</li>
 *   <li>{@code gpex_ioport_window}: {@value #PIO_SIZE} bytes of PCI I/O space answering
 *       unassigned ports, with the bus's I/O space {@code gpex_ioport} over it.</li>
 * </ul>
 * The root bus's first function is the host bridge itself, {@code gpex-root} at devfn 0, a child
 * {@code gpex_root} of the device; its bus-master address space is created with it.
 *
 * <h2>Mapping</h2>
 * {@link #map} places, in system memory, the alias {@code pcie-ecam} of the first part of the
 * ECAM window, the aliases {@code pcie-mmio} and {@code pcie-mmio-high} of the memory window at
 * the same addresses (a 1:1 view of those parts of PCI memory space), and the I/O window itself.
 */
public final class GpexHost {
    /** Size of the ECAM window: 256 buses of 1 MiB. QEMU: {@code PCIE_MMCFG_SIZE_MAX}. */
    public static final long ECAM_SIZE = 0x1000_0000L;
    /** Size of the PCI I/O space. */
    public static final long PIO_SIZE = 0x1_0000L;

    /**
     * Where a board places the bridge's windows in system memory.
     *
     * @param ecamBase guest-physical base of the ECAM alias
     * @param ecamSize its size (the first part of {@link #ECAM_SIZE} that is visible)
     * @param mmioBase base (in system memory and in PCI memory space) of the 32-bit MMIO window
     * @param mmioSize its size
     * @param highMmioBase base of the 64-bit MMIO window
     * @param highMmioSize its size; 0 for none
     * @param pioBase guest-physical base of the I/O window
     */
    public record Windows(long ecamBase, long ecamSize, long mmioBase, long mmioSize, long highMmioBase,
            long highMmioSize, long pioBase) {
        public Windows {
            if (ecamSize <= 0 || ecamSize > ECAM_SIZE || mmioSize <= 0 || highMmioSize < 0) {
                throw new IllegalArgumentException("window sizes out of range: ecamSize=0x" + Long.toHexString(ecamSize)
                        + " mmioSize=0x" + Long.toHexString(mmioSize) + " highMmioSize=0x"
                        + Long.toHexString(highMmioSize));
            }
        }
    }

    private final MemorySystem system;
    private final Owner owner;
    private final IoRegion ecam;
    private final IoRegion mmioWindow;
    private final ContainerRegion mmio;
    private final IoRegion ioWindow;
    private final ContainerRegion io;
    private final PciBus bus;
    private final PciFunction root;

    /**
     * Realizes the bridge owned by {@code owner}, whose functions' DMA reaches {@code dmaRoot}:
     * its windows, its root bus and the {@code gpex-root} function (with its address space).
     */
    public GpexHost(MemorySystem system, Owner owner, MemoryRegion dmaRoot) {
        this.system = system;
        this.owner = owner;
        try (var _ = system.transaction()) {
            ecam = Regions.registers(system, owner, "pcie-mmcfg-mmio", ECAM_SIZE);
            mmioWindow = system.initIo(owner, UnassignedIo.INSTANCE, "gpex_mmio_window", MemoryRegion.SIZE_2_64);
            mmio = system.initContainer(owner, "gpex_mmio", MemoryRegion.SIZE_2_64);
            mmioWindow.addSubregion(0, mmio);
            ioWindow = system.initIo(owner, UnassignedIo.INSTANCE, "gpex_ioport_window", PIO_SIZE);
            io = system.initContainer(owner, "gpex_ioport", PIO_SIZE);
            ioWindow.addSubregion(0, io);
            bus = new PciBus(system, mmio, io, dmaRoot);
            root = bus.addFunction("gpex-root", Regions.child(owner, "gpex_root"), 0);
        }
    }

    /** Maps the windows into {@code systemMemory} where {@code windows} says. */
    public void map(MemoryRegion systemMemory, Windows windows) {
        try (var _ = system.transaction()) {
            systemMemory.addSubregion(windows.ecamBase(),
                    system.initAlias(owner, "pcie-ecam", ecam, 0, windows.ecamSize()));
            systemMemory.addSubregion(windows.mmioBase(),
                    system.initAlias(owner, "pcie-mmio", mmioWindow, windows.mmioBase(), windows.mmioSize()));
            if (windows.highMmioSize() > 0) {
                AliasRegion high = system.initAlias(owner, "pcie-mmio-high", mmioWindow, windows.highMmioBase(),
                        windows.highMmioSize());
                systemMemory.addSubregion(windows.highMmioBase(), high);
            }
            systemMemory.addSubregion(windows.pioBase(), ioWindow);
        }
    }

    /** The device that owns the bridge's regions. */
    public Owner owner() {
        return owner;
    }

    /** The root bus: BARs map into {@code gpex_mmio} and {@code gpex_ioport}. */
    public PciBus bus() {
        return bus;
    }

    /** The host bridge's own function, {@code gpex-root} at devfn 0. */
    public PciFunction root() {
        return root;
    }

    /** The ECAM window ({@code pcie-mmcfg-mmio}). */
    public IoRegion ecam() {
        return ecam;
    }

    /** The PCI memory window ({@code gpex_mmio_window}). */
    public IoRegion mmioWindow() {
        return mmioWindow;
    }

    /** The PCI I/O window ({@code gpex_ioport_window}). */
    public IoRegion ioWindow() {
        return ioWindow;
    }
}
