package dev.physmem.models;

import dev.physmem.MemorySystem;
import dev.physmem.region.AliasRegion;
import dev.physmem.region.ContainerRegion;
import dev.physmem.region.IoRegion;
import dev.physmem.region.MemoryRegion;
import dev.physmem.region.Owner;
import dev.physmem.region.RamRegion;
import dev.physmem.space.AddressSpace;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The memory map of QEMU's {@code pc} machine (i440FX/PIIX3) at reset, assembled with the physmem
 * API the way QEMU assembles it: guest RAM split below and above 4 GiB through aliases, the PCI
 * address space under everything at priority -1, BIOS ROM with its ISA alias, the option ROM
 * area, the 13 PAM segments (each four aliases of which one is enabled), SMRAM and the SMM
 * address space, IOAPIC, HPET, APIC-MSI, the ISA port I/O devices, and a bus-master address space
 * per PCI function. Device regions are {@link RegisterFile}s.
 *
 * <p>Owners and QOM paths are those QEMU 7.2 gives {@code -M pc -m SIZE -nodefaults}, so that
 * {@code info mtree -o} of this model reads like QEMU's.
 */
public final class PcMachine {
    /** Default {@code max-ram-below-4g} of the pc machine: 3.5 GiB. */
    public static final long MAX_RAM_BELOW_4G = 0xe000_0000L;
    private static final long GIB = 1L << 30;
    private static final long FOUR_GIB = 4 * GIB;
    private static final long BIOS_SIZE = 256 * 1024;
    private static final long ISA_BIOS_SIZE = 128 * 1024;
    private static final long PAM_BIOS_BASE = 0xf_0000L;
    private static final long PAM_EXPAN_BASE = 0xc_0000L;
    private static final long PAM_EXPAN_SIZE = 0x4000L;
    private static final long SMRAM_BASE = 0xa_0000L;
    private static final long SMRAM_SIZE = 0x2_0000L;

    private static final Owner UNATTACHED = Owner.UNATTACHED;
    private static final Owner I440FX = Owner.devicePath("/machine/i440fx");
    private static final Owner I440FX_FUNC = dev(2);
    private static final Owner PIIX3 = dev(3);
    private static final Owner PIIX4_PM = dev(18);
    private static final Owner CPU = dev(0);

    private final MemorySystem system;
    private final long ramSize;
    private final long belowFourGig;
    private final long aboveFourGig;
    private final ContainerRegion systemMemory;
    private final IoRegion io;
    private final ContainerRegion pci;
    private final RamRegion ram;
    private final RamRegion bios;
    private final ContainerRegion smram;
    private final AliasRegion smramRegion;
    private final AliasRegion smramLow;
    private final List<PamSegment> pam = new ArrayList<>();
    private final List<AddressSpace> busMasters = new ArrayList<>();
    private final AddressSpace memory;
    private final AddressSpace ioSpace;
    private final AddressSpace smm;

    private PcMachine(MemorySystem system, long ramSize) {
        this.system = system;
        this.ramSize = ramSize;
        long lowmem = MAX_RAM_BELOW_4G;
        if (ramSize >= lowmem) {
            lowmem = Math.min(lowmem, 3 * GIB); // gigabyte alignment of current machine types
        }
        this.belowFourGig = Math.min(ramSize, lowmem);
        this.aboveFourGig = ramSize - belowFourGig;

        systemMemory = system.initContainer(UNATTACHED, "system", MemoryRegion.SIZE_2_64);
        io = system.initIo(UNATTACHED, UnassignedIo.INSTANCE, "io", 0x1_0000L);
        pci = system.initContainer(UNATTACHED, "pci", MemoryRegion.SIZE_2_64);
        ram = system.initRam(Owner.objectPath("/objects/pc.ram"), "pc.ram", ramSize);
        bios = system.initRom(UNATTACHED, "pc.bios", BIOS_SIZE);
        smram = system.initContainer(I440FX_FUNC, "smram", FOUR_GIB);
        smramRegion = system.initAlias(I440FX_FUNC, "smram-region", pci, SMRAM_BASE, SMRAM_SIZE);
        smramLow = system.initAlias(I440FX_FUNC, "smram-low", ram, SMRAM_BASE, SMRAM_SIZE);

        system.begin();
        try {
            memory = system.addressSpace(systemMemory, "memory");
            ioSpace = system.addressSpace(io, "I/O");
            mapRam();
            mapPciAndFirmware();
            mapChipset();
            mapPlatformDevices();
            mapIsaPorts();
            system.addressSpace(systemMemory, "cpu-memory-0");
            smm = system.addressSpace(smmMemory(), "cpu-smm-0");
            busMasters.add(busMaster("i440FX", I440FX_FUNC));
            busMasters.add(busMaster("PIIX3", PIIX3));
            busMasters.add(busMaster("piix3-ide", dev(17)));
            busMasters.add(busMaster("PIIX4_PM", PIIX4_PM));
        } finally {
            system.commit();
        }
    }

