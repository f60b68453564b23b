package dev.physmem.models.x86;

import static org.assertj.core.api.Assertions.assertThat;

import dev.physmem.MemorySystem;
import dev.physmem.models.FwCfg;
import dev.physmem.models.QemuCaptures;
import dev.physmem.ram.RamBlock;
import dev.physmem.ram.RamBlockFlag;
import dev.physmem.ram.RamBlockPrinter;
import dev.physmem.region.RamRegion;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** fw_cfg's ACPI blobs, and with them the whole {@code info ramblock} of the built machines. */
class AcpiRomBlobsTest {

    @ParameterizedTest(name = "{2} -m {1} MiB")
    @CsvSource({"pc, 512, x86_64-pc, ''", "q35, 2048, x86_64-q35, ''", "pc, 512, x86_64-pc-vga, vga",
        "q35, 2048, x86_64-q35-vga, vga", "q35, 1024, x86_64-q35-intel-iommu, intel-iommu virtio-net"})
    void theMachinesRamBlocksPrintWhatQemuPrinted(String type, long ramMiB, String dir, String devices) {
        X86Machine machine = MachineType.byName(type).build(new MemorySystem(), ramMiB << 20,
                MachineCapturesTest.devices(devices.split(" ")));
        // The captures end every output with an empty line; QEMU's text ends with the last line.
        String golden = QemuCaptures.read(dir, "reset", "ramblock.txt");
        assertThat(RamBlockPrinter.format(machine.system().ramBlocks()))
                .isEqualTo(golden.substring(0, golden.length() - 1));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"pc", "q35"})
    void theBlobsAreReadOnlyResizeableAndMigratedUnderTheirNames(String type) {
        X86Machine machine = MachineType.byName(type).build(new MemorySystem(), 128 << 20);
        var list = machine.system().ramBlocks();
        RamBlock tables = list.byIdstr("/rom@etc/acpi/tables").orElseThrow();
        RamBlock rsdp = list.byIdstr("/rom@etc/acpi/rsdp").orElseThrow();
        assertThat(list.byIdstr("/rom@etc/table-loader")).isPresent();
        assertThat(tables.flags()).containsExactlyInAnyOrder(RamBlockFlag.RESIZEABLE, RamBlockFlag.MIGRATABLE);
        assertThat(tables.maxLength()).isEqualTo(AcpiRomBlobs.TABLES_MAX);
        assertThat(tables.region().isReadonly()).isTrue();
        assertThat(tables.region().owner()).isEqualTo(FwCfg.OWNER);
        assertThat(rsdp.region().size()).isEqualTo(20);
        assertThat(rsdp.usedLength()).isEqualTo(0x1000);
        assertThat(((RamRegion) rsdp.region()).container()).isNull();
    }
}
