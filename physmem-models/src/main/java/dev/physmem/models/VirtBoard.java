package dev.physmem.models;

import dev.physmem.MemorySystem;
import dev.physmem.models.pci.GpexHost;
import dev.physmem.region.IoRegion;
import dev.physmem.region.RamRegion;
import dev.physmem.space.AddressSpace;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * What QEMU's {@code virt} machines (aarch64 and riscv64) have alike and answer the same way:
 * the roots, one CPU's address space, main RAM, the flash pair, a UART, the virtio-mmio
 * transports and the GPEX PCIe host. The machines build these in their own order and add their
 * interrupt controllers and other devices. QEMU counterpart: the fields the two boards'
 * {@code VirtMachineState}s share.
 *
 * <h2>Thread safety</h2>
 * As for every writer of a {@link MemorySystem}: one thread at a time changes the machine; readers
 * of its address spaces need no lock.
 */
public abstract class VirtBoard {
    private final MemoryRoots roots;
    private final AddressSpace cpuMemory;
    private final RamRegion ram;
    private final List<PflashCfi01> flashes;
    private final IoRegion uart;
    private final List<IoRegion> virtioTransports;
    private final GpexHost pcie;

    /** The board over the pieces its machine built. */
    protected VirtBoard(MemoryRoots roots, AddressSpace cpuMemory, RamRegion ram, List<PflashCfi01> flashes,
            IoRegion uart, List<IoRegion> virtioTransports, GpexHost pcie) {
        this.roots = Objects.requireNonNull(roots, "roots");
        this.cpuMemory = Objects.requireNonNull(cpuMemory, "cpuMemory");
        this.ram = Objects.requireNonNull(ram, "ram");
        this.flashes = List.copyOf(flashes);
        this.uart = Objects.requireNonNull(uart, "uart");
        this.virtioTransports = List.copyOf(virtioTransports);
        this.pcie = Objects.requireNonNull(pcie, "pcie");
    }

    /** Runs a machine's constructor on {@code system} inside one transaction and returns the machine. */
    protected static <M extends VirtBoard> M buildInTransaction(MemorySystem system, Function<MemorySystem, M> make) {
        Objects.requireNonNull(system, "system");
        try (var _ = system.transaction()) {
            return make.apply(system);
        }
    }

    /** The machine type's name as QEMU's {@code -M} spells it. */
    public String typeName() {
        return "virt";
    }

    /** The memory system the machine was built in. */
    public MemorySystem system() {
        return roots.systemMemory().system();
    }

    /** The {@code system} and {@code io} roots. */
    public MemoryRoots roots() {
        return roots;
    }

    /** The board's memory address space ({@code memory}). */
    public AddressSpace memory() {
        return roots.memory();
    }

    /** The CPU's view of memory ({@code cpu-memory-0}). */
    public AddressSpace cpuMemory() {
        return cpuMemory;
    }

    /** Guest RAM. */
    public RamRegion ram() {
        return ram;
    }

    /** The two flash banks, {@code virt.flash0} and {@code virt.flash1} above it. */
    public List<PflashCfi01> flashes() {
        return flashes;
    }

    /** The UART's registers. */
    public IoRegion uart() {
        return uart;
    }

    /** The virtio-mmio transports in address order. */
    public List<IoRegion> virtioTransports() {
        return virtioTransports;
    }

    /** The PCIe host bridge. */
    public GpexHost pcie() {
        return pcie;
    }
}