    /**
     * Builds the machine in {@code system} with {@code ramSize} bytes of RAM.
     *
     * @throws IllegalArgumentException if {@code ramSize} is not a positive multiple of 1 MiB
     */
    public static PcMachine build(MemorySystem system, long ramSize) {
        if (ramSize <= 0 || (ramSize & 0xf_ffffL) != 0) {
            throw new IllegalArgumentException("RAM size must be a positive multiple of 1 MiB: ramSize=" + ramSize);
        }
        return new PcMachine(system, ramSize);
    }

    private void mapRam() {
        systemMemory.addSubregion(0, system.initAlias(UNATTACHED, "ram-below-4g", ram, 0, belowFourGig));
        if (aboveFourGig > 0) {
            systemMemory.addSubregion(FOUR_GIB,
                    system.initAlias(UNATTACHED, "ram-above-4g", ram, belowFourGig, aboveFourGig));
        }
    }

    private void mapPciAndFirmware() {
        systemMemory.addSubregionOverlap(0, pci, -1);
        RamRegion optionRom = system.initRom(UNATTACHED, "pc.rom", 0x2_0000L);
        pci.addSubregionOverlap(PAM_EXPAN_BASE, optionRom, 1);
        AliasRegion isaBios = system.initAlias(UNATTACHED, "isa-bios", bios, BIOS_SIZE - ISA_BIOS_SIZE, ISA_BIOS_SIZE);
        pci.addSubregionOverlap(0x10_0000L - ISA_BIOS_SIZE, isaBios, 1);
        isaBios.setReadonly(true);
        pci.addSubregion(-BIOS_SIZE & 0xffff_ffffL, bios);
    }

    private void mapChipset() {
        systemMemory.addSubregionOverlap(SMRAM_BASE, smramRegion, 1);
        smramRegion.setEnabled(true);
        smram.addSubregion(SMRAM_BASE, smramLow);
        smram.setEnabled(false);
        pam.add(new PamSegment(PAM_BIOS_BASE, 0x1_0000L));
        for (int i = 0; i < 12; i++) {
            pam.add(new PamSegment(PAM_EXPAN_BASE + i * PAM_EXPAN_SIZE, PAM_EXPAN_SIZE));
        }
    }

    private void mapPlatformDevices() {
        systemMemory.addSubregion(0xfec0_0000L, device(Owner.devicePath("/machine/i440fx/ioapic"), "ioapic", 0x1000));
        systemMemory.addSubregion(0xfed0_0000L, device(dev(8), "hpet", 0x400));
        systemMemory.addSubregionOverlap(0xfee0_0000L,
                device(Owner.devicePath("/machine/unattached/device[0]/lapic"), "apic-msi", 0x10_0000), 4096);
    }

    private void mapIsaPorts() {
        port(0x00, dev(4), "dma-chan", 8);
        port(0x08, dev(4), "dma-cont", 8);
        port(0x20, dev(6), "pic", 2);
        port(0x40, dev(10), "pit", 4);
        port(0x60, dev(13), "i8042-data", 1);
        port(0x61, dev(11), "pcspk", 1);
        port(0x64, dev(13), "i8042-cmd", 1);
        IoRegion rtc = device(dev(9), "rtc", 2);
        rtc.addSubregion(0, device(dev(9), "rtc-index", 1));
        io.addSubregion(0x70, rtc);
        port(0x7e, dev(1), "kvmvapic", 2);
        port(0x80, UNATTACHED, "ioport80", 1);
        port(0x81, dev(4), "dma-page", 3);
        port(0x87, dev(4), "dma-page", 1);
        port(0x89, dev(5), "dma-page", 3);
        port(0x8f, dev(5), "dma-page", 1);
        port(0x92, dev(16), "port92", 1);
        port(0xa0, dev(7), "pic", 2);
        port(0xb2, PIIX4_PM, "apm-io", 2);
        port(0xc0, dev(5), "dma-chan", 16);
        port(0xd0, dev(5), "dma-cont", 16);
        port(0xf0, UNATTACHED, "ioportF0", 1);
        port(0x170, UNATTACHED, "ide", 8);
        port(0x1f0, UNATTACHED, "ide", 8);
        port(0x376, UNATTACHED, "ide", 1);
        port(0x3f1, dev(12), "fdc", 5);
        port(0x3f6, UNATTACHED, "ide", 1);
        port(0x3f7, dev(12), "fdc", 1);
        port(0x4d0, dev(6), "elcr", 1);
        port(0x4d1, dev(7), "elcr", 1);
        Owner fwcfg = Owner.devicePath("/machine/fw_cfg");
        port(0x510, fwcfg, "fwcfg", 2);
        port(0x514, fwcfg, "fwcfg.dma", 8);
        port(0xcf8, I440FX, "pci-conf-idx", 4);
        io.addSubregionOverlap(0xcf9, device(PIIX3, "piix3-reset-control", 1), 1);
        port(0xcfc, I440FX, "pci-conf-data", 4);
        port(0x5658, dev(14), "vmport", 1);
        port(0xae00, PIIX4_PM, "acpi-pci-hotplug", 0x18);
        port(0xaf00, PIIX4_PM, "acpi-cpu-hotplug", 0x20);
        port(0xafe0, PIIX4_PM, "acpi-gpe0", 4);
        port(0xb100, PIIX4_PM, "pm-smbus", 0x40);
        // The PM function is realized after the ISA devices, so at equal address and priority it
        // comes first in io's list, as QEMU prints it; disabled until firmware sets PMIOSE.
        ContainerRegion pm = system.initContainer(PIIX4_PM, "piix4-pm", 0x40);
        pm.addSubregion(0x0, device(PIIX4_PM, "acpi-evt", 4));
        pm.addSubregion(0x4, device(PIIX4_PM, "acpi-cnt", 2));
        pm.addSubregion(0x8, device(PIIX4_PM, "acpi-tmr", 4));
        io.addSubregion(0, pm);
        pm.setEnabled(false);
    }

