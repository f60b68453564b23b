package dev.physmem.mtree;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Resolves the region references of a hints file against a dump and records each hint on its
 * {@link RegionPlan} (HINTS.md, keywords {@code handlers}, {@code container}, {@code readonly},
 * {@code size0}, {@code later}, {@code target}).
 *
 * <p>A REF matches every line whose text after the indentation equals it. When the matching lines
 * print more than one distinct region, the REF needs {@code #K} to pick the K-th of them in print
 * order. Each hint is checked against what the line shows, e.g. {@code size0} needs END == START.
 */
final class HintResolver {
    private final Map<String, List<RegionPlan>> regionsByRef = new HashMap<>();

    private HintResolver(DumpParser.Dump dump) {
        for (DumpNode node : dump.nodes()) {
            List<RegionPlan> regions = regionsByRef.computeIfAbsent(node.line.ref(), k -> new ArrayList<>());
            if (!regions.contains(node.region)) {
                regions.add(node.region);
            }
        }
    }

    /**
     * Applies every region hint of {@code hints} to the regions of {@code dump} (whose nodes must
     * already have their regions).
     *
     * @throws MtreeFormatException if a reference matches no region or a hint contradicts the dump
     */
    static void apply(DumpParser.Dump dump, Hints hints) {
        HintResolver resolver = new HintResolver(dump);
        for (Hints.RegionHint hint : hints.regionHints()) {
            resolver.apply(hint);
        }
    }

    private void apply(Hints.RegionHint hint) {
        Hints.Source source = hint.source();
        RegionPlan region = resolve(hint.first(), source);
        switch (hint.keyword()) {
            case HANDLERS -> {
                requireIo(region, source, "handlers");
                if (region.containerHint) {
                    throw source.error("expected handlers or container for a region, not both");
                }
                region.handlersHint = true;
            }
            case CONTAINER -> {
                requireIo(region, source, "container");
                if (region.handlersHint) {
                    throw source.error("expected handlers or container for a region, not both");
                }
                region.containerHint = true;
            }
            case READONLY -> {
                if (!region.isAlias() && region.line().type().equals("ram")) {
                    throw source.error("expected a region whose TYPE hides its read-only flag (an alias, i/o, romd "
                            + "or ramd region): read-only RAM prints as rom");
                }
                region.readonlyHint = true;
            }
            case SIZE0 -> {
                if (region.line().span() != 0) {
                    throw source.error("expected a line with END == START for size0");
                }
                region.size0Hint = true;
            }
            case LATER -> later(region, resolve(hint.second(), source), source);
            case TARGET -> target(region, resolve(hint.second(), source), source);
        }
    }

    private static void requireIo(RegionPlan region, Hints.Source source, String keyword) {
        if (region.isAlias() || !region.line().type().equals("i/o")) {
            throw source.error("expected an i/o region that is not an alias for " + keyword);
        }
    }

    private static void later(RegionPlan first, RegionPlan second, Hints.Source source) {
        if (first == second || first.container == null || first.container != second.container) {
            throw source.error("expected two distinct subregions of the same container for later");
        }
        if (first.priority() != second.priority()) {
            throw source.error("expected two siblings of equal priority for later, but they have "
                    + first.priority() + " and " + second.priority());
        }
        first.addedAfter.add(new RegionPlan.Later(second, source.number(), source.text()));
    }

    private static void target(RegionPlan alias, RegionPlan target, Hints.Source source) {
        if (!alias.isAlias()) {
            throw source.error("expected an alias as the first region of target");
        }
        String name = alias.line().alias().target();
        if (!target.name().equals(name)) {
            throw source.error("expected a target region named \"" + name + "\", but the second REF prints \""
                    + target.name() + "\"");
        }
        if (alias.targetHint != null && alias.targetHint != target) {
            throw source.error("expected one target per alias, but another target hint names a different region");
        }
        alias.targetHint = target;
    }

    private RegionPlan resolve(Hints.Ref ref, Hints.Source source) {
        List<RegionPlan> regions = regionsByRef.get(ref.text());
        if (regions == null) {
            throw source.error("expected a REF that is a line of the dump without its indentation, "
                    + "but no line prints \"" + ref.text() + "\"");
        }
        if (ref.index() < 0) {
            if (regions.size() > 1) {
                throw source.error("expected a REF that names one region, but " + regions.size()
                        + " distinct regions print it: add #K (0-based) to pick one");
            }
            return regions.getFirst();
        }
        if (ref.index() >= regions.size()) {
            throw source.error("expected #K below " + regions.size() + ", the number of distinct regions "
                    + "that print this line");
        }
        return regions.get(ref.index());
    }
}
