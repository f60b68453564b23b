package dev.physmem.cli.board;

import dev.physmem.cli.board.BoardSpec.AliasDetails;
import dev.physmem.cli.board.BoardSpec.Behaviour;
import dev.physmem.cli.board.BoardSpec.ContainerDetails;
import dev.physmem.cli.board.BoardSpec.Contents;
import dev.physmem.cli.board.BoardSpec.Details;
import dev.physmem.cli.board.BoardSpec.Id;
import dev.physmem.cli.board.BoardSpec.InlineSubregion;
import dev.physmem.cli.board.BoardSpec.IoDetails;
import dev.physmem.cli.board.BoardSpec.MappedSubregion;
import dev.physmem.cli.board.BoardSpec.MemoryDetails;
import dev.physmem.cli.board.BoardSpec.Ops;
import dev.physmem.cli.board.BoardSpec.Reference;
import dev.physmem.cli.board.BoardSpec.Region;
import dev.physmem.cli.board.BoardSpec.RomDeviceDetails;
import dev.physmem.cli.board.BoardSpec.Space;
import dev.physmem.cli.board.BoardSpec.Subregion;
import dev.physmem.region.AccessConstraints;
import dev.physmem.region.Endianness;
import dev.physmem.region.Owner;
import java.io.ByteArrayOutputStream;
import java.nio.ByteOrder;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * Reads a board file's YAML into a {@link BoardSpec}: checks every field's presence, type and
 * range, and rejects unknown fields. References between regions stay text; the
 * {@link BoardValidator} resolves them.
 *
 * <p>One parser reads one file; it is not thread-safe.
 */
final class BoardParser {
    private static final List<String> BOARD_FIELDS =
            List.of("format", "name", "description", "endianness", "regions", "address-spaces");
    private static final List<String> SPACE_FIELDS = List.of("name", "root");
    private static final List<String> MAPPING_FIELDS = List.of("at", "priority");
    private static final List<String> REF_FIELDS = List.of("at", "priority", "ref");
    private static final List<String> CONTENTS_FIELDS = List.of("file", "hex", "offset");
    private static final List<String> CONSTRAINT_FIELDS = List.of("min", "max", "unaligned");
    private static final List<String> OWNER_FIELDS = List.of("dev-id", "dev-path", "obj-path", "parent-path");
    private static final List<String> ACCESS_SIZES = List.of("1", "2", "4", "8");
    private static final String PRIORITY = "an integer priority";

    private final String source;
    private final Path baseDirectory;
    private int nextOrdinal;

    /**
     * @param source the file name used in messages
     * @param baseDirectory the directory that relative {@code contents.file} paths are resolved against
     */
    BoardParser(String source, Path baseDirectory) {
        this.source = source;
        this.baseDirectory = baseDirectory;
    }

    /** Parses {@code text}. */
    BoardSpec parse(String text) throws BoardFormatException {
        Node root = YamlComposer.compose(text, source);
        MappingFields board = MappingFields.of(source, root, null, "", "a board");
        board.rejectUnknown(BOARD_FIELDS, "a board");
        Integer format = board.optionalInt("format", "a format version");
        if (format != null && format != 1) {
            throw board.invalid("format", "expected 1 (the only version of the board format), got " + format);
        }
        String name = board.optionalString("name");
        board.optionalString("description");
        String endianness = board.optionalChoice("endianness", List.of("little", "big"));
        ByteOrder order = "big".equals(endianness) ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;

        List<Region> regions = new ArrayList<>();
        for (Node n : board.list("regions", "regions", "a board needs at least one region")) {
            regions.add(region(MappingFields.of(source, n, "regions", "", "a region"), List.of(), true));
        }
        List<Space> spaces = new ArrayList<>();
        for (Node n : board.list("address-spaces", "address spaces",
                "a board needs at least one address space to be looked at")) {
            spaces.add(space(MappingFields.of(source, n, "address-spaces", "", "an address space")));
        }
        return new BoardSpec(name, order, regions, spaces);
    }

    private Space space(MappingFields f) throws BoardFormatException {
        f.rejectUnknown(SPACE_FIELDS, "an address space");
        String name = f.string("name", "every address space needs a name");
        String root = f.string("root", "every address space needs a root region (an id, name or path)");
        return new Space(name, new Reference(root, "root", f.where("root")), f.where());
    }

    // ---------------------------------------------------------------- regions

