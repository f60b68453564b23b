package dev.physmem.mtree;

import dev.physmem.region.MemoryRegion;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything the importer knows about one region of the dump before it builds it: the facts printed
 * on its first line, its place in the tree, and what the hints add (RENDER-RULES.md §1).
 *
 * <p>Frames of reference: {@link #addr()} is the offset within the container (or, for a region with
 * no container, the offset QEMU kept and prints as its block's START); sizes are byte counts with
 * {@link MemoryRegion#SIZE_2_64} for 2<sup>64</sup>.
 */
final class RegionPlan {

    /** The region kinds the importer builds. */
    enum Kind {
        /** {@code i/o} with subregions and no {@code handlers} hint, or a {@code container} hint. */
        CONTAINER,
        /** {@code i/o} leaf, or {@code i/o} with a {@code handlers} hint: callbacks that read 0. */
        IO,
        /** {@code ram}. */
        RAM,
        /** {@code rom}: RAM with the read-only flag. */
        ROM,
        /** {@code romd}: a ROM device in romd mode. */
        ROM_DEVICE,
        /** {@code ramd}. */
        RAM_DEVICE,
        /** A line with an {@code alias} body. */
        ALIAS
    }

    /** The first line that prints the region, in print order. */
    final DumpNode first;
    final List<RegionPlan> children = new ArrayList<>();
    RegionPlan container;

    // Hints (HINTS.md).
    boolean readonlyHint;
    boolean size0Hint;
    boolean containerHint;
    boolean handlersHint;
    /** Siblings this region was added after, so it precedes them in the subregion list ({@code later}). */
    final List<Later> addedAfter = new ArrayList<>();
    /** The alias target a {@code target} hint names, or null. */
    RegionPlan targetHint;

    /** The resolved alias target, for {@link Kind#ALIAS}. */
    RegionPlan target;
    /** The region built from this plan. */
    MemoryRegion built;

    /**
     * A {@code later} hint: this region was added after {@code sibling}.
     *
     * @param sibling the region added earlier
     * @param hintLine the hint's line number, for errors
     * @param hintText the hint's text, for errors
     */
    record Later(RegionPlan sibling, int hintLine, String hintText) {
    }

    RegionPlan(DumpNode first) {
        this.first = first;
    }

    DumpLine line() {
        return first.line;
    }

    String name() {
        return first.line.name();
    }

    long addr() {
        return first.addr();
    }

    int priority() {
        return first.line.priority();
    }

    boolean isAlias() {
        return first.line.alias() != null;
    }

    /**
     * The size: {@code END - START + 1}, except that {@code END == START} is 1 byte unless a
     * {@code size0} hint says 0, and a span of 2<sup>64</sup>−1 is {@link MemoryRegion#SIZE_2_64}.
     */
    long size() {
        long span = first.line.span();
        if (span == 0) {
            return size0Hint ? 0 : 1;
        }
        return span == -1L ? MemoryRegion.SIZE_2_64 : span + 1;
    }

    /** The kind to build, from the TYPE, the alias body, the subregions and the hints. */
    Kind kind() {
        if (isAlias()) {
            return Kind.ALIAS;
        }
        return switch (first.line.type()) {
            case "ram" -> Kind.RAM;
            case "rom" -> Kind.ROM;
            case "romd" -> Kind.ROM_DEVICE;
            case "ramd" -> Kind.RAM_DEVICE;
            default -> {
                if (containerHint) {
                    yield Kind.CONTAINER;
                }
                yield children.isEmpty() || handlersHint ? Kind.IO : Kind.CONTAINER;
            }
        };
    }

    /** Whether the region has its own read-only flag: a non-alias {@code rom} line, or a hint. */
    boolean readonly() {
        return readonlyHint || !isAlias() && first.line.type().equals("rom");
    }

    /** True if {@code other} is this region or one of its containers. */
    boolean isSelfOrContainer(RegionPlan other) {
        for (RegionPlan r = this; r != null; r = r.container) {
            if (r == other) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return "RegionPlan[" + name() + " line=" + first.line.number() + "]";
    }
}
