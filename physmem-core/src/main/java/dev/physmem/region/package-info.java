/**
 * The region tree: {@link dev.physmem.region.MemoryRegion} and its kinds (container, RAM/ROM,
 * ROM device, I/O, alias, RAM device), device callbacks ({@link dev.physmem.region.MemoryRegionOps})
 * with their size rules and byte order, owners as {@code info mtree -o} prints them, and the
 * guest writes a region turns into notifications ({@link dev.physmem.region.Ioeventfd},
 * {@link dev.physmem.region.EventNotifier}) or lets an accelerator batch
 * ({@link dev.physmem.region.CoalescedMemoryRange}).
 */
package dev.physmem.region;
