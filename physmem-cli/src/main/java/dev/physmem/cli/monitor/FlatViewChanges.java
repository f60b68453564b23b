package dev.physmem.cli.monitor;

import dev.physmem.MemorySystem;
import dev.physmem.flat.FlatView;
import dev.physmem.inspect.FlatViewDiff;
import dev.physmem.space.AddressSpace;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a change to the machine did to the guest's view: the flat view of every address space
 * before it, compared with the views after it. Address spaces whose changes are the same are
 * reported together, so that a PAM change shows once for {@code memory}, {@code cpu-memory-0} and
 * {@code cpu-smm-0} instead of three times.
 * {@snippet lang=text :
 * address-space: memory, cpu-memory-0, cpu-smm-0
 *   ~ 00000000000c0000-00000000000c3fff pc.rom (rom) -> pc.ram @00000000000c0000 (ram)
 * }
 *
 * <p>Flat views are immutable snapshots, so holding the old ones costs no copy.
 */
final class FlatViewChanges {
    private final MemorySystem system;
    private final Map<AddressSpace, FlatView> before = new IdentityHashMap<>();

    private FlatViewChanges(MemorySystem system) {
        this.system = system;
        for (AddressSpace as : system.addressSpaces()) {
            before.put(as, as.view());
        }
    }

    /** Remembers every address space's current view. */
    static FlatViewChanges snapshot(MemorySystem system) {
        return new FlatViewChanges(system);
    }

    /**
     * The changes since the snapshot, one block per group of address spaces with the same changes,
     * in the order of the first space of each group; {@code flat views unchanged} when there are
     * none. An address space created since the snapshot is compared with an empty view.
     */
    String report() {
        Map<List<FlatViewDiff.Change>, List<String>> groups = new LinkedHashMap<>();
        for (AddressSpace as : system.addressSpaces()) {
            List<FlatViewDiff.Change> changes =
                    FlatViewDiff.diff(before.getOrDefault(as, FlatView.empty()), as.view());
            if (!changes.isEmpty()) {
                groups.computeIfAbsent(changes, _ -> new ArrayList<>()).add(as.name());
            }
        }
        if (groups.isEmpty()) {
            return "flat views unchanged\n";
        }
        List<FlatViewDiff.SpaceDiff> diffs = new ArrayList<>();
        groups.forEach((changes, names) -> diffs.add(
                new FlatViewDiff.SpaceDiff(String.join(", ", names), FlatViewDiff.Presence.BOTH, changes)));
        return FlatViewDiff.format(diffs);
    }
}
