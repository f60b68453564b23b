package dev.physmem.cli.view;

import dev.physmem.flat.FlatRange;
import dev.physmem.iommu.IommuMemoryRegion;
import dev.physmem.region.AliasRegion;
import dev.physmem.region.ContainerRegion;
import dev.physmem.region.IoRegion;
import dev.physmem.region.RamDeviceRegion;
import dev.physmem.region.RamRegion;
import dev.physmem.region.RomDeviceRegion;

/**
 * What a flat range is backed by, as the map page colours it. Finer than the printed type: a ROM
 * region and RAM seen through a read-only alias both print {@code rom}, but they are different
 * things to look at.
 */
public enum RangeKind {
    /** Writable RAM. */
    RAM("ram", "RAM"),
    /** RAM reached through a read-only path (a PAM segment set to read-only, say). */
    READONLY_RAM("ram-ro", "read-only RAM"),
    /** A ROM region (read-only RAM of its own). */
    ROM("rom", "ROM"),
    /** A ROM device in romd mode: reads from memory, writes to callbacks. */
    ROMD("romd", "ROM device (romd)"),
    /** Device memory accessed with exact-width loads and stores. */
    RAMD("ramd", "RAM device"),
    /** Device callbacks: MMIO, port I/O, a ROM device outside romd mode. */
    IO("io", "I/O");

    private final String cssName;
    private final String label;

    RangeKind(String cssName, String label) {
        this.cssName = cssName;
        this.label = label;
    }

    /** The suffix of the CSS class {@code k-NAME} that colours ranges of this kind. */
    public String cssName() {
        return cssName;
    }

    /** The legend text. */
    public String label() {
        return label;
    }

    /** The kind of {@code range}, from its terminal region and its accumulated read-only flag. */
    public static RangeKind of(FlatRange range) {
        return switch (range.region()) {
            case RamRegion ram when ram.isReadonly() -> ROM;
            case RamRegion _ -> range.readonly() ? READONLY_RAM : RAM;
            case RomDeviceRegion device -> device.isRomd() ? ROMD : IO;
            case RamDeviceRegion _ -> RAMD;
            case IoRegion _, IommuMemoryRegion _ -> IO;
            case AliasRegion _, ContainerRegion _ -> throw new IllegalArgumentException(
                    "flat ranges show terminal regions only: region=" + range.region().name());
        };
    }
}
