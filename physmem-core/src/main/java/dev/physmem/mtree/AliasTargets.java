package dev.physmem.mtree;

import dev.physmem.region.MemoryRegion;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds the region each alias shows (RENDER-RULES.md §2, "Alias targets"). The candidates are the
 * regions of the {@code memory-region:} blocks whose name is the alias's TARGET; a {@code target}
 * hint narrows them to one. When the name alone decides (every capture so far), that is the answer.
 *
 * <p>Otherwise: (a) a candidate must print the alias's TYPE and must not be the alias or one of its
 * containers; (b) QEMU prints the k-th block for the k-th distinct target met in print order (AS
 * trees, then the blocks, disabled aliases included), so only assignments that reproduce the blocks'
 * order are kept, found by a dynamic programme over (alias, blocks met so far); (c) among what is
 * left, an alias prefers a target its window fits in, then one with the same owner, then the earlier
 * block. If no assignment reproduces the block order (a hand-edited dump), (b) is dropped.
 */
final class AliasTargets {

    /** A step of the print order: a block header, or the first printing of an alias. */
    private sealed interface Event {
    }

    private record BlockHeader(int block) implements Event {
    }

    private record Decision(RegionPlan alias, List<Integer> candidates) implements Event {
    }

    private final List<RegionPlan> blocks = new ArrayList<>();
    private final List<Event> events = new ArrayList<>();

    private AliasTargets() {
    }

    /**
     * Sets {@link RegionPlan#target} for every alias of {@code dump}.
     *
     * @throws MtreeFormatException if an alias has no possible target, or the targets form a cycle
     */
    static void resolve(DumpParser.Dump dump, List<RegionPlan> regions) {
        AliasTargets targets = new AliasTargets();
        targets.collect(dump);
        targets.assign();
        checkNoCycle(regions);
    }

    private void collect(DumpParser.Dump dump) {
        Map<DumpBlock, Integer> blockIndex = new IdentityHashMap<>();
        for (DumpBlock block : dump.blocks()) {
            if (block.kind == DumpBlock.Kind.MEMORY_REGION) {
                blockIndex.put(block, blocks.size());
                blocks.add(block.root.region);
            }
        }
        DumpBlock current = null;
        for (DumpNode node : dump.nodes()) {
            if (node.block != current) {
                current = node.block;
                Integer index = blockIndex.get(current);
                if (index != null) {
                    events.add(new BlockHeader(index));
                }
            }
            if (node.line.alias() != null && node.region.first == node) {
                events.add(new Decision(node.region, candidates(node.region)));
            }
        }
    }

    private List<Integer> candidates(RegionPlan alias) {
        DumpLine line = alias.line();
        String name = line.alias().target();
        List<Integer> candidates = new ArrayList<>();
        boolean named = false;
        for (int i = 0; i < blocks.size(); i++) {
            RegionPlan block = blocks.get(i);
            if (!block.name().equals(name)) {
                continue;
            }
            named = true;
            if (block.line().type().equals(line.type()) && !alias.isSelfOrContainer(block)
                    && (alias.targetHint == null || alias.targetHint == block)) {
                candidates.add(i);
            }
        }
        if (candidates.isEmpty()) {
            throw line.error(!named
                    ? "expected a memory-region: block for the alias target \"" + name + "\""
                    : "expected a memory-region: block \"" + name + "\" that can be this alias's target (TYPE "
                            + line.type() + ", not the alias or its container"
                            + (alias.targetHint != null ? ", the region of the target hint)" : ")"));
        }
        return candidates;
    }

    private void assign() {
        boolean unique = events.stream().allMatch(e -> !(e instanceof Decision d) || d.candidates().size() == 1);
        boolean[][] feasible = unique ? null : feasibility();
        boolean keepOrder = feasible != null && feasible[0][0];
        int met = 0;
        for (int e = 0; e < events.size(); e++) {
            if (!(events.get(e) instanceof Decision decision)) {
                continue;
            }
            int chosen = -1;
            for (int t : decision.candidates()) {
                boolean allowed = !keepOrder
                        || t < met && feasible[e + 1][met]
                        || t == met && feasible[e + 1][met + 1];
                if (allowed && (chosen < 0 || prefer(decision.alias(), t, chosen) < 0)) {
                    chosen = t;
                }
            }
            decision.alias().target = blocks.get(chosen);
            if (chosen == met) {
                met++;
            }
        }
    }

    /**
     * {@code feasible[e][m]}: with {@code m} blocks met before event {@code e}, the remaining events
     * can meet every block in block order.
     */
    private boolean[][] feasibility() {
        int k = blocks.size();
        boolean[][] feasible = new boolean[events.size() + 1][k + 2];
        feasible[events.size()][k] = true;
        for (int e = events.size() - 1; e >= 0; e--) {
            for (int m = 0; m <= k; m++) {
                feasible[e][m] = switch (events.get(e)) {
                    case BlockHeader h -> m > h.block() && feasible[e + 1][m];
                    case Decision d -> {
                        boolean any = false;
                        for (int t : d.candidates()) {
                            any |= t < m && feasible[e + 1][m] || t == m && feasible[e + 1][m + 1];
                        }
                        yield any;
                    }
                };
            }
        }
        return feasible;
    }

    /** Negative if block {@code a} is the better target for {@code alias} than block {@code b}. */
    private int prefer(RegionPlan alias, int a, int b) {
        int byFit = Boolean.compare(!fits(alias, blocks.get(a)), !fits(alias, blocks.get(b)));
        if (byFit != 0) {
            return byFit;
        }
        int byOwner = Boolean.compare(!sameOwner(alias, blocks.get(a)), !sameOwner(alias, blocks.get(b)));
        return byOwner != 0 ? byOwner : Integer.compare(a, b);
    }

    private static boolean sameOwner(RegionPlan alias, RegionPlan target) {
        return target.line().owner().equals(alias.line().owner());
    }

    /** Whether the alias window {@code [offset, offset + size)} lies inside {@code target} (65-bit arithmetic). */
    static boolean fits(RegionPlan alias, RegionPlan target) {
        long offset = alias.line().alias().offset();
        long size = alias.size();
        long targetSize = target.size();
        if (size == 0) {
            return Long.compareUnsigned(offset, targetSize) <= 0;
        }
        if (targetSize == MemoryRegion.SIZE_2_64) {
            return size == MemoryRegion.SIZE_2_64 ? offset == 0 : Long.compareUnsigned(offset, -size) <= 0;
        }
        return size != MemoryRegion.SIZE_2_64 && Long.compareUnsigned(offset, targetSize) <= 0
                && Long.compareUnsigned(size, targetSize - offset) <= 0;
    }

    /** Rejects a region that contains itself through subregions and alias targets. */
    private static void checkNoCycle(List<RegionPlan> regions) {
        Map<RegionPlan, Boolean> done = new IdentityHashMap<>();
        for (RegionPlan region : regions) {
            visit(region, done);
        }
    }

    /** Depth-first: {@code done} maps a region to false while it is on the path, true when finished. */
    private static void visit(RegionPlan region, Map<RegionPlan, Boolean> done) {
        Boolean state = done.get(region);
        if (state != null) {
            if (!state) {
                throw region.line().error("expected alias targets and subregions without a cycle, but this region "
                        + "contains itself");
            }
            return;
        }
        done.put(region, false);
        for (RegionPlan child : region.children) {
            visit(child, done);
        }
        if (region.target != null) {
            visit(region.target, done);
        }
        done.put(region, true);
    }
}
