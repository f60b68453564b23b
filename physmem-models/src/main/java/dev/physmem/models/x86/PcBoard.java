package dev.physmem.models.x86;

import dev.physmem.MemorySystem;
import dev.physmem.models.FwCfg;
import dev.physmem.models.Regions;
import dev.physmem.models.UnattachedDevices;
import dev.physmem.models.pci.PciBus;
import dev.physmem.models.pci.PciHost;
import dev.physmem.region.Owner;

/**
 * What {@code pc} and {@code q35} build the same way, in the order QEMU builds it: the memory
 * skeleton, the CPU, the vapic helper, the PCI root bus, the host bridge's configuration ports,
 * the IOAPIC, the legacy devices and {@code fw_cfg}; and the machine-done step that creates the
 * SMM and bus-master address spaces. The machine builders call these steps and add their
 * chipsets in between. QEMU counterpart: {@code PCMachineState} and the steps that
 * {@code pc_init1} and {@code pc_q35_init} share.
 */
final class PcBoard {
    /** Guest-physical base of the IOAPIC. */
    static final long IOAPIC_BASE = 0xfec0_0000L;
    /** The PCI configuration address port. */
    static final int PCI_CONFIG_ADDRESS = 0xcf8;
    /** The PCI configuration data port. */
    static final int PCI_CONFIG_DATA = 0xcfc;
    /** The fw_cfg selector port; its DMA register is 4 ports above. */
    static final int FW_CFG_PORT = 0x510;

    final MemorySystem system;
    final PcMemoryMap memory;
    final UnattachedDevices devices = new UnattachedDevices();
    final X86Cpu cpu;
    final KvmVapic vapic;
    final PciBus pciBus;

    private final Devices requested;
    private int anonymousDevices;
    /** The Intel IOMMU, once {@link #addDevices} made it (if it was asked for). */
    IntelIommu intelIommu;
    /** The standard VGA, once {@link #addDevices} made it (if it was asked for). */
    StdVga vga;
    /** The virtio network function, once {@link #addDevices} made it (if it was asked for). */
    VirtioNetPci virtioNet;
    /** fw_cfg's ACPI blobs, made at machine-done; held here so that their RAM blocks stay listed. */
    AcpiRomBlobs acpiBlobs;

    /**
     * The {@code -device} options a machine is built with, in QEMU's command-line order.
     *
     * @param intelIommu {@code -device intel-iommu,intremap=on,device-iotlb=on} (q35 only)
     * @param iommuAwBits its {@code aw-bits}
     * @param iommuCachingMode its {@code caching-mode}
     * @param vga {@code -device VGA}
     * @param virtioNet {@code -device virtio-net-pci,iommu_platform=on,ats=on,disable-legacy=on}
     */
    record Devices(boolean intelIommu, int iommuAwBits, boolean iommuCachingMode, boolean vga, boolean virtioNet) {
    }

    PcBoard(MemorySystem system, RamSplit split, Devices requested) {
        this.system = system;
        this.requested = requested;
        memory = new PcMemoryMap(system, split);
        cpu = new X86Cpu(memory, devices.next());
        vapic = new KvmVapic(memory, devices.next());
        pciBus = new PciBus(system, memory.pci(), memory.io(), memory.systemMemory());
    }

    /** The host bridge's configuration mechanism #1 ports. QEMU: {@code pci_host_conf_le_ops} and {@code pci_host_data_le_ops}. */
    void addPciConfigPorts(Owner host) {
        PciHost pciHost = new PciHost(pciBus);
        memory.io().addSubregion(PCI_CONFIG_ADDRESS, system.initIo(host, pciHost.addressOps(), "pci-conf-idx", 4));
        memory.io().addSubregion(PCI_CONFIG_DATA, system.initIo(host, pciHost.dataOps(), "pci-conf-data", 4));
    }

    /** The IOAPIC, a child {@code ioapic} of {@code host}. QEMU: {@code ioapic_init_gsi}. */
    void addIoapic(Owner host) {
        Regions.map(memory.systemMemory(), IOAPIC_BASE, Regions.child(host, "ioapic"), "ioapic", 0x1000);
    }

    /** The legacy devices, with or without a floppy controller. */
    void addLegacyDevices(boolean floppy) {
        LegacyDevices.create(memory, devices, floppy);
    }

    /** The firmware configuration device's ports. QEMU: {@code fw_cfg_io_realize}. */
    void addFwCfg() {
        FwCfg.mapPorts(memory.io(), FW_CFG_PORT);
    }

    /**
     * The devices of the command line's {@code -device} options, which QEMU creates after the
     * board and before machine-done, each {@code /machine/peripheral-anon/device[N]} in turn:
     * the Intel IOMMU, a standard VGA and a virtio network function (the PCI ones in the root
     * bus's first free slots), those the builder asked for.
     */
    void addDevices() {
        if (requested.intelIommu()) {
            intelIommu = new IntelIommu(pciBus, nextAnonymousDevice(), memory.systemMemory(), memory.memory(),
                    requested.iommuAwBits(), requested.iommuCachingMode());
        }
        if (requested.vga()) {
            vga = new StdVga(pciBus, nextAnonymousDevice());
        }
        if (requested.virtioNet()) {
            virtioNet = new VirtioNetPci(pciBus, nextAnonymousDevice());
        }
    }

    private Owner nextAnonymousDevice() {
        return Owner.devicePath("/machine/peripheral-anon/device[" + anonymousDevices++ + "]");
    }

    /**
     * Creates the SMM address space over {@code smram}, then the bus-master address spaces, then
     * fw_cfg's ACPI blobs (after every device's RAM, as {@code pc_machine_done} calls
     * {@code acpi_setup}). QEMU: the machine-done notifiers.
     */
    void machineDone(Smram smram) {
        cpu.machineDone(smram.region());
        pciBus.machineDone();
        acpiBlobs = new AcpiRomBlobs(system);
    }
}
