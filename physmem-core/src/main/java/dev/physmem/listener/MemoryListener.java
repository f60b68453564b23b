package dev.physmem.listener;

import dev.physmem.dirty.DirtyClient;
import dev.physmem.dispatch.MemoryRegionSection;
import dev.physmem.region.EventNotifier;
import java.util.Set;

/**
 * A consumer of one address space's topology: told what its flat view shows, and of every change
 * to it, section by section. QEMU counterpart: {@code MemoryListener}
 * ({@code include/exec/memory.h}).
 *
 * <h2>When callbacks fire</h2>
 * A listener is registered on one address space ({@link
 * dev.physmem.space.AddressSpace#registerListener}). It hears of a commit only if that commit
 * changed what the address space shows (its sections, the dirty-log clients of one, the romd
 * mode of a ROM device shown there, or the eventfds shown): a change in another address space costs it nothing. For such a commit, in this order:
 * <ol>
 *   <li>{@link #begin()};</li>
 *   <li>the deletion pass: {@link #regionDel} for every section that is gone or no longer shows
 *       the same thing (moved, resized, other flags, a ROM device that entered or left romd
 *       mode), in increasing address order;</li>
 *   <li>the addition pass, in increasing address order: {@link #regionAdd} for every new section,
 *       {@link #regionNop} for every section that stayed, followed for such a section by
 *       {@link #logStart} if clients started logging it and {@link #logStop} if clients
 *       stopped;</li>
 *   <li>the eventfd pass ({@link #eventfdDel}, {@link #eventfdAdd}; see below);</li>
 *   <li>{@link #commit()}.</li>
 * </ol>
 * A section that is added with logging on gets only {@code regionAdd}; its
 * {@link MemoryRegionSection#dirtyLog()} says who logs it (as in QEMU).
 *
 * <h2>Eventfds</h2>
 * After the region events of a commit come the changes to the eventfds the address space shows
 * (QEMU's {@code address_space_update_ioeventfds}), merged in eventfd order (address, size, data
 * rule, data): {@link #eventfdDel} for each that is gone, {@link #eventfdAdd} for each that is new.
 * A commit that changed only eventfds delivers them without {@code begin}/{@code commit}, as
 * QEMU does when only {@code ioeventfd_update_pending} is set.
 *
 * <h2>Order among listeners</h2>
 * Listeners of an address space are ordered by {@link #priority()}, ascending; equal priorities
 * in registration order. {@code begin}, {@code commit}, {@code regionAdd}, {@code regionNop},
 * {@code logStart}, {@code logGlobalStart} and {@code eventfdDel} go to them in that order
 * ("forward"); {@code regionDel}, {@code logStop}, {@code logGlobalStop} and {@code eventfdAdd} in
 * the opposite order ("reverse"). For sections and logging a higher-priority listener thus sees
 * additions last and removals first; for eventfds the directions are QEMU's, the other way round. Each
 * event goes to every listener before the next event is delivered.
 *
 * <h2>Registration</h2>
 * A listener registered on an address space first gets the current topology replayed:
 * {@link #logGlobalStart()} if global dirty logging is on, {@link #begin()}, then for each
 * section in increasing address order {@link #regionAdd} followed by {@link #logStart} (from no
 * clients to the section's) if the section is logged, then {@link #eventfdAdd} for every eventfd
 * shown, then {@link #commit()}. (QEMU 7.2 replays no eventfds; physmem does, so that a late
 * listener knows the same eventfds as an early one.) Unregistering is the mirror image:
 * {@code begin}, {@link #eventfdDel} for every eventfd, {@code logStop} and {@code regionDel} per
 * section, {@code commit}.
 *
 * <h2>Threads</h2>
 * Callbacks run on the thread that commits the change (or registers, or syncs), holding the
 * memory system's topology lock. A callback may read the region tree and access memory; it must
 * not change the topology. An exception thrown by a callback propagates to the committer after
 * the new view is published; the listeners after it miss that event.
 */
public interface MemoryListener {

    /**
     * The listener's place among the listeners of its address space: lower first for forward
     * callbacks. QEMU: {@code MemoryListener.priority}. Read once, at registration.
     */
    default int priority() {
        return 0;
    }

