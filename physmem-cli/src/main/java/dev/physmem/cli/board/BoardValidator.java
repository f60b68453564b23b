package dev.physmem.cli.board;

import dev.physmem.cli.board.BoardSpec.AliasDetails;
import dev.physmem.cli.board.BoardSpec.Contents;
import dev.physmem.cli.board.BoardSpec.InlineSubregion;
import dev.physmem.cli.board.BoardSpec.MappedSubregion;
import dev.physmem.cli.board.BoardSpec.MemoryDetails;
import dev.physmem.cli.board.BoardSpec.Region;
import dev.physmem.cli.board.BoardSpec.RomDeviceDetails;
import dev.physmem.cli.board.BoardSpec.Space;
import dev.physmem.cli.board.BoardSpec.Subregion;
import dev.physmem.cli.board.ResolvedBoard.Placement;
import dev.physmem.cli.board.ResolvedBoard.ResolvedSpace;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks a parsed board as a whole and resolves it: every reference names exactly one region
 * ({@link RegionIndex}), no region is mapped twice, nothing loops back on itself
 * ({@link CycleCheck}), alias windows fit, contents fit and can be read ({@link ContentsReader}).
 * Runs before anything is built, so a board that fails here leaves nothing behind.
 */
final class BoardValidator {
    private final BoardSpec spec;
    private final RegionIndex index;
    private final Map<Region, Region> aliasTargets = new IdentityHashMap<>();
    private final Map<Region, Placement> placementOf = new IdentityHashMap<>();
    private final List<Placement> placements = new ArrayList<>();
    private final Map<Region, Long> sizes = new IdentityHashMap<>();
    private final Map<Region, byte[]> contents = new IdentityHashMap<>();

    private BoardValidator(BoardSpec spec, RegionIndex index) {
        this.spec = spec;
        this.index = index;
    }

    /** Validates and resolves {@code spec}. */
    static ResolvedBoard validate(BoardSpec spec) throws BoardFormatException {
        return new BoardValidator(spec, RegionIndex.of(spec.regions())).run();
    }

    private ResolvedBoard run() throws BoardFormatException {
        resolveAliasTargets();
        resolvePlacements();
        new CycleCheck(index.all(), aliasTargets, placements).check();
        for (Region r : index.all()) {
            size(r);
        }
        for (Region r : index.all()) {
            readContents(r);
        }
        List<ResolvedSpace> spaces = new ArrayList<>();
        for (Space s : spec.addressSpaces()) {
            spaces.add(new ResolvedSpace(s.name(), index.resolve(s.root())));
        }
        return new ResolvedBoard(spec.byteOrder(), creationOrder(), sizes, aliasTargets, placements, contents,
                spaces);
    }

    // ---------------------------------------------------------------- aliases

    private void resolveAliasTargets() throws BoardFormatException {
        for (Region r : index.all()) {
            if (r.details() instanceof AliasDetails alias) {
                aliasTargets.put(r, index.resolve(alias.target()));
            }
        }
    }

    // ---------------------------------------------------------------- mappings

    private void resolvePlacements() throws BoardFormatException {
        for (Region container : index.all()) {
            for (Subregion s : container.subregions()) {
                Region child = switch (s) {
                    case InlineSubregion inline -> inline.region();
                    case MappedSubregion mapped -> mappable(mapped);
                };
                Placement p = new Placement(container, child, s);
                placementOf.put(child, p);
                placements.add(p);
            }
        }
    }

    /** The region a {@code ref} entry maps, which must not be mapped anywhere else. */
    private Region mappable(MappedSubregion mapped) throws BoardFormatException {
        Region child = index.resolve(mapped.ref());
        Region container = index.inlineParent(child);
        if (container == null && placementOf.containsKey(child)) {
            container = placementOf.get(child).container();
        }
        if (container != null) {
            throw new BoardFormatException(mapped.ref().where(), "ref", child.describe()
                    + " is already mapped in " + container.describe() + "; a region can be mapped only once"
                    + " (map an alias of it to show it in a second place)");
        }
        return child;
    }

    // ---------------------------------------------------------------- sizes and contents

    /** The region's size; an alias without one shows the rest of its target from its offset. */
    private long size(Region r) throws BoardFormatException {
        Long known = sizes.get(r);
        if (known != null) {
            return known;
        }
        long size = r.size();
        if (!r.sizeGiven()) {
            AliasDetails alias = (AliasDetails) r.details();
            Region target = aliasTargets.get(r);
            long targetSize = size(target);
            long offset = alias.offset();
            if (targetSize != -1L && Long.compareUnsigned(offset, targetSize) > 0) {
                throw new BoardFormatException(alias.offsetWhere(), "offset", "offset " + Numbers.hex(offset)
                        + " is beyond the end of " + target.describe() + " (size " + Numbers.formatSize(targetSize)
                        + "); give the alias a size or a smaller offset");
            }
            if (targetSize == -1L && offset == 1) {
                throw new BoardFormatException(alias.offsetWhere(), "offset", "the rest of " + target.describe()
                        + " from offset 0x1 is 2^64-1 bytes, which no region can have; give the alias a size");
            }
            size = remainder(targetSize, offset);
        }
        sizes.put(r, size);
        return size;
    }

    /** {@code size - offset} for a size in QEMU's representation (-1 for 2^64). */
    private static long remainder(long size, long offset) {
        if (size == -1L) {
            return offset == 0 ? -1L : -offset;
        }
        return size - offset;
    }

    private void readContents(Region r) throws BoardFormatException {
        Contents c = switch (r.details()) {
            case MemoryDetails m -> m.contents();
            case RomDeviceDetails d -> d.contents();
            default -> null;
        };
        if (c != null) {
            contents.put(r, ContentsReader.read(c, r));
        }
    }

    // ---------------------------------------------------------------- order

    /** Every region in file order, except that each alias comes after its target. */
    private List<Region> creationOrder() {
        List<Region> order = new ArrayList<>();
        Map<Region, Boolean> placed = new IdentityHashMap<>();
        for (Region r : index.all()) {
            place(r, order, placed);
        }
        return order;
    }

    private void place(Region r, List<Region> order, Map<Region, Boolean> placed) {
        if (placed.putIfAbsent(r, true) != null) {
            return;
        }
        Region target = aliasTargets.get(r);
        if (target != null) {
            place(target, order, placed);
        }
        order.add(r);
    }
}
