package dev.physmem.models.arm;

import dev.physmem.MemorySystem;
import dev.physmem.models.FwCfg;
import dev.physmem.models.MachineRam;
import dev.physmem.models.MemoryRoots;
import dev.physmem.models.PflashCfi01;
import dev.physmem.models.PlatformBus;
import dev.physmem.models.Regions;
import dev.physmem.models.UnattachedDevices;
import dev.physmem.models.VirtBoard;
import dev.physmem.models.VirtioMmio;
import dev.physmem.models.pci.GpexHost;
import dev.physmem.region.IoRegion;
import dev.physmem.region.Owner;
import dev.physmem.region.RamRegion;
import dev.physmem.space.AddressSpace;
import java.util.List;

/**
 * QEMU's aarch64 {@code virt} machine as QEMU 7.2 builds it for
 * {@code -M virt -cpu cortex-a57 -m SIZE -nodefaults}: one CPU without EL3 (so no secure address
 * space), GICv2 with its MSI frame, the flash pair, PL011 UART, PL031 RTC, PL061 GPIO, fw_cfg,
 * 32 virtio-mmio transports, the platform bus, the GPEX PCIe host with its ECAM, MMIO (low and
 * high) and I/O windows, and RAM at 1 GiB. Owners follow QEMU's QOM paths, so
 * {@code info mtree -o} of the model reads like QEMU's. QEMU counterpart: {@code machvirt_init}
 * and {@code base_memmap} (hw/arm/virt.c), for the defaults ({@code highmem=on},
 * {@code highmem-ecam=on}, {@code gic-version=2}, no ACPI without firmware).
 *
 * {@snippet :
 * VirtMachine virt = VirtMachine.build(new MemorySystem(), 1L << 30);
 * virt.memory().stlLe(VirtMachine.RAM_BASE, 0xd503201f);   // a NOP at the start of RAM
 * }
 *
 * <h2>Address spaces</h2>
 * In QEMU's creation order: {@code memory}, {@code I/O}, {@code cpu-memory-0},
 * {@code gpex-root}.
 *
 * <h2>Devices</h2>
 * Every device is plain registers ({@link dev.physmem.models.RegisterFile}); the flashes are
 * real ROM devices ({@link PflashCfi01}) and RAM is real memory. The {@code gpio-key} device takes
 * an owner slot and maps nothing, as in QEMU.
 *
 * <h2>Thread safety</h2>
 * As for every writer of a {@link MemorySystem}: one thread at a time changes the machine; readers
 * of its address spaces need no lock.
 */
public final class VirtMachine extends VirtBoard {
    /** Size of each of the two flash banks ({@code VIRT_FLASH}); bank 0 is at 0. */
    public static final long FLASH_SIZE = 0x400_0000L;
    /** The GIC distributor. */
    public static final long GIC_DIST_BASE = 0x800_0000L;
    /** The GIC CPU interface. */
    public static final long GIC_CPU_BASE = 0x801_0000L;
    /** The GICv2m MSI frame. */
    public static final long GIC_V2M_BASE = 0x802_0000L;
    /** The PL011 UART. */
    public static final long UART_BASE = 0x900_0000L;
    /** The PL031 RTC. */
    public static final long RTC_BASE = 0x901_0000L;
    /** fw_cfg's MMIO registers. */
    public static final long FW_CFG_BASE = 0x902_0000L;
    /** The PL061 GPIO controller. */
    public static final long GPIO_BASE = 0x903_0000L;
    /** The first virtio-mmio transport; the others follow every {@link VirtioMmio#SIZE} bytes. */
    public static final long VIRTIO_BASE = 0xa00_0000L;
    /** How many virtio-mmio transports the board creates ({@code NUM_VIRTIO_TRANSPORTS}). */
    public static final int VIRTIO_TRANSPORTS = 32;
    /** The platform bus window. */
    public static final long PLATFORM_BUS_BASE = 0xc00_0000L;
    /** Its size. */
    public static final long PLATFORM_BUS_SIZE = 0x200_0000L;
    /** Guest-physical base of RAM. */
    public static final long RAM_BASE = 0x4000_0000L;
    /** QEMU's default {@code -m} for the machine. */
    public static final long DEFAULT_RAM_SIZE = 128L << 20;
    /**
     * The most RAM for which QEMU keeps the high PCIe windows where {@link #PCIE} puts them (RAM
     * ends at or below 256 GiB; above that {@code virt_set_memmap} moves them, which the model
     * does not).
     */
    public static final long MAX_RAM_SIZE = 255L << 30;
    /** Where the PCIe windows go: high ECAM, 32-bit MMIO, high MMIO and the I/O window. */
    public static final GpexHost.Windows PCIE = new GpexHost.Windows(
            0x40_1000_0000L, GpexHost.ECAM_SIZE, 0x1000_0000L, 0x2eff_0000L,
            0x80_0000_0000L, 0x80_0000_0000L, 0x3eff_0000L);

    private static final int GIC_DIST_SIZE = 0x1000;
    private static final int GIC_CPU_SIZE = 0x2000;
    private static final int PAGE = 0x1000;


    private VirtMachine(MemorySystem system, long ramSize) {
        RamRegion ram = MachineRam.create(system, "mach-virt.ram", ramSize, MAX_RAM_SIZE);
        MemoryRoots roots = MemoryRoots.create(system);
        var sysmem = roots.systemMemory();
        List<PflashCfi01> flashes = PflashCfi01.mapVirtPair(sysmem, 0, FLASH_SIZE);
        UnattachedDevices devices = new UnattachedDevices();
        devices.next(); // the CPU, which maps nothing in system memory
        AddressSpace cpuMemory = system.addressSpace(sysmem, "cpu-memory-0");
        sysmem.addSubregion(RAM_BASE, ram);
        Owner gic = devices.next();
        Regions.map(sysmem, GIC_DIST_BASE, gic, "gic_dist", GIC_DIST_SIZE);
        Regions.map(sysmem, GIC_CPU_BASE, gic, "gic_cpu", GIC_CPU_SIZE);
        Regions.map(sysmem, GIC_V2M_BASE, devices.next(), "gicv2m", PAGE);
        IoRegion uart = Regions.map(sysmem, UART_BASE, devices.next(), "pl011", PAGE);
        Regions.map(sysmem, RTC_BASE, devices.next(), "pl031", PAGE);
        GpexHost pcie = new GpexHost(system, devices.next(), sysmem);
        pcie.map(sysmem, PCIE);
        Regions.map(sysmem, GPIO_BASE, devices.next(), "pl061", PAGE);
        devices.next(); // gpio-key: the power button wired to the GPIO, no region of its own
        List<IoRegion> virtio = VirtioMmio.map(sysmem, VIRTIO_BASE, VirtioMmio.SIZE, VIRTIO_TRANSPORTS, devices);
        FwCfg.mapMmio(sysmem, FW_CFG_BASE);
        PlatformBus.map(sysmem, PLATFORM_BUS_BASE, PLATFORM_BUS_SIZE, devices);
        pcie.bus().machineDone();
        super(roots, cpuMemory, ram, flashes, uart, virtio, pcie);
    }

    /**
     * Builds the machine with {@code ramSize} bytes of RAM in {@code system}, in one transaction.
     *
     * @throws IllegalArgumentException if {@code ramSize} is not a positive multiple of 4 KiB up
     *     to {@link #MAX_RAM_SIZE}
     */
    public static VirtMachine build(MemorySystem system, long ramSize) {
        return buildInTransaction(system, s -> new VirtMachine(s, ramSize));
    }
}
