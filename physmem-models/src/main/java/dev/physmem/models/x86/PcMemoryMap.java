package dev.physmem.models.x86;

import dev.physmem.MemorySystem;
import dev.physmem.models.MemoryRoots;
import dev.physmem.region.AliasRegion;
import dev.physmem.region.ContainerRegion;
import dev.physmem.region.IoRegion;
import dev.physmem.region.MemoryRegion;
import dev.physmem.region.Owner;
import dev.physmem.region.RamRegion;
import dev.physmem.space.AddressSpace;

/**
 * The memory skeleton that {@code pc} and {@code q35} share: the {@code system} and {@code io}
 * roots with their address spaces, guest RAM ({@code pc.ram}) mapped through
 * {@code ram-below-4g} and {@code ram-above-4g}, the PCI memory space ({@code pci}) under all of
 * system memory at priority -1, the BIOS ROM at the top of 4 GiB with its last 128 KiB aliased
 * at {@code 0xe0000} ({@code isa-bios}), and the option ROM area {@code pc.rom} at
 * {@code 0xc0000}. QEMU counterpart: {@code memory_map_init}, {@code pc_memory_init},
 * {@code x86_bios_rom_init} and {@code pc_pci_as_mapping_init}.
 *
 * <p>Creates the address spaces {@code memory} and {@code I/O}, in that order, as QEMU does at
 * startup.
 */
public final class PcMemoryMap {
    /** Size of the BIOS image QEMU 7.2 loads by default ({@code bios-256k.bin}). */
    public static final long BIOS_SIZE = 256 * 1024;
    /** The part of the BIOS visible below 1 MiB. */
    public static final long ISA_BIOS_SIZE = 128 * 1024;
    /** Start of the option ROM area. */
    public static final long OPTION_ROM_BASE = 0xc_0000L;
    /** Size of the option ROM area ({@code pc.rom}). */
    public static final long OPTION_ROM_SIZE = 0x2_0000L;
    /** Size of the x86 port I/O space. */
    public static final long IO_SIZE = MemoryRoots.IO_SIZE;
    /** The owner QEMU gives {@code pc.ram}: the {@code -m} memory backend. */
    public static final Owner RAM_OWNER = Owner.objectPath("/objects/pc.ram");

    private final MemorySystem system;
    private final RamSplit split;
    private final ContainerRegion systemMemory;
    private final IoRegion io;
    private final ContainerRegion pci;
    private final RamRegion ram;
    private final RamRegion bios;
    private final RamRegion optionRom;
    private final AddressSpace memory;
    private final AddressSpace ioSpace;

    PcMemoryMap(MemorySystem system, RamSplit split) {
        this.system = system;
        this.split = split;
        Owner machine = Owner.UNATTACHED;
        MemoryRoots roots = MemoryRoots.create(system);
        systemMemory = roots.systemMemory();
        io = roots.io();
        memory = roots.memory();
        ioSpace = roots.ioSpace();
        pci = system.initContainer(machine, "pci", MemoryRegion.SIZE_2_64);
        ram = system.initRam(RAM_OWNER, "pc.ram", split.ramSize());
        bios = system.initRom(machine, "pc.bios", BIOS_SIZE);
        optionRom = system.initRom(machine, "pc.rom", OPTION_ROM_SIZE);
        try (var _ = system.transaction()) {
            mapRam(machine);
            mapFirmware(machine);
            systemMemory.addSubregionOverlap(0, pci, -1);
        }
    }

    private void mapRam(Owner machine) {
        systemMemory.addSubregion(0, system.initAlias(machine, "ram-below-4g", ram, 0, split.below4g()));
        if (split.above4g() > 0) {
            systemMemory.addSubregion(RamSplit.FOUR_GIB,
                    system.initAlias(machine, "ram-above-4g", ram, split.below4g(), split.above4g()));
        }
    }

    private void mapFirmware(Owner machine) {
        pci.addSubregion(RamSplit.FOUR_GIB - BIOS_SIZE, bios);
        AliasRegion isaBios = system.initAlias(machine, "isa-bios", bios, BIOS_SIZE - ISA_BIOS_SIZE, ISA_BIOS_SIZE);
        pci.addSubregionOverlap(0x10_0000L - ISA_BIOS_SIZE, isaBios, 1);
        isaBios.setReadonly(true);
        pci.addSubregionOverlap(OPTION_ROM_BASE, optionRom, 1);
    }

    /** The system this map was built in. */
    public MemorySystem system() {
        return system;
    }

    /** How RAM is split around 4 GiB. */
    public RamSplit split() {
        return split;
    }

    /** The root of guest-physical memory ({@code system}). */
    public ContainerRegion systemMemory() {
        return systemMemory;
    }

    /** The root of port I/O ({@code io}); it answers unassigned ports itself. */
    public IoRegion io() {
        return io;
    }

    /** The PCI memory space ({@code pci}), where BARs, ROMs and the BIOS live. */
    public ContainerRegion pci() {
        return pci;
    }

    /** Guest RAM ({@code pc.ram}). */
    public RamRegion ram() {
        return ram;
    }

    /** The BIOS ROM ({@code pc.bios}), mapped to end at 4 GiB. */
    public RamRegion bios() {
        return bios;
    }

    /** The option ROM area ({@code pc.rom}) at 0xc0000. */
    public RamRegion optionRom() {
        return optionRom;
    }

    /** The CPUs' memory address space ({@code memory}). */
    public AddressSpace memory() {
        return memory;
    }

    /** The port I/O address space ({@code I/O}). */
    public AddressSpace ioSpace() {
        return ioSpace;
    }
}
