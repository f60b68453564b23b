package dev.physmem.models.x86;

import dev.physmem.MemorySystem;
import dev.physmem.models.pci.PciBus;
import java.util.Optional;

/**
 * What {@link PcMachine} and {@link Q35Machine} answer the same way: the {@link PcBoard} both are
 * built on, and the {@link X86Machine} accessors that read it. The machines add their chipsets.
 */
abstract sealed class BoardMachine permits PcMachine, Q35Machine {
    final PcBoard board;

    BoardMachine(PcBoard board) {
        this.board = board;
    }

    /** The memory system the machine was built in. */
    public MemorySystem system() {
        return board.system;
    }

    /** The shared memory skeleton: roots, RAM, PCI space, BIOS. */
    public PcMemoryMap memoryMap() {
        return board.memory;
    }

    /** The CPU: APIC window, CPU and SMM address spaces. */
    public X86Cpu cpu() {
        return board.cpu;
    }

    /** The vapic helper and its writable ROM window. */
    public KvmVapic kvmvapic() {
        return board.vapic;
    }

    /** The PCI root bus and its functions. */
    public PciBus pciBus() {
        return board.pciBus;
    }

    /** The standard VGA, if the machine was built with one. */
    public Optional<StdVga> vga() {
        return Optional.ofNullable(board.vga);
    }

    /** The virtio network function, if the machine was built with one. */
    public Optional<VirtioNetPci> virtioNet() {
        return Optional.ofNullable(board.virtioNet);
    }
}
