package dev.physmem.inspect;

import dev.physmem.inspect.Explanation.Step;
import dev.physmem.inspect.Explanation.Verdict;
import dev.physmem.region.AliasRegion;
import dev.physmem.region.MemoryRegion;
import dev.physmem.space.AddressSpace;
import java.util.ArrayList;
import java.util.List;

/**
 * Answers "which region answers this address, and why" by walking the region tree the way the
 * renderer does, one address at a time, and recording every candidate on the way: the winner,
 * the siblings it shadows, disabled regions, containers that are transparent there, and aliases
 * followed with their offsets. The answer agrees with the address space's flat view.
 *
 * <p>Reads the tree under the system's topology lock, so the explanation is of one consistent
 * topology.
 */
public final class Explainer {
    private final List<Step> steps = new ArrayList<>();

    private Explainer() {
    }

    /** Explains {@code address} (absolute, unsigned) in {@code space}. */
    public static Explanation explain(AddressSpace space, long address) {
        space.system().lock();
        try {
            Explainer e = new Explainer();
            MemoryRegion root = space.root();
            long offset = address - root.addr();
            Hit hit = Long.compareUnsigned(address, root.addr()) >= 0 && contains(root, offset)
                    ? e.resolve(root, 0, address, 0, false)
                    : null;
            return hit == null
                    ? new Explanation(address, e.steps, null, 0, false)
                    : new Explanation(address, e.steps, hit.region, hit.offset, hit.readonly);
        } finally {
            space.system().unlock();
        }
    }

    private record Hit(MemoryRegion region, long offset, boolean readonly) {
    }

    /**
     * Resolves {@code addr} in region {@code mr} whose container's offset 0 is at absolute
     * {@code base}; returns null when nothing in {@code mr} answers.
     */
    private Hit resolve(MemoryRegion mr, long base, long addr, int depth, boolean ro) {
        long start = base + mr.addr();
        long offset = addr - start;
        if (!mr.isEnabled()) {
            steps.add(new Step(depth, mr, start, offset, Verdict.DISABLED, null));
            return null;
        }
        ro |= mr.isReadonly();
        if (mr instanceof AliasRegion alias) {
            int at = steps.size();
            steps.add(new Step(depth, mr, start, offset, Verdict.ENTERED, null));
            MemoryRegion target = alias.target();
            long targetOffset = offset + alias.aliasOffset();
            boolean overflow = Long.compareUnsigned(targetOffset, offset) < 0;
            if (overflow || !contains(target, targetOffset)) {
                steps.set(at, new Step(depth, mr, start, offset, Verdict.PAST_TARGET, null));
                return null;
            }
            // Place the target so that its offset targetOffset falls on addr.
            return resolve(target, addr - targetOffset - target.addr(), addr, depth + 1, ro);
        }
        int at = steps.size();
        steps.add(new Step(depth, mr, start, offset, Verdict.ENTERED, null));
        Hit winner = null;
        MemoryRegion winnerRegion = null;
        for (MemoryRegion sub : mr.subregions()) {
            long inParent = addr - start;
            if (Long.compareUnsigned(inParent, sub.addr()) < 0 || !contains(sub, inParent - sub.addr())) {
                continue;
            }
            if (winner != null) {
                steps.add(new Step(depth + 1, sub, start + sub.addr(), addr - start - sub.addr(),
                        sub.isEnabled() ? Verdict.SHADOWED : Verdict.DISABLED,
                        sub.isEnabled() ? winnerRegion : null));
                continue;
            }
            Hit h = resolve(sub, start, addr, depth + 1, ro);
            if (h != null) {
                winner = h;
                winnerRegion = sub;
            }
        }
        if (winner != null) {
            return winner;
        }
        if (mr.isTerminal()) {
            steps.set(at, new Step(depth, mr, start, offset, Verdict.ANSWERS, null));
            return new Hit(mr, offset, ro);
        }
        steps.set(at, new Step(depth, mr, start, offset, Verdict.TRANSPARENT, null));
        return null;
    }

    /** True when {@code offset} (unsigned) lies inside {@code mr}. */
    private static boolean contains(MemoryRegion mr, long offset) {
        return !mr.isEmpty() && Long.compareUnsigned(offset, mr.lastOffset()) <= 0;
    }
}
