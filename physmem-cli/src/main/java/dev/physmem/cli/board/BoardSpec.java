package dev.physmem.cli.board;

import dev.physmem.region.AccessConstraints;
import dev.physmem.region.Endianness;
import dev.physmem.region.Owner;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A board file as parsed: every field read and type-checked, references still as text. The
 * {@link BoardParser} makes it, the {@link BoardValidator} resolves and checks it.
 *
 * @param name the board's name, or null
 * @param byteOrder the target's byte order, which {@code native}-endian devices use
 * @param regions the top-level regions in file order, each with its nested subregions
 * @param addressSpaces the address spaces in creation order
 */
record BoardSpec(String name, ByteOrder byteOrder, List<Region> regions, List<Space> addressSpaces) {

    BoardSpec {
        regions = List.copyOf(regions);
        addressSpaces = List.copyOf(addressSpaces);
    }

    /**
     * One region definition.
     *
     * @param ordinal position in file order among all regions (unique, so that two definitions
     *     with the same text stay distinct)
     * @param where where the definition starts
     * @param name the region's name, as {@code info mtree} prints it
     * @param id the unique reference key, or null
     * @param kind the kind
     * @param size size in bytes ({@code -1} for 2<sup>64</sup>); for an alias without a size
     *     field, {@link #sizeGiven} is false and the validator computes it
     * @param sizeGiven whether the file gave the size
     * @param sizeWhere where the size was given (the definition's start otherwise)
     * @param owner the owner printed by {@code info mtree -o}
     * @param enabled the region's enabled flag
     * @param readonly the region's read-only flag (true by default for a ROM)
     * @param nonvolatile the region's non-volatile flag
     * @param details what only this kind has
     * @param subregions the regions mapped inside this one, in file order
     */
    record Region(int ordinal, Location where, String name, Id id, RegionKind kind, long size, boolean sizeGiven,
            Location sizeWhere, Owner owner, boolean enabled, boolean readonly, boolean nonvolatile, Details details,
            List<Subregion> subregions) {

        Region {
            Objects.requireNonNull(name, "name");
            subregions = List.copyOf(subregions);
        }

        /** "region 'name' (line N)", for messages. */
        String describe() {
            return "region '" + name + "' (line " + where.line() + ")";
        }
    }

    /** A region's {@code id} and where it was given. */
    record Id(String value, Location where) {
    }

    /** What a region of one kind has beyond the common fields. */
    sealed interface Details {
    }

    /** A container has nothing more. */
    record ContainerDetails() implements Details {
    }

    /** RAM, ROM or a RAM device: optional initial contents. */
    record MemoryDetails(Contents contents) implements Details {
    }

    /** A ROM device: its mode, its register callbacks and optional initial contents. */
    record RomDeviceDetails(boolean romd, Ops ops, Contents contents) implements Details {
    }

    /** An I/O region: its callbacks. */
    record IoDetails(Ops ops) implements Details {
    }

    /**
     * An alias: its target and the offset within the target that the alias's offset 0 shows.
     */
    record AliasDetails(Reference target, long offset, Location offsetWhere) implements Details {
    }

    /**
     * The behaviour behind an I/O region or a ROM device; null members mean "as the behaviour's
     * own default".
     *
     * @param behaviour what answers accesses
     * @param endianness byte order of the registers, or null
     * @param valid sizes the guest may use, or null
     * @param impl sizes the callbacks implement, or null
     */
    record Ops(Behaviour behaviour, Endianness endianness, AccessConstraints valid, AccessConstraints impl) {
    }

    /** What answers an I/O region's accesses. */
    enum Behaviour {
        /** A {@code RegisterFile}: bytes written read back. */
        REGISTERS,
        /** {@code UnassignedIo}: reads all ones, writes vanish. */
        UNASSIGNED
    }

    /**
     * Initial bytes of a RAM-backed region: a file or literal bytes, written at {@code offset}.
     *
     * @param file the file (already resolved against the board file's directory), or null
     * @param bytes the literal bytes, or null
     * @param offset offset within the region of the first byte
     * @param where where the contents were given
     */
    record Contents(Path file, byte[] bytes, long offset, Location where) {
    }

    /**
     * A reference to a region by id, name or path, as written.
     *
     * @param text the reference
     * @param field the field it was given in ({@code target}, {@code ref}, {@code root})
     * @param where where it was given
     */
    record Reference(String text, String field, Location where) {
    }

    /** One entry of a region's {@code subregions}: where, with what priority, and which region. */
    sealed interface Subregion {
        /** Offset within the container. */
        long at();

        /** The priority among siblings, or null to map with {@code addSubregion} (priority 0). */
        Integer priority();

        /** Where the entry starts. */
        Location where();
    }

    /** A region defined in place. */
    record InlineSubregion(long at, Integer priority, Location where, Region region) implements Subregion {
    }

    /** A region defined elsewhere and mapped here by reference. */
    record MappedSubregion(long at, Integer priority, Location where, Reference ref) implements Subregion {
    }

    /** An address space: its name and its root region. */
    record Space(String name, Reference root, Location where) {
    }
}
