package dev.physmem.cli.board;

import dev.physmem.cli.board.BoardSpec.AliasDetails;
import dev.physmem.cli.board.BoardSpec.MappedSubregion;
import dev.physmem.cli.board.BoardSpec.Region;
import dev.physmem.cli.board.ResolvedBoard.Placement;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds what would loop: an alias chain that comes back to an alias it passed (it could never be
 * built, since a target must exist before its alias), and a region that contains itself through
 * subregions and aliases (rendering would never end; QEMU refuses such a mapping). The first
 * cycle found is reported at the reference that closes it.
 */
final class CycleCheck {
    private final List<Region> regions;
    private final Map<Region, Region> aliasTargets;
    private final Map<Region, List<Edge>> edges = new IdentityHashMap<>();
    private final Map<Region, Boolean> done = new IdentityHashMap<>(); // false while on the path
    private final List<Edge> path = new ArrayList<>();

    /** {@code from} contains or aliases {@code to}; the edge was written at {@code where}. */
    private record Edge(Region from, Region to, String verb, Location where, String field) {
    }

    /**
     * @param regions every region, in file order (the order cycles are looked for in)
     * @param aliasTargets each alias's target
     * @param placements every mapping
     */
    CycleCheck(List<Region> regions, Map<Region, Region> aliasTargets, List<Placement> placements) {
        this.regions = regions;
        this.aliasTargets = aliasTargets;
        for (Placement p : placements) {
            boolean byRef = p.entry() instanceof MappedSubregion;
            addEdge(new Edge(p.container(), p.child(), "contains", p.where(), byRef ? "ref" : "subregions"));
        }
        for (Region r : regions) {
            Region target = aliasTargets.get(r);
            if (target != null) {
                addEdge(new Edge(r, target, "aliases", targetWhere(r), "target"));
            }
        }
    }

    /**
     * @throws BoardFormatException at the first alias cycle, else at the first mapping cycle
     */
    void check() throws BoardFormatException {
        checkAliasChains();
        for (Region r : regions) {
            visit(r);
        }
    }

    private void checkAliasChains() throws BoardFormatException {
        Map<Region, Boolean> finished = new IdentityHashMap<>();
        for (Region start : regions) {
            List<Region> chain = new ArrayList<>();
            for (Region r = start; aliasTargets.containsKey(r) && !finished.containsKey(r); r = aliasTargets.get(r)) {
                int seen = indexOf(chain, r);
                if (seen >= 0) {
                    throw aliasCycle(chain.subList(seen, chain.size()));
                }
                chain.add(r);
            }
            chain.forEach(r -> finished.put(r, true));
        }
    }

    private BoardFormatException aliasCycle(List<Region> loop) {
        StringBuilder text = new StringBuilder("alias cycle: ");
        for (Region r : loop) {
            text.append('\'').append(r.name()).append("' -> ");
        }
        text.append('\'').append(loop.getFirst().name()).append('\'');
        return new BoardFormatException(targetWhere(loop.getLast()), "target", text.toString());
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
                throw mappingCycle(e);
            }
            path.add(e);
            visit(e.to());
            path.removeLast();
        }
        done.put(r, true);
    }

    /** The cycle that {@code closing} completes, described from where it starts. */
    private BoardFormatException mappingCycle(Edge closing) {
        int from = path.size(); // a region that contains itself: the closing edge alone
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
        return new BoardFormatException(closing.where(), closing.field(), text + "; a region cannot contain itself");
    }

    private static Location targetWhere(Region alias) {
        return ((AliasDetails) alias.details()).target().where();
    }

    private static int indexOf(List<Region> list, Region r) {
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i) == r) {
                return i;
            }
        }
        return -1;
    }
}