    /**
     * One region definition.
     *
     * @param extraFields fields the enclosing entry takes besides the region's own ({@code at},
     *     {@code priority} for a subregion)
     */
    private Region region(MappingFields f, List<String> extraFields, boolean topLevel) throws BoardFormatException {
        int ordinal = nextOrdinal++;
        if (topLevel) {
            String why = "a top-level region is not mapped anywhere; map it into a container with a"
                    + " subregion entry '- {at: ..., ref: NAME}'";
            f.reject("at", why);
            f.reject("priority", why);
            f.reject("ref", "'ref' maps a region defined elsewhere; it belongs in a container's subregions");
        }
        RegionKind kind = kind(f);
        String what = article(kind) + " region";
        f.rejectUnknown(RegionKind.concat(kind.fields(), extraFields), what);

        String name = f.string("name", "every region needs a name");
        if (name.indexOf('\n') >= 0 || name.indexOf('\r') >= 0) {
            throw f.invalid("name", "a region name may not contain a line break");
        }
        String idText = f.optionalString("id");
        Id id = idText == null ? null : new Id(idText, f.where("id"));
        boolean sizeGiven = kind != RegionKind.ALIAS || f.has("size");
        long size = sizeGiven ? f.size("size", "every region but an alias needs a size") : 0;
        if (hostBacked(kind) && size < 0) { // MemorySystem backs these with at most 2^63 - 1 bytes
            throw f.invalid("size", "a " + kind.yamlName() + " region lives in host memory and must be smaller"
                    + " than 2^63 bytes, got " + Numbers.formatSize(size));
        }
        Owner owner = owner(f);
        boolean enabled = f.optionalBool("enabled", true);
        boolean readonly = f.optionalBool("readonly", kind == RegionKind.ROM);
        boolean nonvolatile = f.optionalBool("nonvolatile", false);
        Details details = details(f, kind);
        if (kind == RegionKind.ALIAS) {
            f.reject("subregions", "an alias has no subregions of its own (QEMU ignores them when rendering);"
                    + " map them into the alias's target");
        }
        List<Subregion> subregions = new ArrayList<>();
        for (Node n : f.optionalList("subregions", "subregion entries")) {
            subregions.add(subregion(MappingFields.of(source, n, "subregions", "", "a subregion entry")));
        }
        return new Region(ordinal, f.where(), name, id, kind, size, sizeGiven, f.where("size"), owner,
                enabled, readonly, nonvolatile, details, subregions);
    }

    private RegionKind kind(MappingFields f) throws BoardFormatException {
        String text = f.string("kind", "every region needs a kind: " + String.join(", ", RegionKind.yamlNames()));
        RegionKind kind = RegionKind.byYamlName(text);
        if (kind == null) {
            throw f.invalid("kind", "expected one of " + String.join(", ", RegionKind.yamlNames()) + ", got '"
                    + text + "'" + Suggestions.didYouMean(text, RegionKind.yamlNames()));
        }
        return kind;
    }

    private Subregion subregion(MappingFields f) throws BoardFormatException {
        long at = f.address("at", "a subregion entry needs 'at', its offset within the container");
        Integer priority = f.optionalInt("priority", PRIORITY);
        if (f.has("ref")) {
            f.rejectUnknown(REF_FIELDS, "a subregion entry with 'ref' (which maps a region defined elsewhere"
                    + " and takes only at, priority and ref)");
            String ref = f.string("ref", "");
            return new MappedSubregion(at, priority, f.where(), new Reference(ref, "ref", f.where("ref")));
        }
        return new InlineSubregion(at, priority, f.where(), region(f, MAPPING_FIELDS, false));
    }

    private Details details(MappingFields f, RegionKind kind) throws BoardFormatException {
        return switch (kind) {
            case CONTAINER -> new ContainerDetails();
            case RAM, ROM, RAM_DEVICE -> new MemoryDetails(contents(f));
            case ROM_DEVICE -> new RomDeviceDetails(f.optionalBool("romd", true), ops(f), contents(f));
            case IO -> new IoDetails(ops(f));
            case ALIAS -> new AliasDetails(
                    new Reference(f.string("target", "an alias needs a target region (an id, name or path)"),
                            "target", f.where("target")),
                    f.optionalAddress("offset", 0), f.where("offset"));
        };
    }

    private static boolean hostBacked(RegionKind kind) {
        return switch (kind) {
            case RAM, ROM, ROM_DEVICE, RAM_DEVICE -> true;
            case CONTAINER, IO, ALIAS -> false;
        };
    }