    private ContainerRegion smmMemory() {
        ContainerRegion smmRoot = system.initContainer(CPU, "memory", MemoryRegion.SIZE_2_64);
        smmRoot.addSubregionOverlap(0, system.initAlias(CPU, "smram", smram, 0, FOUR_GIB), 1);
        smmRoot.addSubregionOverlap(0, system.initAlias(CPU, "memory", systemMemory, 0, MemoryRegion.SIZE_2_64), 0);
        return smmRoot;
    }

    private AddressSpace busMaster(String name, Owner owner) {
        ContainerRegion container = system.initContainer(owner, "bus master container", MemoryRegion.SIZE_2_64);
        AliasRegion alias = system.initAlias(owner, "bus master", systemMemory, 0, MemoryRegion.SIZE_2_64);
        container.addSubregion(0, alias);
        alias.setEnabled(false);
        return system.addressSpace(container, name);
    }

    private void port(long port, Owner owner, String name, int size) {
        io.addSubregion(port, device(owner, name, size));
    }

    private IoRegion device(Owner owner, String name, int size) {
        return system.initIo(owner, new RegisterFile(size), name, size);
    }

    private static Owner dev(int n) {
        return Owner.devicePath("/machine/unattached/device[" + n + "]");
    }

    /**
     * One PAM segment: four overlapping aliases at priority 1 of which one is enabled. QEMU
     * counterpart: {@code PAMMemoryRegion}.
     */
    public final class PamSegment {
        private final AliasRegion pciAlias;
        private final AliasRegion romAlias;
        private final AliasRegion ramPciAlias;
        private final AliasRegion ramAlias;
        private final long start;

        private PamSegment(long start, long size) {
            this.start = start;
            pciAlias = system.initAlias(I440FX, "pam-pci", pci, start, size);
            romAlias = system.initAlias(I440FX, "pam-rom", ram, start, size);
            romAlias.setReadonly(true);
            ramPciAlias = system.initAlias(I440FX, "pam-pci", ram, start, size);
            ramAlias = system.initAlias(I440FX, "pam-ram", ram, start, size);
            for (AliasRegion a : List.of(pciAlias, romAlias, ramPciAlias, ramAlias)) {
                a.setEnabled(false);
                systemMemory.addSubregionOverlap(start, a, 1);
            }
            pciAlias.setEnabled(true);
        }

        /** First guest-physical address of the segment. */
        public long start() {
            return start;
        }
    }

    /** The system memory container ({@code system}). */
    public ContainerRegion systemMemory() {
        return systemMemory;
    }

    /** The port I/O root ({@code io}). */
    public IoRegion io() {
        return io;
    }

    /** The PCI memory space ({@code pci}). */
    public ContainerRegion pci() {
        return pci;
    }

    /** Guest RAM ({@code pc.ram}). */
    public RamRegion ram() {
        return ram;
    }

    /** The BIOS ROM ({@code pc.bios}). */
    public RamRegion bios() {
        return bios;
    }

    /** The CPU's memory address space ({@code memory}). */
    public AddressSpace memory() {
        return memory;
    }

    /** The port I/O address space ({@code I/O}). */
    public AddressSpace ioSpace() {
        return ioSpace;
    }

    /** The CPU's SMM address space ({@code cpu-smm-0}). */
    public AddressSpace smm() {
        return smm;
    }

    /** The PAM segments, 0xf0000 first, then 0xc0000 upwards. */
    public List<PamSegment> pamSegments() {
        return Collections.unmodifiableList(pam);
    }

    /** Bus-master address spaces of the PCI functions. */
    public List<AddressSpace> busMasters() {
        return Collections.unmodifiableList(busMasters);
    }

    /** RAM size in bytes. */
    public long ramSize() {
        return ramSize;
    }

    /** RAM below 4 GiB, in bytes. */
    public long ramBelow4g() {
        return belowFourGig;
    }

    /** RAM above 4 GiB, in bytes. */
    public long ramAbove4g() {
        return aboveFourGig;
    }
}
