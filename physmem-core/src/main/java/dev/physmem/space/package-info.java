/**
 * Address spaces and the access paths through them.
 *
 * <ul>
 *   <li>{@link dev.physmem.space.AddressSpace}: the public API, QEMU's {@code address_space_*}:
 *       {@code read/write/rw} over byte arrays and memory segments, the ld/st family with a RAM
 *       fast path, {@code map}/{@code unmap} with map clients, and {@code cacheInit}.</li>
 *   <li>{@link dev.physmem.space.TypedAccess}: the ld/st family ({@code ldub} ... {@code stqBe}),
 *       written once over a sized {@code load}/{@code store} that both the address space and the
 *       cache implement.</li>
 *   <li>{@link dev.physmem.space.GuestMapping}: what {@code map} returns: a segment over guest RAM,
 *       or a bounce buffer ({@code address_space_map}'s pointer and {@code plen}).</li>
 *   <li>{@link dev.physmem.space.MemoryRegionCache}: a range resolved once for repeated accesses
 *       ({@code MemoryRegionCache} and the {@code _cached} family).</li>
 *   <li>{@link dev.physmem.space.MemTxResultHolder}: the caller-owned out-parameter through which
 *       the ld/st family reports outcomes without allocating.</li>
 *   <li>{@code ViewAccess}: walks a buffer access across one flat view, range by range
 *       ({@code flatview_read/write_continue}).</li>
 *   <li>{@code LoadStore}: the ld/st slow paths ({@code memory_ldst.c.inc}).</li>
 *   <li>{@code BounceBuffer}: an address space's one bounce buffer and its waiting map clients.</li>
 *   <li>{@code AccessSplitter}: the size arithmetic ({@code memory_access_size},
 *       {@code access_with_adjusted_size}).</li>
 *   <li>{@code IoDispatch}: one guest-sized access to a device
 *       ({@code memory_region_dispatch_read/write}, {@code memory_region_access_valid}).</li>
 *   <li>{@code AccessLayouts}, {@code IoScratch}: layout constants; per-thread device
 *       out-parameters.</li>
 * </ul>
 */
package dev.physmem.space;