    /** A topology update starts. QEMU: {@code begin}. */
    default void begin() {
    }

    /** A topology update ends; every section event of it has been delivered. QEMU: {@code commit}. */
    default void commit() {
    }

    /** {@code section} appeared (or changed: it follows a {@link #regionDel} of the old one). QEMU: {@code region_add}. */
    default void regionAdd(MemoryRegionSection section) {
    }

    /** {@code section} is gone or changed; delivered before any addition of the same update. QEMU: {@code region_del}. */
    default void regionDel(MemoryRegionSection section) {
    }

    /** {@code section} is unchanged by an update that changed something else. QEMU: {@code region_nop}. */
    default void regionNop(MemoryRegionSection section) {
    }

    /**
     * Clients started logging writes to {@code section}: {@code newClients} has clients
     * {@code oldClients} had not. QEMU: {@code log_start}.
     */
    default void logStart(MemoryRegionSection section, Set<DirtyClient> oldClients, Set<DirtyClient> newClients) {
    }

    /**
     * Clients stopped logging writes to {@code section}: {@code oldClients} had clients
     * {@code newClients} has not. QEMU: {@code log_stop}.
     */
    default void logStop(MemoryRegionSection section, Set<DirtyClient> oldClients, Set<DirtyClient> newClients) {
    }

    /**
     * Copy whatever dirty information the listener holds for {@code section} (a section with
     * logging on) into the memory system's bitmaps, e.g. with
     * {@link dev.physmem.dirty.DirtyLog#setDirty}. Called by {@code syncDirtyBitmap}, by
     * {@code snapshotAndClearDirty} before it snapshots, and by global syncs. QEMU:
     * {@code log_sync}.
     */
    default void logSync(MemoryRegionSection section) {
    }

    /**
     * A guest write of {@code section.size()} bytes at {@code section.offsetWithinAddressSpace()}
     * (of device value {@code data}, if {@code matchData}) now signals {@code e}: an eventfd of
     * {@code section.region()} at its offset {@code section.offsetWithinRegion()} became visible in
     * the address space. Here {@code section.size()} is the eventfd's access width, 0 for any width
     * (not 2<sup>64</sup>). A listener that handles writes itself (a KVM-like accelerator) arms the
     * notifier; TCG-style dispatch does not need it. Delivered in reverse order, after the region
     * events of the same commit. QEMU: {@code eventfd_add}.
     */
    default void eventfdAdd(MemoryRegionSection section, boolean matchData, long data, EventNotifier e) {
    }

    /**
     * The eventfd {@link #eventfdAdd} reported with these arguments is no longer visible in the
     * address space. Delivered forward, after the region events of the same commit. QEMU:
     * {@code eventfd_del}.
     */
    default void eventfdDel(MemoryRegionSection section, boolean matchData, long data, EventNotifier e) {
    }

    /**
     * Writes to {@code size} bytes at absolute address {@code addr}, a part of {@code section},
     * may be batched: a coalesced range of the section's I/O region is shown there. Delivered
     * forward right after the {@link #regionAdd} of the section, and at once (outside any
     * begin/commit) when the region gets a coalesced range while shown. QEMU:
     * {@code coalesced_io_add}.
     */
    default void coalescedIoAdd(MemoryRegionSection section, long addr, long size) {
    }

    /**
     * The coalesced range {@link #coalescedIoAdd} reported is gone: delivered in reverse right
     * before the {@link #regionDel} of the section, and at once when the region's coalesced ranges
     * are cleared. QEMU: {@code coalesced_io_del}.
     */
    default void coalescedIoDel(MemoryRegionSection section, long addr, long size) {
    }

    /**
     * Global dirty logging (migration) started; delivered forward, before the commit that adds
     * MIGRATION to every RAM section's clients. QEMU: {@code log_global_start}.
     */
    default void logGlobalStart() {
    }

    /**
     * Global dirty logging stopped; delivered in reverse, after the commit that removes
     * MIGRATION. QEMU: {@code log_global_stop}.
     */
    default void logGlobalStop() {
    }
}
