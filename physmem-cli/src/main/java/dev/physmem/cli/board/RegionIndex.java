package dev.physmem.cli.board;

import dev.physmem.cli.board.BoardSpec.InlineSubregion;
import dev.physmem.cli.board.BoardSpec.Reference;
import dev.physmem.cli.board.BoardSpec.Region;
import dev.physmem.cli.board.BoardSpec.Subregion;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Every region of a board file, and the lookup of references to them. A reference names a
 * region by, in this order:
 * <ol>
 *   <li>its {@code id} (ids are unique);
 *   <li>its {@code name}, if exactly one region has that name;
 *   <li>its path: the names from a top-level region down through subregions defined in place,
 *       joined by {@code /} ({@code soc/peripherals/uart0}), if exactly one region has that path.
 * </ol>
 */
final class RegionIndex {
    private final List<Region> topLevel;
    private final List<Region> all = new ArrayList<>();
    private final Map<Region, Region> inlineParent = new IdentityHashMap<>();
    private final Map<Region, InlineSubregion> inlineEntry = new IdentityHashMap<>();
    private final Map<String, Region> byId = new HashMap<>();
    private final Map<String, List<Region>> byName = new HashMap<>();

    private RegionIndex(List<Region> topLevel) {
        this.topLevel = topLevel;
    }

    /**
     * Indexes {@code topLevel} and everything defined inside.
     *
     * @throws BoardFormatException if two regions have the same id
     */
    static RegionIndex of(List<Region> topLevel) throws BoardFormatException {
        RegionIndex index = new RegionIndex(topLevel);
        for (Region r : topLevel) {
            index.add(r, null, null);
        }
        return index;
    }

    private void add(Region r, Region parent, InlineSubregion entry) throws BoardFormatException {
        all.add(r);
        if (parent != null) {
            inlineParent.put(r, parent);
            inlineEntry.put(r, entry);
        }
        if (r.id() != null) {
            Region first = byId.putIfAbsent(r.id().value(), r);
            if (first != null) {
                throw new BoardFormatException(r.id().where(), "id", "id '" + r.id().value()
                        + "' is already used by " + first.describe() + "; ids must be unique");
            }
        }
        byName.computeIfAbsent(r.name(), k -> new ArrayList<>()).add(r);
        for (Subregion s : r.subregions()) {
            if (s instanceof InlineSubregion inline) {
                add(inline.region(), r, inline);
            }
        }
    }

    /** Every region in file order (a region before the regions defined inside it). */
    List<Region> all() {
        return Collections.unmodifiableList(all);
    }

    /** The region {@code r} is defined inside, or null for a top-level region. */
    Region inlineParent(Region r) {
        return inlineParent.get(r);
    }

    /** The subregion entry that defines {@code r} in place, or null for a top-level region. */
    InlineSubregion inlineEntry(Region r) {
        return inlineEntry.get(r);
    }

    /**
     * The region {@code ref} names.
     *
     * @throws BoardFormatException if it names none, or several
     */
    Region resolve(Reference ref) throws BoardFormatException {
        String text = ref.text();
        Region byIdHit = byId.get(text);
        if (byIdHit != null) {
            return byIdHit;
        }
        List<Region> named = byName.getOrDefault(text, List.of());
        if (named.size() == 1) {
            return named.getFirst();
        }
        if (named.size() > 1) {
            throw ambiguous(ref, named.size() + " regions are named '" + text + "'", named);
        }
        if (text.indexOf('/') >= 0) {
            List<Region> matches = new ArrayList<>();
            matchPath(topLevel, text, matches);
            if (matches.size() == 1) {
                return matches.getFirst();
            }
            if (matches.size() > 1) {
                throw ambiguous(ref, matches.size() + " regions have the path '" + text + "'", matches);
            }
        }
        Set<String> known = new LinkedHashSet<>(byId.keySet());
        known.addAll(byName.keySet());
        throw new BoardFormatException(ref.where(), ref.field(),
                "no region has the id, name or path '" + text + "'" + Suggestions.didYouMean(text, known));
    }

    private static BoardFormatException ambiguous(Reference ref, String why, List<Region> candidates) {
        String lines = candidates.stream().map(r -> String.valueOf(r.where().line()))
                .collect(Collectors.joining(", "));
        return new BoardFormatException(ref.where(), ref.field(), "'" + ref.text() + "' is ambiguous: " + why
                + " (lines " + lines + "); give the one you mean an 'id' and refer to that");
    }

    /** Collects the regions among {@code candidates} and their in-place subregions whose path is {@code path}. */
    private static void matchPath(List<Region> candidates, String path, List<Region> out) {
        for (Region r : candidates) {
            if (path.equals(r.name())) {
                out.add(r);
            } else if (path.startsWith(r.name() + "/")) {
                List<Region> children = r.subregions().stream()
                        .filter(InlineSubregion.class::isInstance)
                        .map(s -> ((InlineSubregion) s).region())
                        .toList();
                matchPath(children, path.substring(r.name().length() + 1), out);
            }
        }
    }
}
