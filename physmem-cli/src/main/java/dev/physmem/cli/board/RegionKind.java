package dev.physmem.cli.board;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The {@code kind} of a region in a board file, and the fields each kind takes besides the
 * common ones. Each kind names the {@code MemorySystem} factory the builder calls.
 */
enum RegionKind {
    /** {@code initContainer}: a pure container. */
    CONTAINER("container"),
    /** {@code initRam}: guest RAM. */
    RAM("ram", "contents"),
    /** {@code initRom}: read-only memory. */
    ROM("rom", "contents"),
    /** {@code initRomDevice}: a ROM device (flash) with register callbacks. */
    ROM_DEVICE("rom-device", "romd", "contents", "ops", "endianness", "valid", "impl"),
    /** {@code initIo}: device registers. */
    IO("io", "ops", "endianness", "valid", "impl"),
    /** {@code initAlias}: a window onto another region. */
    ALIAS("alias", "target", "offset"),
    /** {@code initRamDevicePtr}: device memory accessed with exact-width loads and stores. */
    RAM_DEVICE("ram-device", "contents");

    /** Fields every region takes. */
    static final List<String> COMMON_FIELDS =
            List.of("name", "id", "kind", "size", "owner", "enabled", "readonly", "nonvolatile", "subregions");

    private final String yamlName;
    private final List<String> extraFields;

    RegionKind(String yamlName, String... extraFields) {
        this.yamlName = yamlName;
        this.extraFields = List.of(extraFields);
    }

    /** The spelling in board files. */
    String yamlName() {
        return yamlName;
    }

    /** The fields a region of this kind takes: the common ones, then its own. */
    List<String> fields() {
        return concat(COMMON_FIELDS, extraFields);
    }

    /** The kind spelt {@code name}, or null. */
    static RegionKind byYamlName(String name) {
        for (RegionKind k : values()) {
            if (k.yamlName.equals(name)) {
                return k;
            }
        }
        return null;
    }

    /** Every kind's spelling, in declaration order. */
    static List<String> yamlNames() {
        return Arrays.stream(values()).map(RegionKind::yamlName).toList();
    }

    /** {@code a} followed by {@code b}. */
    static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return List.copyOf(out);
    }
}