    private static String article(RegionKind kind) {
        return (kind == RegionKind.ALIAS || kind == RegionKind.IO ? "an " : "a ") + kind.yamlName();
    }

    // ---------------------------------------------------------------- owners

    private Owner owner(MappingFields f) throws BoardFormatException {
        Node n = f.node("owner");
        if (n == null) {
            return Owner.UNATTACHED;
        }
        String expected = "expected an owner like {dev-id: uart0}, {dev-path: /machine/uart0}, {obj-path: PATH},"
                + " {parent-path: PATH} or 'owner:{dev id=uart0}'";
        if (n instanceof ScalarNode) {
            String text = f.string("owner", "");
            Owner owner = Owner.parse(text);
            if (owner == null) {
                throw f.invalid("owner", expected + ", got '" + text + "'");
            }
            return owner;
        }
        MappingFields o = f.optionalMapping("owner", "an owner");
        o.rejectUnknown(OWNER_FIELDS, "an owner");
        if (o.keys().size() != 1) {
            throw f.invalid("owner", expected + ", got " + o.keys().size() + " fields");
        }
        String key = o.keys().iterator().next();
        String value = o.string(key, "");
        try {
            return switch (key) {
                case "dev-id" -> Owner.deviceId(value);
                case "dev-path" -> Owner.devicePath(value);
                case "obj-path" -> Owner.objectPath(value);
                default -> Owner.parentPath(value);
            };
        } catch (IllegalArgumentException e) {
            throw o.invalid(key, "an owner may not contain '}' or a line break, got '" + value + "'");
        }
    }

    // ---------------------------------------------------------------- device behaviour

    private Ops ops(MappingFields f) throws BoardFormatException {
        String behaviour = f.optionalChoice("ops", List.of("registers", "unassigned"));
        String endianness = f.optionalChoice("endianness", List.of("native", "little", "big"));
        return new Ops(
                "unassigned".equals(behaviour) ? Behaviour.UNASSIGNED : Behaviour.REGISTERS,
                endianness == null ? null : Endianness.valueOf(endianness.toUpperCase(Locale.ROOT)),
                constraints(f.optionalMapping("valid", "access sizes")),
                constraints(f.optionalMapping("impl", "access sizes")));
    }

    private static AccessConstraints constraints(MappingFields c) throws BoardFormatException {
        if (c == null) {
            return null;
        }
        c.rejectUnknown(CONSTRAINT_FIELDS, "access sizes");
        String min = c.optionalChoice("min", ACCESS_SIZES);
        String max = c.optionalChoice("max", ACCESS_SIZES);
        int minSize = min == null ? 0 : Integer.parseInt(min);
        int maxSize = max == null ? 0 : Integer.parseInt(max);
        if (minSize != 0 && maxSize != 0 && minSize > maxSize) {
            throw c.invalid("max", "expected at least min (" + minSize + "), got " + maxSize);
        }
        return new AccessConstraints(minSize, maxSize, c.optionalBool("unaligned", false));
    }

    // ---------------------------------------------------------------- contents

    private Contents contents(MappingFields f) throws BoardFormatException {
        MappingFields c = f.optionalMapping("contents", "initial contents ({file: PATH} or {hex: BYTES})");
        if (c == null) {
            return null;
        }
        c.rejectUnknown(CONTENTS_FIELDS, "contents");
        if (c.has("file") == c.has("hex")) {
            throw f.invalid("contents", "expected exactly one of 'file' or 'hex'");
        }
        long offset = c.optionalAddress("offset", 0);
        if (c.has("file")) {
            String file = c.string("file", "");
            try {
                return new Contents(baseDirectory.resolve(file), null, offset, c.where("file"));
            } catch (InvalidPathException e) {
                throw c.invalid("file", "expected a file path, got '" + file + "': " + e.getReason());
            }
        }
        return new Contents(null, hexBytes(c), offset, c.where("hex"));
    }

    private static byte[] hexBytes(MappingFields c) throws BoardFormatException {
        String text = c.string("hex", "");
        String digits = text.replaceAll("[\\s_]", "");
        if (!digits.matches("([0-9a-fA-F]{2})+")) {
            throw c.invalid("hex", "expected pairs of hex digits like 'ea 00 00 0f', got '" + text + "'");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(digits.length() / 2);
        for (int i = 0; i < digits.length(); i += 2) {
            out.write(Integer.parseInt(digits, i, i + 2, 16));
        }
        return out.toByteArray();
    }
}
