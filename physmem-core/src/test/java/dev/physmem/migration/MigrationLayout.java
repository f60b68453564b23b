package dev.physmem.migration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.physmem.MemorySystem;
import dev.physmem.ram.RamBlock;
import dev.physmem.region.AliasRegion;
import dev.physmem.region.ContainerRegion;
import dev.physmem.region.MemoryRegion;
import dev.physmem.region.RamRegion;
import dev.physmem.space.AddressSpace;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.random.RandomGenerator;

/**
 * A small machine-like memory layout for migration tests: low RAM, SMRAM that only the SMM
 * address space shows (over the system memory, as QEMU's x86 SMM space), a ROM at the top of 4
 * GiB, and a resizeable ACPI-like block. Source and destination are built by the same code.
 */
final class MigrationLayout {
    static final long RAM_SIZE = 4L << 20;
    static final long SMRAM_BASE = 0xa0000;
    static final long SMRAM_SIZE = 128 << 10;
    static final long BIOS_SIZE = 256 << 10;
    static final long BIOS_BASE = 0x1_0000_0000L - BIOS_SIZE;
    static final long ACPI_SIZE = 64 << 10;
    static final long ACPI_MAX = 1 << 20;

    final MemorySystem sys = new MemorySystem();
    final RamRegion ram;
    final RamRegion smram;
    final RamRegion bios;
    final RamRegion acpi;
    final AddressSpace memory;
    final AddressSpace smm;

    MigrationLayout() {
        ContainerRegion system = sys.initContainer(null, "system", MemoryRegion.SIZE_2_64);
        ContainerRegion smmRoot = sys.initContainer(null, "smm", MemoryRegion.SIZE_2_64);
        ram = sys.initRam(null, "pc.ram", RAM_SIZE);
        smram = sys.initRam(null, "smram", SMRAM_SIZE);
        bios = sys.initRom(null, "pc.bios", BIOS_SIZE);
        acpi = sys.initResizeableRam(null, "etc/acpi/tables", ACPI_SIZE, ACPI_MAX, (id, size, host) -> { });
        sys.ramBlocks().vmstateRegisterRamGlobal(acpi);
        AliasRegion smmMemory = sys.initAlias(null, "smm-memory", system, 0, MemoryRegion.SIZE_2_64);
        try (var tx = sys.transaction()) {
            system.addSubregion(0, ram);
            system.addSubregion(BIOS_BASE, bios);
            system.addSubregion(0x1000_0000L, acpi);
            smmRoot.addSubregionOverlap(0, smmMemory, 0);
            smmRoot.addSubregionOverlap(SMRAM_BASE, smram, 1);
        }
        memory = sys.addressSpace(system, "memory");
        smm = sys.addressSpace(smmRoot, "smm");
    }

    /** Random bytes in every block, with about one page in four left (or made) zero. */
    void fillRandom(RandomGenerator rnd) {
        for (RamBlock b : sys.ramBlocks().migratableBlocks()) {
            MemorySegment host = b.host();
            for (long off = 0; off < b.usedLength(); off += RamStreamFormat.PAGE_SIZE) {
                MemorySegment page = host.asSlice(off, RamStreamFormat.PAGE_SIZE);
                if (rnd.nextInt(4) == 0) {
                    page.fill((byte) 0);
                } else {
                    for (long i = 0; i < RamStreamFormat.PAGE_SIZE; i += 8) {
                        page.set(ValueLayout.JAVA_LONG_UNALIGNED, i, rnd.nextLong());
                    }
                }
            }
        }
    }

    /** setup, one iterate, complete: the stream's bytes. */
    static byte[] migrate(MemorySystem source) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        RamMigrationSender sender = new RamMigrationSender(source, bytes);
        sender.setup();
        sender.iterate();
        sender.complete();
        return bytes.toByteArray();
    }

    static MigrationLoad load(MemorySystem destination, byte[] stream) throws IOException {
        return new RamMigrationReceiver(destination, new ByteArrayInputStream(stream)).load();
    }

    /** Every migratable block of {@code source} exists in {@code destination} with the same used length and bytes. */
    static void assertSameRam(MemorySystem source, MemorySystem destination, String context) {
        assertThat(source.ramBlocks().migratableBlocks()).as(context).isNotEmpty();
        for (RamBlock s : source.ramBlocks().migratableBlocks()) {
            RamBlock d = destination.ramBlocks().byIdstr(s.idstr()).orElseThrow();
            assertThat(d.usedLength()).as("%s: used length of %s", context, s.idstr()).isEqualTo(s.usedLength());
            long mismatch = s.host().asSlice(0, s.usedLength()).mismatch(d.host().asSlice(0, d.usedLength()));
            assertThat(mismatch).as("%s: first differing byte of %s", context, s.idstr()).isEqualTo(-1L);
        }
    }
}
