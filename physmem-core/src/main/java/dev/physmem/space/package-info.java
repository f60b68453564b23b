/**
 * Address spaces and the access paths through them.
 *
 * <ul>
 *   <li>{@link dev.physmem.space.AddressSpace}: the public API, QEMU's {@code address_space_*}:
 *       {@code read/write/rw} over byte arrays and memory segments, and the ld/st family with a
 *       RAM fast path.</li>
 *   <li>{@link dev.physmem.space.MemTxResultHolder}: the caller-owned out-parameter through which
 *       the ld/st family reports outcomes without allocating.</li>
 *   <li>{@code ViewAccess}: walks a buffer access across one flat view, range by range
 *       ({@code flatview_read/write_continue}).</li>
 *   <li>{@code LoadStore}: the ld/st slow paths ({@code memory_ldst.c.inc}).</li>
 *   <li>{@code AccessSplitter}: the size arithmetic ({@code memory_access_size},
 *       {@code access_with_adjusted_size}).</li>
 *   <li>{@code IoDispatch}: one guest-sized access to a device
 *       ({@code memory_region_dispatch_read/write}, {@code memory_region_access_valid}).</li>
 *   <li>{@code AccessLayouts}, {@code IoScratch}: layout constants; per-thread device
 *       out-parameters.</li>
 * </ul>
 */
package dev.physmem.space;
