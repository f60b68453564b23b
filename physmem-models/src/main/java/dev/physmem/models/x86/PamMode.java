package dev.physmem.models.x86;

/**
 * Where a PAM segment sends reads and writes, as the two attribute bits of a PAM register nibble
 * encode it (bit 0 RE: reads from DRAM; bit 1 WE: writes to DRAM). The ordinal is the attribute
 * value. QEMU counterpart: the index into {@code PAMMemoryRegion.alias[]}, one alias per mode,
 * exactly one enabled.
 */
public enum PamMode {
    /** Reads and writes go to PCI, where the option and BIOS ROMs sit. Alias {@code pam-pci} onto {@code pci}. */
    DISABLED,
    /** Reads come from DRAM, writes go to PCI. QEMU maps a read-only alias {@code pam-rom} onto RAM. */
    READ_ONLY,
    /**
     * Writes go to DRAM, reads come from PCI. QEMU approximates this with an alias {@code pam-pci}
     * onto RAM, so reads return RAM too.
     */
    WRITE_ONLY,
    /** Reads and writes go to DRAM. Alias {@code pam-ram} onto RAM. */
    READ_WRITE;

    private static final PamMode[] BY_ATTRIBUTE = values();

    /** The two-bit attribute value of this mode in a PAM register nibble. */
    public int attribute() {
        return ordinal();
    }

    /**
     * The mode encoded by the low two bits of {@code nibble}; the upper bits are reserved and
     * ignored, as the chipsets ignore them.
     */
    public static PamMode ofAttribute(int nibble) {
        return BY_ATTRIBUTE[nibble & 0x3];
    }
}
