package dev.physmem.models.x86;

import dev.physmem.MemorySystem;
import dev.physmem.models.pci.PciBus;
import dev.physmem.space.AddressSpace;
import java.util.Optional;

/**
 * A PC machine model: the memory and I/O address spaces QEMU's {@code pc} or {@code q35}
 * machine builds, with the chipset registers that firmware programs as methods. QEMU
 * counterpart: {@code PCMachineState}.
 *
 * <h2>Address spaces</h2>
 * In QEMU's creation order: {@code memory}, {@code I/O}, {@code cpu-memory-0},
 * {@code cpu-smm-0}, then one bus-master space per PCI function in bus order.
 *
 * <h2>Thread safety</h2>
 * As for every writer of a {@link MemorySystem}: one thread at a time programs the machine;
 * readers of its address spaces need no lock.
 */
public sealed interface X86Machine permits PcMachine, Q35Machine {

    /** The machine type's name as QEMU's {@code -M} spells it. */
    String typeName();

    /** The memory system the machine was built in. */
    MemorySystem system();

    /** The shared memory skeleton: roots, RAM, PCI space, BIOS. */
    PcMemoryMap memoryMap();

    /** The host bridge: PAM and SMRAM. */
    HostBridge hostBridge();

    /** The CPU: APIC window, CPU and SMM address spaces. */
    X86Cpu cpu();

    /** The vapic helper and its writable ROM window. */
    KvmVapic kvmvapic();

    /** The PCI root bus and its functions. */
    PciBus pciBus();

    /** The standard VGA, if the machine was built with one ({@link MachineBuilder#vga}). */
    Optional<StdVga> vga();

    /** The virtio network function, if the machine was built with one ({@link MachineBuilder#virtioNet}). */
    Optional<VirtioNetPci> virtioNet();

    /** How RAM is split around 4 GiB. */
    default RamSplit ramSplit() {
        return memoryMap().split();
    }

    /** The CPUs' memory address space ({@code memory}). */
    default AddressSpace memory() {
        return memoryMap().memory();
    }

    /** The port I/O address space ({@code I/O}). */
    default AddressSpace ioSpace() {
        return memoryMap().ioSpace();
    }

    /** The CPU's SMM address space ({@code cpu-smm-0}). */
    default AddressSpace smm() {
        return cpu().smm();
    }
}
