package dev.physmem.mtree;

import java.util.ArrayList;
import java.util.List;

/**
 * Puts the dump's address spaces in creation order (HINTS.md, {@code as}) and checks the
 * {@code accel} hint's address-space names.
 *
 * <p>Each {@code as "NAME", root: ROOT} line takes the first address space of the dump not yet taken
 * whose name is NAME and whose root region is named ROOT (or, for a root that is an alias,
 * {@code ROOT, alias TARGET}, as {@code -f} prints it). With {@code as} lines, every address space of
 * the dump must be listed; without them, the dump's order is kept (groups in print order, names in
 * each group as printed).
 */
final class AddressSpaceOrder {

    /**
     * An address space to create.
     *
     * @param name its name
     * @param root its root region
     */
    record Entry(String name, RegionPlan root) {
    }

    private record Printed(Entry entry, DumpBlock.Header header) {
    }

    private AddressSpaceOrder() {
    }

    /**
     * The address spaces of {@code dump} in creation order.
     *
     * @throws MtreeFormatException if an {@code as} line matches no address space, an address space has
     *     no {@code as} line, or {@code accel} names an unknown address space
     */
    static List<Entry> resolve(DumpParser.Dump dump, Hints hints) {
        List<Printed> printed = new ArrayList<>();
        for (DumpBlock block : dump.blocks()) {
            if (block.kind == DumpBlock.Kind.ADDRESS_SPACE) {
                for (DumpBlock.Header header : block.headers) {
                    printed.add(new Printed(new Entry(header.name(), block.root.region), header));
                }
            }
        }
        if (hints.accel() != null) {
            for (String name : hints.accel().accel().addressSpaces()) {
                if (printed.stream().noneMatch(p -> p.entry().name().equals(name))) {
                    throw hints.accel().source().error("expected address spaces of the dump, but there is no "
                            + "address-space: " + name);
                }
            }
        }
        if (hints.addressSpaces().isEmpty()) {
            return printed.stream().map(Printed::entry).toList();
        }
        List<Entry> ordered = new ArrayList<>();
        for (Hints.AsHint hint : hints.addressSpaces()) {
            Printed match = printed.stream()
                    .filter(p -> p.entry().name().equals(hint.name()) && printsAs(p.entry().root(), hint.root()))
                    .findFirst()
                    .orElseThrow(() -> hint.source().error("expected an address space of the dump not listed "
                            + "before, but none is named \"" + hint.name() + "\" with root " + hint.root()));
            printed.remove(match);
            ordered.add(match.entry());
        }
        if (!printed.isEmpty()) {
            throw printed.getFirst().header().error("expected an as hint for every address space, but this one "
                    + "has none");
        }
        return ordered;
    }

    private static boolean printsAs(RegionPlan root, String text) {
        return root.name().equals(text)
                || root.isAlias() && (root.name() + ", alias " + root.target.name()).equals(text);
    }
}
