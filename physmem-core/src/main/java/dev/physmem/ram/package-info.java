/**
 * RAM blocks: QEMU's bookkeeping of guest RAM ({@code RAMBlock}, {@code ram_list}), the ram
 * address space they are placed in, their migration-stable names (idstr) and
 * {@code info ramblock}.
 *
 * <h2>Two address spaces, two names</h2>
 * A <em>ram address</em> ({@code ram_addr_t} in QEMU) is a position in the ram address space:
 * every RAM, ROM, ROM-device and RAM-device region's memory gets a range there, independent of
 * where (or whether) the region is mapped. Dirty bitmaps and migration are indexed by it. It is
 * never a guest-physical address: parameters and accessors say {@code ramAddr}, never
 * {@code addr} or {@code offset}. An offset <em>within a block</em> is called
 * {@code offsetInBlock}.
 *
 * <h2>Contents</h2>
 * <ul>
 * <li>{@link dev.physmem.ram.RamBlock}: one region's memory in the ram address space.</li>
 * <li>{@link dev.physmem.ram.RamBlockList}: a memory system's blocks, placement, lookups and
 *     migration registration ({@code vmstate_register_ram}).</li>
 * <li>{@link dev.physmem.ram.RamBlockSpec}, {@link dev.physmem.ram.RamBlockFlag},
 *     {@link dev.physmem.ram.ResizeCallback}: what a region asks of its block.</li>
 * <li>{@link dev.physmem.ram.IdStr}: how a block's migration name is formed.</li>
 * <li>{@link dev.physmem.ram.RamBlockPrinter}: {@code info ramblock}.</li>
 * </ul>
 */
package dev.physmem.ram;
