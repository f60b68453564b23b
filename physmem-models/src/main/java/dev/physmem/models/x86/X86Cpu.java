package dev.physmem.models.x86;

import dev.physmem.MemorySystem;
import dev.physmem.models.Regions;
import dev.physmem.region.ContainerRegion;
import dev.physmem.region.MemoryRegion;
import dev.physmem.region.Owner;
import dev.physmem.space.AddressSpace;

/**
 * The machine's (single) CPU as the memory map sees it: its local APIC's MSI window
 * {@code apic-msi} at 0xfee00000 (priority 4096, above everything else), its memory address space
 * {@code cpu-memory-0}, and its SMM address space {@code cpu-smm-0}, whose root {@code memory}
 * overlays the chipset's {@code smram} (priority 1) on all of system memory. QEMU counterpart:
 * the APIC's {@code apic-msi} region mapped by {@code apic_realize}, {@code cpu_address_space_init}
 * and the SMM view built by {@code tcg_cpu_realizefn} and {@code tcg_cpu_machine_done}
 * (target/i386/tcg/sysemu/tcg-cpu.c).
 */
public final class X86Cpu {
    /** Guest-physical base of the local APIC / MSI window. */
    public static final long APIC_MSI_BASE = 0xfee0_0000L;
    /** Size of the local APIC / MSI window. */
    public static final long APIC_MSI_SIZE = 0x10_0000L;
    /** The APIC window's priority in system memory. */
    public static final int APIC_MSI_PRIORITY = 0x1000;

    private final MemorySystem system;
    private final PcMemoryMap memory;
    private final Owner owner;
    private final AddressSpace cpuMemory;
    private final ContainerRegion smmRoot;
    private final AddressSpace smm;

    X86Cpu(PcMemoryMap memory, Owner owner) {
        this.system = memory.system();
        this.memory = memory;
        this.owner = owner;
        try (var _ = system.transaction()) {
            memory.systemMemory().addSubregionOverlap(APIC_MSI_BASE,
                    Regions.registers(system, Regions.child(owner, "lapic"), "apic-msi", APIC_MSI_SIZE),
                    APIC_MSI_PRIORITY);
            cpuMemory = system.addressSpace(memory.systemMemory(), "cpu-memory-0");
            smmRoot = system.initContainer(owner, "memory", MemoryRegion.SIZE_2_64);
            smmRoot.addSubregionOverlap(0,
                    system.initAlias(owner, "memory", memory.systemMemory(), 0, MemoryRegion.SIZE_2_64), 0);
            smm = system.addressSpace(smmRoot, "cpu-smm-0");
        }
    }

    /** The CPU device that owns its regions. */
    public Owner owner() {
        return owner;
    }

    /** The CPU's view of memory outside SMM ({@code cpu-memory-0}). */
    public AddressSpace memory() {
        return cpuMemory;
    }

    /**
     * The CPU's view of memory in SMM ({@code cpu-smm-0}); it shows SMRAM once the machine is
     * done. Created with the CPU, as {@code tcg_cpu_realizefn} does.
     */
    public AddressSpace smm() {
        return smm;
    }

    /** Overlays {@code smram} on the SMM view. QEMU: {@code tcg_cpu_machine_done}. */
    void machineDone(MemoryRegion smram) {
        smmRoot.addSubregionOverlap(0, system.initAlias(owner, "smram", smram, 0, RamSplit.FOUR_GIB), 1);
    }
}
