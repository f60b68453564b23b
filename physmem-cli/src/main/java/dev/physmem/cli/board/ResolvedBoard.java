package dev.physmem.cli.board;

import dev.physmem.cli.board.BoardSpec.Region;
import java.nio.ByteOrder;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * A board that passed every check: references resolved, sizes known, contents read, creation
 * order fixed. The {@link BoardBuilder} turns it into a {@code MemorySystem} without further
 * failure (short of the host refusing memory).
 *
 * <p>Maps are keyed by region identity.
 *
 * @param byteOrder the target's byte order
 * @param creationOrder every region, each alias after its target
 * @param sizes every region's size (an alias's computed when the file left it out)
 * @param aliasTargets each alias's target
 * @param placements every mapping, grouped by container in file order (which decides the winner
 *     among overlapping siblings of equal priority)
 * @param contents initial bytes of the regions that have them
 * @param addressSpaces the address spaces in file order
 */
record ResolvedBoard(ByteOrder byteOrder, List<Region> creationOrder, Map<Region, Long> sizes,
        Map<Region, Region> aliasTargets, List<Placement> placements, Map<Region, byte[]> contents,
        List<ResolvedSpace> addressSpaces) {

    ResolvedBoard {
        creationOrder = List.copyOf(creationOrder);
        sizes = Collections.unmodifiableMap(sizes);
        aliasTargets = Collections.unmodifiableMap(aliasTargets);
        placements = List.copyOf(placements);
        contents = Collections.unmodifiableMap(contents);
        addressSpaces = List.copyOf(addressSpaces);
    }

    /**
     * {@code child} mapped inside {@code container} as the subregion entry {@code entry} says.
     */
    record Placement(Region container, Region child, BoardSpec.Subregion entry) {

        /** Offset of the child within the container. */
        long at() {
            return entry.at();
        }

        /** The priority, or null to map with {@code addSubregion}. */
        Integer priority() {
            return entry.priority();
        }

        /** Where the mapping was written: the {@code ref} of a ref entry, else the entry itself. */
        Location where() {
            return entry instanceof BoardSpec.MappedSubregion m ? m.ref().where() : entry.where();
        }
    }

    /** An address space named {@code name} over {@code root}. */
    record ResolvedSpace(String name, Region root) {
    }
}
