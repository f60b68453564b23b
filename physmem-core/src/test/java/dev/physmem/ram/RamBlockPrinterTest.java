package dev.physmem.ram;

import static org.assertj.core.api.Assertions.assertThat;

import dev.physmem.MemorySystem;
import dev.physmem.host.HostMemoryBackend;
import dev.physmem.region.MemoryRegion;
import dev.physmem.region.Owner;
import dev.physmem.region.RamRegion;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code info ramblock} against QEMU 7.2's own output. */
class RamBlockPrinterTest {
    private final MemorySystem sys = new MemorySystem();

    @ParameterizedTest(name = "{0}")
    @CsvSource({"x86_64-pc, 512", "x86_64-q35, 2048"})
    void printsTheBlocksOfQemusPcMachinesByteForByte(String machine, long ramMiB) throws IOException {
        List<RamRegion> keep = QemuPcRamBlocks.build(sys, ramMiB << 20);

        // The captures end every output with an empty line; QEMU's text ends with the last line.
        String golden = read("/qemu-7.2/" + machine + "/reset/ramblock.txt");
        assertThat(golden).endsWith("\n\n");
        assertThat(RamBlockPrinter.format(sys.ramBlocks())).isEqualTo(golden.substring(0, golden.length() - 1));
        assertThat(keep).hasSize(6);
    }

    @Test
    void printsUnregisteredBackendsDevicePathsAndGapsAsQemuDid() throws IOException {
        List<Object> keep = new ArrayList<>();
        for (String id : List.of("m0", "m1", "m2")) {
            long size = id.equals("m2") ? 2 << 20 : 1 << 20;
            try (HostMemoryBackend backend = HostMemoryBackend.ram().size(size).create()) {
                keep.add(sys.initRamFromBackend(Owner.objectPath("/objects/" + id), id, backend));
            }
        }
        keep.addAll(QemuPcRamBlocks.memory(sys, 512 << 20));
        Owner vga = Owner.devicePath("/machine/peripheral-anon/device[0]");
        sys.ramBlocks().setDevicePath(vga, "0000:00:02.0");
        RamRegion vram = sys.initRamNomigrate(vga, "vga.vram", 16 << 20);
        sys.ramBlocks().vmstateRegisterRam(vram, vga);
        keep.add(vram);
        keep.add(sys.initRom(vga, "vga.rom", 0x1_0000));
        keep.addAll(QemuPcRamBlocks.acpiBlobs(sys));

        assertThat(RamBlockPrinter.format(sys.ramBlocks())).isEqualTo(read("/ramblock/pc-vga-backends.txt"));
        assertThat(keep).hasSize(11);
    }

    @Test
    void anEmptyListPrintsTheHeaderAlone() {
        assertThat(RamBlockPrinter.format(sys.ramBlocks())).isEqualTo(
                "              Block Name    PSize              Offset               Used              Total\n");
    }

    @Test
    void pageSizeAndNameColumnsFollowQemusPrintfWidths() {
        var huge = new RamRegion(sys, null, "hugepages", 4L << 20, Arena.ofAuto().allocate(4L << 20), false,
                RamBlockSpec.fixed(4L << 20, 2L << 20, EnumSet.noneOf(RamBlockFlag.class)));
        sys.ramBlocks().vmstateRegisterRam(huge, null);
        String longName = "a-name-of-more-than-twenty-four-bytes";
        RamRegion wide = sys.initRam(null, longName, 0x1000);
        RamRegion accented = sys.initRam(null, "mémoire", 0x1000);

        assertThat(RamBlockPrinter.format(sys.ramBlocks()).lines().skip(1).toList()).containsExactly(
                "               hugepages    2 MiB  0x0000000000000000 0x0000000000400000 0x0000000000400000",
                longName + "    4 KiB  0x0000000000400000 0x0000000000001000 0x0000000000001000",
                // C pads by bytes: é is two of them
                "                mémoire    4 KiB  0x0000000000440000 0x0000000000001000 0x0000000000001000");
        assertThat(List.<MemoryRegion>of(huge, wide, accented)).hasSize(3);
    }

    private static String read(String resource) throws IOException {
        try {
            return Files.readString(Path.of(RamBlockPrinterTest.class.getResource(resource).toURI()));
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
