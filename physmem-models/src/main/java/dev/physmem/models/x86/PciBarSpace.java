package dev.physmem.models.x86;

/**
 * Which bus address space a PCI BAR decodes in, and which command register bit turns its
 * decoding on. QEMU counterpart: {@code PCI_BASE_ADDRESS_SPACE_IO} / {@code _MEMORY} of
 * {@code pci_register_bar}.
 */
public enum PciBarSpace {
    /** Port I/O; decoded while {@code PCI_COMMAND_IO} is set. */
    IO,
    /** Memory; decoded while {@code PCI_COMMAND_MEMORY} is set. */
    MEMORY
}
