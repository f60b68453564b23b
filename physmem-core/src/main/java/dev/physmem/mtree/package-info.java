/**
 * QEMU's {@code info mtree} for physmem: {@link dev.physmem.mtree.MtreePrinter} prints a memory
 * system as QEMU 7.2 prints a machine (trees, flat views, owners, disabled regions, a dispatch dump),
 * and {@link dev.physmem.mtree.QemuMtreeImporter} rebuilds a memory system from a QEMU dump plus hints,
 * so that real machines' memory maps can be loaded, inspected and compared.
 *
 * <p>The formats are specified by {@code FORMAT.md}, {@code RENDER-RULES.md} and {@code HINTS.md}
 * next to the QEMU captures under {@code src/test/resources/qemu-7.2/}; the golden tests compare
 * both directions with those captures.
 */
package dev.physmem.mtree;
