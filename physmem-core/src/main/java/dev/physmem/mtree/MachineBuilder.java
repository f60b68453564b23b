package dev.physmem.mtree;

import dev.physmem.MemorySystem;
import dev.physmem.host.AnonymousMemory;
import dev.physmem.region.MemoryRegion;
import dev.physmem.region.MemoryRegionOps;
import dev.physmem.region.Owner;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Builds a new {@link MemorySystem} from resolved {@link RegionPlan}s in one transaction: creates
 * every region (an alias after its target), sets its flags, maps the subregions so that the
 * subregion list comes out in the planned order, and creates the address spaces in creation order.
 *
 * <p>Subregion list order (RENDER-RULES.md §1): priority descending, then print order, except where a
 * {@code later} hint puts a region before a sibling it was added after. The core puts a newly added
 * region before its equal-priority siblings, so the children are added in reverse list order.
 */
final class MachineBuilder {
    /** The callbacks of imported I/O regions and ROM devices: a dump has no device behaviour. */
    private static final MemoryRegionOps INERT = MemoryRegionOps.of((offset, size) -> 0L, MachineBuilder::ignore);

    private final MemorySystem system = new MemorySystem();

    private MachineBuilder() {
    }

    private static void ignore(long offset, long value, int size) {
        // A write to a region whose device behaviour the dump does not carry.
    }

    /**
     * Builds the machine.
     *
     * @throws MtreeFormatException if the core rejects a region (e.g. RAM of 2<sup>64</sup> bytes) or the
     *     {@code later} hints contradict each other
     */
    static ImportedMachine build(List<RegionPlan> regions, List<AddressSpaceOrder.Entry> spaces,
            MtreeOptions.Accel accel) {
        MachineBuilder builder = new MachineBuilder();
        try (var tx = builder.system.transaction()) {
            for (RegionPlan region : regions) {
                builder.create(region);
            }
            for (RegionPlan region : regions) {
                builder.place(region);
            }
            for (AddressSpaceOrder.Entry space : spaces) {
                builder.system.addressSpace(space.root().built, space.name());
            }
        }
        return new ImportedMachine(builder.system, builder.system.addressSpaces(), accel);
    }

    private MemoryRegion create(RegionPlan plan) {
        if (plan.built != null) {
            return plan.built;
        }
        DumpLine line = plan.line();
        Owner owner = line.owner();
        String name = plan.name();
        long size = plan.size();
        try {
            plan.built = switch (plan.kind()) {
                case CONTAINER -> system.initContainer(owner, name, size);
                case IO -> system.initIo(owner, INERT, name, size);
                // Nomigrate: a dump shows neither device paths nor which regions QEMU registered,
                // and devices of one kind repeat region names that only their paths tell apart.
                case RAM -> system.initRamNomigrate(owner, name, size);
                case ROM -> system.initRomNomigrate(owner, name, size);
                case ROM_DEVICE -> system.initRomDeviceNomigrate(owner, INERT, name, size);
                case RAM_DEVICE -> system.initRamDevicePtr(owner, name, size,
                        size == 0 ? MemorySegment.NULL : AnonymousMemory.map(size));
                case ALIAS -> system.initAlias(owner, name, create(plan.target), line.alias().offset(), size);
            };
        } catch (MtreeFormatException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw line.error("expected a region physmem can build, but " + e.getMessage());
        }
        MemoryRegion built = plan.built;
        built.setNonvolatile(line.nonvolatile());
        built.setReadonly(plan.readonly());
        built.setEnabled(!line.disabled());
        return built;
    }

    /** Maps {@code plan}'s subregions; gives a region without a container the offset it printed. */
    private void place(RegionPlan plan) {
        if (plan.container == null && plan.addr() != 0) {
            plan.built.setAddress(plan.addr());
        }
        List<RegionPlan> order = subregionOrder(plan);
        for (RegionPlan child : order.reversed()) {
            if (child.priority() == 0) {
                plan.built.addSubregion(child.addr(), child.built);
            } else {
                plan.built.addSubregionOverlap(child.addr(), child.built, child.priority());
            }
        }
    }

    /** The subregion list of {@code plan}: priority descending, print order, then {@code later} hints. */
    private static List<RegionPlan> subregionOrder(RegionPlan plan) {
        List<RegionPlan> byPriority = new ArrayList<>(plan.children);
        byPriority.sort(Comparator.comparingInt(RegionPlan::priority).reversed());
        List<RegionPlan> order = new ArrayList<>(byPriority.size());
        int from = 0;
        while (from < byPriority.size()) {
            int to = from;
            while (to < byPriority.size() && byPriority.get(to).priority() == byPriority.get(from).priority()) {
                to++;
            }
            order.addAll(applyLater(byPriority.subList(from, to)));
            from = to;
        }
        return order;
    }

    /**
     * Orders siblings of equal priority so that each comes before the siblings it was added after,
     * otherwise keeping print order (the earliest printed ready region goes first).
     */
    private static List<RegionPlan> applyLater(List<RegionPlan> siblings) {
        if (siblings.stream().allMatch(s -> s.addedAfter.isEmpty())) {
            return siblings;
        }
        List<RegionPlan> pending = new ArrayList<>(siblings);
        List<RegionPlan> order = new ArrayList<>(siblings.size());
        while (!pending.isEmpty()) {
            RegionPlan next = pending.stream()
                    .filter(candidate -> pending.stream().noneMatch(p -> mustPrecede(p, candidate)))
                    .findFirst()
                    .orElse(null);
            if (next == null) {
                RegionPlan.Later later = pending.stream().flatMap(p -> p.addedAfter.stream()).findFirst().orElseThrow();
                throw new MtreeFormatException(MtreeFormatException.Source.HINTS, later.hintLine(), later.hintText(),
                        "expected later hints without a cycle among siblings");
            }
            pending.remove(next);
            order.add(next);
        }
        return order;
    }

    /** True when {@code a} was added after {@code b}, so {@code a} precedes {@code b} in the list. */
    private static boolean mustPrecede(RegionPlan a, RegionPlan b) {
        return a.addedAfter.stream().anyMatch(l -> l.sibling() == b);
    }
}
