package dev.physmem.listener;

import dev.physmem.dirty.DirtyClient;
import dev.physmem.dispatch.MemoryRegionSection;
import dev.physmem.flat.FlatRange;
import dev.physmem.flat.FlatView;
import dev.physmem.listener.TopologyEvent.Kind;
import dev.physmem.region.Ioeventfd;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The eventfds a flat view shows, and the events from one such list to the next: pure functions.
 * QEMU counterpart: {@code address_space_update_ioeventfds} and
 * {@code address_space_add_del_ioeventfds}.
 *
 * <p>A view shows an eventfd of a range's region wherever the eventfd's bytes, placed by the
 * range ({@code start - offsetInRegion + addr}), meet the range: a region shown through an alias
 * shows its eventfds at the alias's addresses, a region shown twice shows them twice, and an
 * eventfd wholly in a hidden part of its region is not shown. One that straddles two ranges of
 * its region is shown once per range, as in QEMU. A size-0 eventfd is shown where its address is.
 */
public final class IoeventfdDiff {
    private IoeventfdDiff() {
    }

    /** The eventfds {@code view} shows, in QEMU's order ({@link AddressSpaceIoeventfd#compareKeys}). */
    public static List<AddressSpaceIoeventfd> ioeventfdsOf(FlatView view) {
        List<AddressSpaceIoeventfd> out = null;
        for (FlatRange r : view.ranges()) {
            List<Ioeventfd> fds = r.region().ioeventfds();
            for (int i = 0; i < fds.size(); i++) {
                Ioeventfd fd = fds.get(i);
                if (meets(r, fd)) {
                    if (out == null) {
                        out = new ArrayList<>();
                    }
                    long start = r.start() - r.offsetInRegion() + fd.addr();
                    out.add(new AddressSpaceIoeventfd(new MemoryRegionSection(r.region(), fd.addr(), start,
                            fd.size(), false, false, false, DirtyClient.setOf(0)), fd));
                }
            }
        }
        if (out == null) {
            return List.of();
        }
        out.sort(AddressSpaceIoeventfd::compareKeys);
        return Collections.unmodifiableList(out);
    }

    /** QEMU's {@code addrrange_intersects(fr->addr, fd->addr)}, in the region's frame. */
    private static boolean meets(FlatRange r, Ioeventfd fd) {
        long first = r.offsetInRegion();
        boolean startInRange = Long.compareUnsigned(fd.addr() - first, r.size() - 1) <= 0;
        return startInRange || (fd.size() > 0 && Long.compareUnsigned(first - fd.addr(), fd.size() - 1) <= 0);
    }

    /**
     * The events from {@code olds} to {@code news} (both sorted as {@link #ioeventfdsOf} returns
     * them), merged in that order: {@code EVENTFD_DEL} for an eventfd only in {@code olds},
     * {@code EVENTFD_ADD} for one only in {@code news}. Among entries with equal keys (address,
     * size, data rule), which QEMU orders by notifier pointer, deletions come first.
     */
    public static List<TopologyEvent> diff(List<AddressSpaceIoeventfd> olds, List<AddressSpaceIoeventfd> news) {
        if (olds.isEmpty() && news.isEmpty()) {
            return List.of();
        }
        List<TopologyEvent> out = new ArrayList<>();
        int iold = 0;
        int inew = 0;
        while (iold < olds.size() || inew < news.size()) {
            int c = iold == olds.size() ? 1
                    : inew == news.size() ? -1
                    : AddressSpaceIoeventfd.compareKeys(olds.get(iold), news.get(inew));
            if (c < 0) {
                out.add(TopologyEvent.eventfd(Kind.EVENTFD_DEL, olds.get(iold++)));
            } else if (c > 0) {
                out.add(TopologyEvent.eventfd(Kind.EVENTFD_ADD, news.get(inew++)));
            } else {
                int oldEnd = groupEnd(olds, iold);
                int newEnd = groupEnd(news, inew);
                diffGroup(olds.subList(iold, oldEnd), news.subList(inew, newEnd), out);
                iold = oldEnd;
                inew = newEnd;
            }
        }
        return out;
    }

    private static int groupEnd(List<AddressSpaceIoeventfd> fds, int from) {
        int end = from + 1;
        while (end < fds.size() && AddressSpaceIoeventfd.compareKeys(fds.get(from), fds.get(end)) == 0) {
            end++;
        }
        return end;
    }

    /** Entries with equal keys: matched by notifier, each at most once. */
    private static void diffGroup(List<AddressSpaceIoeventfd> olds, List<AddressSpaceIoeventfd> news,
            List<TopologyEvent> out) {
        boolean[] matched = new boolean[news.size()];
        for (AddressSpaceIoeventfd o : olds) {
            int j = 0;
            while (j < news.size() && (matched[j] || !o.sameAs(news.get(j)))) {
                j++;
            }
            if (j == news.size()) {
                out.add(TopologyEvent.eventfd(Kind.EVENTFD_DEL, o));
            } else {
                matched[j] = true;
            }
        }
        for (int j = 0; j < news.size(); j++) {
            if (!matched[j]) {
                out.add(TopologyEvent.eventfd(Kind.EVENTFD_ADD, news.get(j)));
            }
        }
    }
}
