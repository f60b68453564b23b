/**
 * The region tree: {@link dev.physmem.region.MemoryRegion} and its kinds (container, RAM/ROM,
 * ROM device, I/O, alias, RAM device), device callbacks ({@link dev.physmem.region.MemoryRegionOps})
 * with their size rules and byte order, and owners as {@code info mtree -o} prints them.
 */
package dev.physmem.region;
