package dev.physmem.models;

import dev.physmem.MemorySystem;
import dev.physmem.region.ContainerRegion;
import dev.physmem.region.IoRegion;
import dev.physmem.region.MemoryRegion;
import dev.physmem.region.Owner;
import dev.physmem.space.AddressSpace;

/**
 * The two roots every QEMU machine starts from, and their address spaces: {@code system} (a pure
 * container over the whole 64-bit space, address space {@code memory}) and {@code io} (64 KiB of
 * port I/O that answers unassigned ports itself, address space {@code I/O}), both ownerless
 * children of {@code /machine/unattached}. The address spaces are created in that order, first
 * of all, as QEMU creates them at startup. QEMU counterpart: {@code memory_map_init}
 * (softmmu/physmem.c).
 *
 * @param systemMemory the root of guest-physical memory ({@code system})
 * @param io the root of port I/O ({@code io})
 * @param memory the address space over {@code system} ({@code memory})
 * @param ioSpace the address space over {@code io} ({@code I/O})
 */
public record MemoryRoots(ContainerRegion systemMemory, IoRegion io, AddressSpace memory, AddressSpace ioSpace) {
    /** Size of the port I/O space. */
    public static final long IO_SIZE = 0x1_0000L;

    /** Creates both roots and their address spaces in {@code system}, in one transaction. */
    public static MemoryRoots create(MemorySystem system) {
        Owner machine = Owner.UNATTACHED;
        ContainerRegion systemMemory = system.initContainer(machine, "system", MemoryRegion.SIZE_2_64);
        IoRegion io = system.initIo(machine, UnassignedIo.INSTANCE, "io", IO_SIZE);
        try (var _ = system.transaction()) {
            return new MemoryRoots(systemMemory, io, system.addressSpace(systemMemory, "memory"),
                    system.addressSpace(io, "I/O"));
        }
    }
}
