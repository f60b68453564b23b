package dev.physmem.models.x86;

import dev.physmem.models.pci.PciFunction;

/**
 * The chipset registers of a PC host bridge that firmware programs and that change the memory
 * map: the PAM segments and SMRAM. QEMU counterpart: what {@code PCII440FXState} and
 * {@code MCHPCIState} have in common.
 *
 * <p>Every operation changes the region tree inside one transaction.
 */
public sealed interface HostBridge permits I440fx, Mch {

    /** The PAM segments and registers. */
    Pam pam();

    /** The SMRAM control. */
    Smram smram();

    /** The bridge's PCI function (00.0). */
    PciFunction function();

    /**
     * Sets PAM segment {@code segment} (0 = 0xf0000, 1..12 = 0xc0000 upwards) to {@code mode}.
     *
     * @throws IllegalArgumentException if {@code segment} is not in [0, 13)
     */
    default void setPam(int segment, PamMode mode) {
        pam().set(segment, mode);
    }

    /** The mode of PAM segment {@code segment}. */
    default PamMode pamMode(int segment) {
        return pam().mode(segment);
    }
}
