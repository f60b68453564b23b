package dev.physmem.models.riscv;

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
 * QEMU's riscv64 {@code virt} machine as QEMU 7.2 builds it for {@code -M virt -m SIZE -nodefaults}:
 * one hart (in the hart array {@code /machine/soc0}, so it takes no unattached owner slot), the
 * ACLINT's software-interrupt and machine-timer devices (the CLINT), the PLIC, the SiFive test
 * device, the goldfish RTC, the 16550 UART, fw_cfg, 8 virtio-mmio transports, the flash pair, the
 * platform bus, the GPEX PCIe host with its ECAM, MMIO (low and high) and I/O windows, the mask
 * ROM and RAM at 2 GiB. Owners follow QEMU's QOM paths, so {@code info mtree -o} of the model
 * reads like QEMU's. QEMU counterpart: {@code virt_machine_init} and {@code virt_memmap}
 * (hw/riscv/virt.c), for the defaults ({@code aclint=off}, {@code aia=none}).
 *
 * {@snippet :
 * VirtMachine virt = VirtMachine.build(new MemorySystem(), 512L << 20);
 * virt.memory().stlLe(VirtMachine.RAM_BASE, 0x00000013);   // a NOP at the start of RAM
 * }
 *
 * <h2>Address spaces</h2>
 * In QEMU's creation order: {@code memory}, {@code I/O}, {@code cpu-memory-0},
 * {@code gpex-root}.
 *
 * <h2>Devices</h2>
 * Every device is plain registers ({@link dev.physmem.models.RegisterFile}); the mask ROM and the
 * flashes are real memory ({@link PflashCfi01}), and so is RAM. The ROM holds zeros: the reset
 * vector and device tree QEMU copies in at reset are not made.
 *
 * <h2>Thread safety</h2>
 * As for every writer of a {@link MemorySystem}: one thread at a time changes the machine; readers
 * of its address spaces need no lock.
 */
public final class VirtMachine extends VirtBoard {
    /** The mask ROM. */
    public static final long MROM_BASE = 0x1000;
    /** Its size. */
    public static final long MROM_SIZE = 0xf000;
    /** The SiFive test device (power off, reset). */
    public static final long TEST_BASE = 0x10_0000L;
    /** The goldfish RTC. */
    public static final long RTC_BASE = 0x10_1000L;
    /** The ACLINT software interrupts (MSWI). */
    public static final long ACLINT_SWI_BASE = 0x200_0000L;
    /** The ACLINT machine timer (MTIMER): {@code mtimecmp} and {@code mtime}. */
    public static final long ACLINT_MTIMER_BASE = 0x200_4000L;
    /** The PLIC. */
    public static final long PLIC_BASE = 0xc00_0000L;
    /** The PLIC's size for one hart's two contexts (M and S mode). */
    public static final long PLIC_SIZE = 0x60_0000L;
    /** The 16550 UART. */
    public static final long UART_BASE = 0x1000_0000L;
    /** The first virtio-mmio transport; the others follow every {@link #VIRTIO_STRIDE} bytes. */
    public static final long VIRTIO_BASE = 0x1000_1000L;
    /** Distance between virtio-mmio transports. */
    public static final long VIRTIO_STRIDE = 0x1000;
    /** How many virtio-mmio transports the board creates ({@code VIRTIO_COUNT}). */
    public static final int VIRTIO_TRANSPORTS = 8;
    /** fw_cfg's MMIO registers. */
    public static final long FW_CFG_BASE = 0x1010_0000L;
    /** The first flash bank; the second follows it. */
    public static final long FLASH_BASE = 0x2000_0000L;
    /** Size of each flash bank. */
    public static final long FLASH_SIZE = 0x200_0000L;
    /** The platform bus window. */
    public static final long PLATFORM_BUS_BASE = 0x400_0000L;
    /** Its size. */
    public static final long PLATFORM_BUS_SIZE = 0x200_0000L;
    /** Guest-physical base of RAM. */
    public static final long RAM_BASE = 0x8000_0000L;
    /** QEMU's default {@code -m} for the machine. */
    public static final long DEFAULT_RAM_SIZE = 128L << 20;
    /**
     * The most RAM for which QEMU keeps the high MMIO window where {@link #PCIE} puts it (RAM ends
     * at or below 16 GiB; above that {@code virt_machine_init} moves it, which the model does not).
     */
    public static final long MAX_RAM_SIZE = 14L << 30;
    /** Where the PCIe windows go: ECAM, 32-bit MMIO, high MMIO and the I/O window. */
    public static final GpexHost.Windows PCIE = new GpexHost.Windows(
            0x3000_0000L, GpexHost.ECAM_SIZE, 0x4000_0000L, 0x4000_0000L,
            0x4_0000_0000L, 0x4_0000_0000L, 0x300_0000L);

    private static final long TEST_SIZE = 0x1000;
    private static final long RTC_SIZE = 0x24;
    private static final long ACLINT_SWI_SIZE = 0x4000;
    private static final long ACLINT_MTIMER_SIZE = 0x8000;
    private static final long UART_SIZE = 8;

    private final RamRegion mrom;

    private VirtMachine(MemorySystem system, long ramSize) {
        RamRegion ram = MachineRam.create(system, "riscv_virt_board.ram", ramSize, MAX_RAM_SIZE);
        MemoryRoots roots = MemoryRoots.create(system);
        var sysmem = roots.systemMemory();
        AddressSpace cpuMemory = system.addressSpace(sysmem, "cpu-memory-0");
        UnattachedDevices devices = new UnattachedDevices();
        Regions.map(sysmem, ACLINT_SWI_BASE, devices.next(), "riscv.aclint.swi", ACLINT_SWI_SIZE);
        Regions.map(sysmem, ACLINT_MTIMER_BASE, devices.next(), "riscv.aclint.mtimer", ACLINT_MTIMER_SIZE);
        Regions.map(sysmem, PLIC_BASE, devices.next(), "riscv.sifive.plic", PLIC_SIZE);
        sysmem.addSubregion(RAM_BASE, ram);
        RamRegion mrom = system.initRom(Owner.UNATTACHED, "riscv_virt_board.mrom", MROM_SIZE);
        sysmem.addSubregion(MROM_BASE, mrom);
        FwCfg.mapMmio(sysmem, FW_CFG_BASE);
        Regions.map(sysmem, TEST_BASE, devices.next(), "riscv.sifive.test", TEST_SIZE);
        List<IoRegion> virtio = VirtioMmio.map(sysmem, VIRTIO_BASE, VIRTIO_STRIDE, VIRTIO_TRANSPORTS, devices);
        GpexHost pcie = new GpexHost(system, devices.next(), sysmem);
        pcie.map(sysmem, PCIE);
        PlatformBus.map(sysmem, PLATFORM_BUS_BASE, PLATFORM_BUS_SIZE, devices);
        IoRegion uart = Regions.map(sysmem, UART_BASE, devices.next(), "serial", UART_SIZE);
        Regions.map(sysmem, RTC_BASE, devices.next(), "goldfish_rtc", RTC_SIZE);
        List<PflashCfi01> flashes = PflashCfi01.mapVirtPair(sysmem, FLASH_BASE, FLASH_SIZE);
        pcie.bus().machineDone();
        super(roots, cpuMemory, ram, flashes, uart, virtio, pcie);
        this.mrom = mrom;
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

    /** The mask ROM ({@code riscv_virt_board.mrom}) at {@link #MROM_BASE}. */
    public RamRegion mrom() {
        return mrom;
    }
}
