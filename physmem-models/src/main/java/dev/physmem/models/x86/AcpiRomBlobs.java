package dev.physmem.models.x86;

import dev.physmem.MemorySystem;
import dev.physmem.models.FwCfg;
import dev.physmem.ram.ResizeCallback;
import dev.physmem.region.RamRegion;

/**
 * The ACPI blobs that the firmware configuration device serves to the BIOS, as the RAM blocks
 * QEMU 7.2 makes for them at machine-done: {@code /rom@etc/acpi/tables},
 * {@code /rom@etc/table-loader} and {@code /rom@etc/acpi/rsdp}, each resizeable RAM up to its
 * ACPI build maximum, read-only, owned by {@code fw_cfg} and registered for migration without a
 * device path (so the idstr is the name). QEMU counterpart: {@code acpi_setup} →
 * {@code acpi_add_rom_blob} → {@code rom_add_blob} → {@code rom_set_mr}.
 *
 * <p>The sizes are those QEMU gave the blobs for {@code -M pc} and {@code -M q35} with
 * {@code -nodefaults} (the tables padded to 128 KiB, a 4 KiB loader script, a 20-byte RSDP); the
 * contents are not generated: the blobs are zero-filled, as their place in the ram address space
 * and in migration does not depend on them.
 */
final class AcpiRomBlobs {
    /** The device that owns the blobs' regions. */
    /** {@code ACPI_BUILD_TABLE_MAX_SIZE}. */
    static final long TABLES_MAX = 0x20_0000;
    /** {@code ACPI_BUILD_LOADER_MAX_SIZE}. */
    static final long LOADER_MAX = 0x1_0000;
    /** {@code ACPI_BUILD_RSDP_MAX_SIZE}. */
    static final long RSDP_MAX = 0x1000;

    private final RamRegion tables;
    private final RamRegion tableLoader;
    private final RamRegion rsdp;

    /** Makes the three blobs in QEMU's order. */
    AcpiRomBlobs(MemorySystem system) {
        tables = blob(system, "etc/acpi/tables", 0x2_0000, TABLES_MAX);
        tableLoader = blob(system, "etc/table-loader", 0x1000, LOADER_MAX);
        rsdp = blob(system, "etc/acpi/rsdp", 20, RSDP_MAX);
    }

    private static RamRegion blob(MemorySystem system, String file, long size, long maxSize) {
        RamRegion region = system.initResizeableRam(FwCfg.OWNER, "/rom@" + file, size, maxSize, ResizeCallback.NONE);
        region.setReadonly(true);
        system.ramBlocks().vmstateRegisterRamGlobal(region);
        return region;
    }

    /** {@code /rom@etc/acpi/tables}. */
    RamRegion tables() {
        return tables;
    }

    /** {@code /rom@etc/table-loader}. */
    RamRegion tableLoader() {
        return tableLoader;
    }

    /** {@code /rom@etc/acpi/rsdp}. */
    RamRegion rsdp() {
        return rsdp;
    }
}
