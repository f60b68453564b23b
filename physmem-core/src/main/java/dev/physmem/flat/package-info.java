/**
 * Rendering: {@link dev.physmem.flat.Renderer} turns a region tree into an immutable
 * {@link dev.physmem.flat.FlatView} of sorted, disjoint, merged {@link dev.physmem.flat.FlatRange}s.
 */
package dev.physmem.flat;
