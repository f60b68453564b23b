package dev.physmem.listener;

import dev.physmem.dispatch.MemoryRegionSection;
import dev.physmem.region.Ioeventfd;
import java.util.Objects;

/**
 * An eventfd as an address space shows it: its region's eventfd placed at an absolute address.
 * QEMU counterpart: an entry of {@code AddressSpace.ioeventfds} (a {@code MemoryRegionIoeventfd}
 * whose range {@code address_space_update_ioeventfds} shifted into address-space coordinates).
 *
 * <p>{@code section} is what listeners get: {@code region} the eventfd's region,
 * {@code offsetWithinRegion} the eventfd's {@link Ioeventfd#addr()},
 * {@code offsetWithinAddressSpace} its absolute address, and {@code size} its access width
 * (0 for any width, not 2<sup>64</sup>); no flags, no dirty logging.
 *
 * @param section where the eventfd is, as listeners are told
 * @param eventfd the region's eventfd
 */
public record AddressSpaceIoeventfd(MemoryRegionSection section, Ioeventfd eventfd) {

    public AddressSpaceIoeventfd {
        Objects.requireNonNull(section, "section");
        Objects.requireNonNull(eventfd, "eventfd");
    }

    /** The absolute address of the eventfd's first byte. */
    public long start() {
        return section.offsetWithinAddressSpace();
    }

    /**
     * QEMU's {@code memory_region_ioeventfd_before} without the notifier, on the absolute address:
     * negative if {@code a} sorts first.
     */
    static int compareKeys(AddressSpaceIoeventfd a, AddressSpaceIoeventfd b) {
        int c = Long.compareUnsigned(a.start(), b.start());
        return c != 0 ? c : Ioeventfd.compareShape(a.eventfd, b.eventfd);
    }

    /** Same address, size, data rule and notifier: QEMU's equality of two entries (the region aside). */
    boolean sameAs(AddressSpaceIoeventfd other) {
        return start() == other.start() && Ioeventfd.compareShape(eventfd, other.eventfd) == 0
                && eventfd.notifier().equals(other.eventfd.notifier());
    }
}
