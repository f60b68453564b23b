package dev.physmem.ram;

import dev.physmem.MemorySystem;
import dev.physmem.region.Owner;
import dev.physmem.region.RamRegion;
import java.util.ArrayList;
import java.util.List;

/**
 * The RAM blocks QEMU 7.2's {@code pc} and {@code q35} machines make at reset, made the way QEMU
 * makes them and in its order: the {@code -m} backend's {@code pc.ram} (registered without a
 * device), {@code pc.bios} and {@code pc.rom}, then fw_cfg's three ACPI ROM blobs as resizeable,
 * read-only RAM registered without a device. Sizes are those QEMU reported ({@code qom-get}).
 */
final class QemuPcRamBlocks {
    static final Owner FW_CFG = Owner.devicePath("/machine/fw_cfg");

    private QemuPcRamBlocks() {
    }

    /** Every block. Keep the regions: the list holds blocks weakly. */
    static List<RamRegion> build(MemorySystem sys, long ramSize) {
        List<RamRegion> all = new ArrayList<>(memory(sys, ramSize));
        all.addAll(acpiBlobs(sys));
        return all;
    }

    /** {@code pc.ram}, {@code pc.bios}, {@code pc.rom}: {@code pc_memory_init}. */
    static List<RamRegion> memory(MemorySystem sys, long ramSize) {
        RamRegion ram = sys.initRam(Owner.objectPath("/objects/pc.ram"), "pc.ram", ramSize);
        RamRegion bios = sys.initRom(Owner.UNATTACHED, "pc.bios", 256 << 10);
        RamRegion rom = sys.initRom(Owner.UNATTACHED, "pc.rom", 128 << 10);
        return List.of(ram, bios, rom);
    }

    /** The ACPI blobs fw_cfg serves, made at machine-done: {@code acpi_setup}. */
    static List<RamRegion> acpiBlobs(MemorySystem sys) {
        return List.of(romBlob(sys, "etc/acpi/tables", 0x2_0000, 0x20_0000),
                romBlob(sys, "etc/table-loader", 0x1000, 0x1_0000), romBlob(sys, "etc/acpi/rsdp", 20, 0x1000));
    }

    /** QEMU's {@code rom_add_blob} through {@code rom_set_mr}. */
    static RamRegion romBlob(MemorySystem sys, String file, long size, long maxSize) {
        RamRegion blob = sys.initResizeableRam(FW_CFG, "/rom@" + file, size, maxSize, ResizeCallback.NONE);
        blob.setReadonly(true);
        sys.ramBlocks().vmstateRegisterRamGlobal(blob);
        return blob;
    }
}
