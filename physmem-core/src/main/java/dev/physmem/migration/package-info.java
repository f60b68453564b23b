/**
 * RAM migration: the stream that carries a machine's RAM blocks to another memory system built
 * like it, while the guest runs. QEMU counterpart: the RAM section of {@code migration/ram.c}
 * with the section framing of {@code migration/savevm.c}.
 *
 * <ul>
 *   <li>{@link dev.physmem.migration.RamStreamFormat}: the wire layout (header, section tags,
 *       {@code RAM_SAVE_FLAG_*}-style flags in the low bits of a 64-bit address word);
 *       docs/MIGRATION-FORMAT.md describes it and where it differs from QEMU's.</li>
 *   <li>{@link dev.physmem.migration.RamMigrationSender}: setup (global dirty logging, block
 *       list), iterate (sync, take MIGRATION bits, send dirty pages; the first pass sends all),
 *       complete (last pass with the guest stopped, end marker).</li>
 *   <li>{@link dev.physmem.migration.RamMigrationReceiver}: checks and loads a stream into the
 *       destination's blocks by idstr, resizing resizeable blocks.</li>
 *   <li>{@link dev.physmem.migration.MigrationStreamException}: a stream the receiver refuses,
 *       with the offset, what was expected and what was found.</li>
 *   <li>{@link dev.physmem.migration.MigrationPass}, {@link dev.physmem.migration.MigrationLoad}:
 *       what a pass sent and a load read.</li>
 * </ul>
 */
package dev.physmem.migration;
