package dev.physmem.mtree;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides which printed lines are the same region (RENDER-RULES.md §2) and builds one
 * {@link RegionPlan} per region with its container and subregions.
 *
 * <p>Every line below depth 0 in an {@code address-space:} tree is a region of its own. A depth-0
 * line can print a region that is printed elsewhere too: an AS root that is a subregion in another
 * tree, or a {@code memory-region:} block (an alias target) that is an AS root or a subregion
 * somewhere. Such a line is matched with a line of identical <em>signature</em>: its name, offset in
 * its container ({@code addr}), {@code END - START}, everything printed after END (priority, TYPE,
 * alias window, {@code [disabled]}, owner) and, recursively, its children's signatures; the two
 * subtrees are then the same regions, line for line. Candidates in {@code address-space:} trees win
 * over those in other {@code memory-region:} blocks, then print order decides. A block that matches
 * nothing is a region without a container (its subtree may still be matched by another block).
 */
final class RegionIdentities {
    private final List<DumpNode> nodes;
    private final int[] parent;
    /** Per class representative: the AS-root line and the memory-region-block line in the class. */
    private final DumpNode[] asRoot;
    private final DumpNode[] blockRoot;

    private RegionIdentities(List<DumpNode> nodes) {
        this.nodes = nodes;
        this.parent = new int[nodes.size()];
        this.asRoot = new DumpNode[nodes.size()];
        this.blockRoot = new DumpNode[nodes.size()];
        for (DumpNode node : nodes) {
            parent[node.order] = node.order;
            if (node.isBlockRoot()) {
                (node.block.kind == DumpBlock.Kind.ADDRESS_SPACE ? asRoot : blockRoot)[node.order] = node;
            }
        }
    }

    /**
     * Sets {@link DumpNode#region} on every node of {@code dump} and returns the regions in the order
     * they are first printed.
     *
     * @throws MtreeFormatException if the lines cannot be one consistent tree
     */
    static List<RegionPlan> resolve(DumpParser.Dump dump) {
        RegionIdentities identities = new RegionIdentities(dump.nodes());
        Map<Integer, List<DumpNode>> bySignature = identities.signatures();
        for (DumpBlock.Kind kind : DumpBlock.Kind.values()) {
            for (DumpBlock block : dump.blocks()) {
                if (block.kind == kind) {
                    identities.matchRoot(block.root, bySignature.get(block.root.signature));
                }
            }
        }
        return identities.plans();
    }

    private record SignatureKey(long addr, long span, String placeFreeText, List<Integer> children) {
    }

    /** Computes every node's signature (children first) and groups the nodes by it, in print order. */
    private Map<Integer, List<DumpNode>> signatures() {
        Map<SignatureKey, Integer> ids = new HashMap<>();
        for (int i = nodes.size() - 1; i >= 0; i--) {
            DumpNode node = nodes.get(i);
            List<Integer> children = node.children.stream().map(c -> c.signature).toList();
            var key = new SignatureKey(node.addr(), node.line.span(), node.line.placeFreeText(), children);
            node.signature = ids.computeIfAbsent(key, k -> ids.size());
        }
        Map<Integer, List<DumpNode>> bySignature = new HashMap<>();
        for (DumpNode node : nodes) {
            bySignature.computeIfAbsent(node.signature, k -> new ArrayList<>()).add(node);
        }
        return bySignature;
    }

    /** Matches a depth-0 line with another printing of the same region, if there is one. */
    private void matchRoot(DumpNode root, List<DumpNode> sameSignature) {
        sameSignature.stream()
                .filter(candidate -> canBeSameRegion(root, candidate))
                .min(Comparator.comparing((DumpNode c) -> c.block.kind).thenComparingInt(c -> c.order))
                .ifPresent(match -> unionSubtrees(root, match));
    }

    /**
     * An AS root can be a subregion printed elsewhere; a {@code memory-region:} block can be an AS root
     * or a subregion. Distinct AS roots, and distinct blocks, are distinct regions.
     */
    private boolean canBeSameRegion(DumpNode root, DumpNode candidate) {
        if (candidate == root || find(candidate) == find(root)) {
            return false;
        }
        if (root.block.kind == DumpBlock.Kind.ADDRESS_SPACE) {
            return !candidate.isBlockRoot() && asRoot[find(candidate)] == null;
        }
        boolean isOtherBlock = candidate.isBlockRoot() && candidate.block.kind == DumpBlock.Kind.MEMORY_REGION;
        return !isOtherBlock && blockRoot[find(candidate)] == null;
    }

    private void unionSubtrees(DumpNode a, DumpNode b) {
        union(a, b);
        for (int i = 0; i < a.children.size(); i++) {
            unionSubtrees(a.children.get(i), b.children.get(i));
        }
    }

    private int find(DumpNode node) {
        int i = node.order;
        while (parent[i] != i) {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        return i;
    }

    private void union(DumpNode a, DumpNode b) {
        int ra = find(a);
        int rb = find(b);
        if (ra == rb) {
            return;
        }
        if (asRoot[ra] != null && asRoot[rb] != null || blockRoot[ra] != null && blockRoot[rb] != null) {
            throw a.line.error("expected one region per printed subtree, but this line matches lines "
                    + a.line.number() + " and " + b.line.number() + " of two distinct roots");
        }
        parent[rb] = ra;
        if (asRoot[ra] == null) {
            asRoot[ra] = asRoot[rb];
        }
        if (blockRoot[ra] == null) {
            blockRoot[ra] = blockRoot[rb];
        }
    }

    private List<RegionPlan> plans() {
        Map<Integer, RegionPlan> byClass = new LinkedHashMap<>();
        for (DumpNode node : nodes) {
            node.region = byClass.computeIfAbsent(find(node), k -> new RegionPlan(node));
        }
        for (DumpNode node : nodes) {
            if (node.parent == null) {
                continue;
            }
            RegionPlan container = node.parent.region;
            if (node.region.container == null) {
                node.region.container = container;
            } else if (node.region.container != container) {
                throw node.line.error("expected every printing of a region under the same container, but line "
                        + node.region.first.line.number() + " prints it elsewhere");
            }
        }
        for (RegionPlan plan : byClass.values()) {
            for (DumpNode child : plan.first.children) {
                if (plan.children.contains(child.region)) {
                    throw child.line.error("expected a region to appear once among its container's subregions");
                }
                plan.children.add(child.region);
            }
            if (plan.line().span() == -2L) {
                throw plan.line().error("expected a size physmem can represent, but 2^64-1 bytes is not one");
            }
            if (plan.container == null && plan.priority() != 0) {
                throw plan.line().error("expected priority 0 for a region without a container "
                        + "(physmem keeps no priority for an unmapped region)");
            }
        }
        return List.copyOf(byClass.values());
    }
}
