/**
 * QEMU's PC machines as physmem region trees: {@link dev.physmem.models.x86.PcMachine} (i440FX,
 * PIIX3) and {@link dev.physmem.models.x86.Q35Machine} (MCH, ICH9), built from shared pieces
 * ({@link dev.physmem.models.x86.PcMemoryMap}, {@link dev.physmem.models.x86.Pam},
 * {@link dev.physmem.models.x86.Smram}, {@link dev.physmem.models.pci.PciBus}) in QEMU 7.2's
 * order, with the chipset registers that firmware programs (PAM, SMRAM, TSEG, PCIEXBAR, PM and
 * SMBus bases, BARs, bus mastering) as methods that change the tree in one transaction.
 * {@link dev.physmem.models.x86.MachineType} names them as {@code -M} does;
 * {@link dev.physmem.models.x86.StdVga} is QEMU's {@code -device VGA} on either.
 */
package dev.physmem.models.x86;
