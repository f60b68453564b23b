/**
 * Memory listeners: consumers told of every change to an address space's topology.
 *
 * <ul>
 *   <li>{@link dev.physmem.listener.MemoryListener}: the callbacks, with default no-op methods,
 *       and when and in which order each fires (QEMU's {@code MemoryListener}).</li>
 *   <li>{@link dev.physmem.listener.TopologyDiff}: the pure function from the old to the new
 *       sections of a view to ordered {@link dev.physmem.listener.TopologyEvent}s
 *       ({@code address_space_update_topology_pass}).</li>
 *   <li>{@link dev.physmem.listener.IoeventfdDiff}: the eventfds a view shows
 *       ({@link dev.physmem.listener.AddressSpaceIoeventfd}) and the events from one such list to
 *       the next ({@code address_space_update_ioeventfds}, {@code address_space_add_del_ioeventfds}).</li>
 *   <li>{@link dev.physmem.listener.AddressSpaceListeners}: one address space's listeners in
 *       priority order, registration replay, delivery forward and reverse, {@code log_sync}.</li>
 *   <li>{@link dev.physmem.listener.GlobalListenerCalls}: calls to every listener of every
 *       address space ({@code log_global_start}/{@code stop}).</li>
 * </ul>
 * Listeners register on an address space with
 * {@link dev.physmem.space.AddressSpace#registerListener}; the memory system updates them after
 * each outermost commit.
 */
package dev.physmem.listener;
