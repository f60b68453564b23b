/**
 * Dirty logging: which pages of guest RAM were written since a client last looked.
 *
 * <ul>
 *   <li>{@link dev.physmem.dirty.DirtyLog}: the API of one memory system ({@code setLog},
 *       {@code getDirty}, {@code setDirty}, {@code resetDirty}, {@code syncDirtyBitmap},
 *       {@code snapshotAndClearDirty}, global logging for migration).</li>
 *   <li>{@link dev.physmem.dirty.DirtyClient}: VGA, CODE, MIGRATION, each with its own bitmap.</li>
 *   <li>{@link dev.physmem.dirty.DirtySnapshot}: bits taken and cleared at once.</li>
 *   <li>{@link dev.physmem.dirty.RamDirtyMemory}: the per-client bitmaps over the ram address
 *       space ({@code ram_list.dirty_memory}), kept in step with the RAM blocks.</li>
 *   <li>{@link dev.physmem.dirty.RamDirtyLog}: one RAM region's logging state, its place in the
 *       ram address space, and the mark every RAM write path calls.</li>
 *   <li>{@code DirtyBitmap}: one client's bits in fixed-size blocks grown by array swap; a plain
 *       read before an atomic OR, so marking a dirty page costs no atomic operation.</li>
 * </ul>
 */
package dev.physmem.dirty;
