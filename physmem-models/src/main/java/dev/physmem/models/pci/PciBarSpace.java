package dev.physmem.models.pci;

/**
 * Which bus address space a PCI BAR decodes in, and which command register bit turns its
 * decoding on. QEMU counterpart: {@code PCI_BASE_ADDRESS_SPACE_IO} / {@code _MEMORY} of
 * {@code pci_register_bar}. A function's expansion ROM ({@link PciFunction#ROM_SLOT}) decodes
 * in {@link #MEMORY}.
 */
public enum PciBarSpace {
    /** Port I/O; decoded while {@code PCI_COMMAND_IO} is set. */
    IO,
    /** Memory; decoded while {@code PCI_COMMAND_MEMORY} is set. */
    MEMORY,
    /**
     * Prefetchable memory ({@code PCI_BASE_ADDRESS_MEM_PREFETCH}); decoded like {@link #MEMORY},
     * but firmware places it in its own window.
     */
    MEMORY_PREFETCH;

    /** Whether the BAR decodes in the bus's memory space (and follows {@code PCI_COMMAND_MEMORY}). */
    public boolean isMemory() {
        return this != IO;
    }
}
