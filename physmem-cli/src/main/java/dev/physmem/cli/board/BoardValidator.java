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
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks a parsed board as a whole and resolves it: every reference names exactly one region,
 * no region is mapped twice, no alias chain or mapping loops back on itself, alias windows and
 * contents fit, contents files can be read. Runs before anything is built, so a board that fails
 * here leaves nothing behind.
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
        checkAliasChains();
        resolvePlacements();
        new CycleCheck().run();
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

    /** An alias chain that comes back to an alias it passed can never be built. */
    private void checkAliasChains() throws BoardFormatException {
        for (Region start : index.all()) {
            List<Region> chain = new ArrayList<>();
            Region r = start;
            while (aliasTargets.containsKey(r)) {
                int seen = indexOfIdentity(chain, r);
                if (seen >= 0) {
                    List<Region> loop = chain.subList(seen, chain.size());
                    Region last = loop.getLast();
                    throw new BoardFormatException(((AliasDetails) last.details()).target().where(), "target",
                            "alias cycle: " + names(loop) + " -> '" + r.name() + "'");
                }
                chain.add(r);
                r = aliasTargets.get(r);
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

    /**
     * Depth-first search over "contains" (subregion) and "aliases" (alias target) edges: a region
     * that reaches itself would make rendering loop, and QEMU refuses such a mapping.
     */
    private final class CycleCheck {
        private final Map<Region, List<Edge>> edges = new IdentityHashMap<>();
        private final Map<Region, Boolean> done = new IdentityHashMap<>(); // false while on the path
        private final List<Edge> path = new ArrayList<>();

        /** {@code from} contains or aliases {@code to}; the edge was written at {@code where}. */
        private record Edge(Region from, Region to, String verb, Location where, String field) {
        }

        void run() throws BoardFormatException {
            for (Placement p : placements) {
                boolean byRef = p.entry() instanceof MappedSubregion;
                addEdge(new Edge(p.container(), p.child(), "contains", p.where(), byRef ? "ref" : "subregions"));
            }
            for (var e : aliasTargets.entrySet()) {
                addEdge(new Edge(e.getKey(), e.getValue(), "aliases",
                        ((AliasDetails) e.getKey().details()).target().where(), "target"));
            }
            for (Region r : index.all()) {
                visit(r);
            }
        }

        private void addEdge(Edge e) {
            edges.computeIfAbsent(e.from(), k -> new ArrayList<>()).add(e);
        }

        private void visit(Region r) throws BoardFormatException {
            if (done.containsKey(r)) {
                return;
            }
            done.put(r, false);
            for (Edge e : edges.getOrDefault(r, List.of())) {
                if (Boolean.FALSE.equals(done.get(e.to()))) {
                    throw cycle(e);
                }
                path.add(e);
                visit(e.to());
                path.removeLast();
            }
            done.put(r, true);
        }

        /** The cycle that {@code closing} completes, described from where it starts. */
        private BoardFormatException cycle(Edge closing) {
            int from = path.size(); // a region that contains or aliases itself: the closing edge alone
            for (int i = 0; i < path.size(); i++) {
                if (path.get(i).from() == closing.to()) {
                    from = i;
                    break;
                }
            }
            List<Edge> loop = new ArrayList<>(path.subList(from, path.size()));
            loop.add(closing);
            StringBuilder text = new StringBuilder("mapping cycle: '" + closing.to().name() + "'");
            for (int i = 0; i < loop.size(); i++) {
                text.append(i == 0 ? " " : ", which ").append(loop.get(i).verb())
                        .append(" '").append(loop.get(i).to().name()).append('\'');
            }
            return new BoardFormatException(closing.where(), closing.field(),
                    text + "; a region cannot contain itself");
        }
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
        if (c == null) {
            return;
        }
        long room = Long.compareUnsigned(c.offset(), r.size()) > 0 ? -1 : r.size() - c.offset();
        if (room < 0) {
            throw new BoardFormatException(c.where(), "contents.offset", "offset " + Numbers.hex(c.offset())
                    + " is beyond the end of " + r.describe() + " (size " + Numbers.formatSize(r.size()) + ")");
        }
        byte[] bytes = c.bytes() != null ? c.bytes() : readFile(c, room);
        if (bytes.length > room) {
            throw tooLarge(c, bytes.length, room, r);
        }
        contents.put(r, bytes);
    }

    private static byte[] readFile(Contents c, long room) throws BoardFormatException {
        try {
            long length = Files.size(c.file());
            if (length > room) {
                throw new BoardFormatException(c.where(), "contents.file", "'" + c.file() + "' is " + length
                        + " bytes, but only " + room + " fit from the contents offset to the end of the region");
            }
            return Files.readAllBytes(c.file());
        } catch (IOException e) {
            throw new BoardFormatException(c.where(), "contents.file", "cannot read '" + c.file() + "': " + e, e);
        }
    }

    private static BoardFormatException tooLarge(Contents c, long length, long room, Region r) {
        String field = c.bytes() != null ? "contents.hex" : "contents.file";
        return new BoardFormatException(c.where(), field, length + " bytes do not fit: only " + room
                + " fit from the contents offset to the end of " + r.describe());
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

    private static int indexOfIdentity(List<Region> list, Region r) {
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i) == r) {
                return i;
            }
        }
        return -1;
    }

    private static String names(List<Region> regions) {
        StringBuilder sb = new StringBuilder();
        for (Region r : regions) {
            if (!sb.isEmpty()) {
                sb.append(" -> ");
            }
            sb.append('\'').append(r.name()).append('\'');
        }
        return sb.toString();
    }
}
