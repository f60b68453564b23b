package dev.physmem.cli.board;

import static org.assertj.core.api.Assertions.assertThat;

import dev.physmem.MemorySystem;
import dev.physmem.flat.FlatRange;
import dev.physmem.flat.FlatView;
import dev.physmem.mtree.MtreeOptions;
import dev.physmem.mtree.MtreePrinter;
import dev.physmem.region.RamRegion;
import dev.physmem.space.AddressSpace;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The example board of docs/BOARD-FORMAT.md loads and builds the machine it describes. */
class BoardExampleTest {
    private static final Path EXAMPLE = Path.of("..", "examples", "board-example.yaml");
    private static final Path FORMAT_DOC = Path.of("..", "docs", "BOARD-FORMAT.md");
    private static MemorySystem system;

    @BeforeAll
    static void load() throws Exception {
        system = BoardLoader.load(EXAMPLE);
    }

    private static AddressSpace space(String name) {
        return system.addressSpaces().stream().filter(a -> a.name().equals(name)).findFirst().orElseThrow();
    }

    private static void assertAnswers(String space, long addr, String region, long offset) {
        FlatRange r = space(space).view().lookup(addr);
        assertThat(r).as("range at 0x%x in %s", addr, space).isNotNull();
        assertThat(r.region().name()).as("region at 0x%x", addr).isEqualTo(region);
        assertThat(r.offsetOf(addr)).as("offset at 0x%x", addr).isEqualTo(offset);
    }

    @Test
    void addressSpacesAreCreatedInFileOrder() {
        assertThat(system.addressSpaces()).extracting(AddressSpace::name)
                .containsExactly("memory", "cpu-memory-0", "dma");
    }

    @Test
    void spacesWithTheSameRootShareOneFlatView() {
        FlatView memory = space("memory").view();
        assertThat(space("cpu-memory-0").view()).isSameAs(memory);
        assertThat(space("cpu-memory-0").root()).isSameAs(space("memory").root());
    }

    @Test
    void bootRomAliasShadowsTheFlashAtZero() {
        assertAnswers("memory", 0x0, "soc.bootrom", 0x0);
        assertAnswers("memory", 0xfffc, "soc.bootrom", 0xfffc);
        assertAnswers("memory", 0x1_0000, "soc.flash", 0x1_0000);
        assertThat(space("memory").view().lookup(0x1_0000).typeName()).isEqualTo("romd");
        assertThat(space("memory").view().lookup(0x0).typeName()).isEqualTo("rom");
    }

    @Test
    void peripheralsMapThroughTheirContainerOverTheUnimplementedBackground() {
        assertAnswers("memory", 0x4000_0000L, "uart0", 0x0);
        assertAnswers("memory", 0x4000_1004L, "uart1", 0x4);
        assertAnswers("memory", 0x4000_2000L, "timer", 0x0);
        assertAnswers("memory", 0x4000_2012L, "timer.counter", 0x2);
        assertAnswers("memory", 0x4000_3000L, "peripherals.unimp", 0x3000);
        assertAnswers("memory", 0x4ff0_0000L, "peripherals.unimp", 0xff0_0000L);
    }

    @Test
    void dramIsSeenThroughBothWindowsAndTheGapBetweenIsUnassigned() {
        assertAnswers("memory", 0x8000_0000L, "soc.dram", 0x0);
        assertAnswers("memory", 0xbfff_ffffL, "soc.dram", 0x3fff_ffffL);
        assertThat(space("memory").view().lookup(0xc000_0000L)).isNull();
        assertAnswers("memory", 0x1_0000_0000L, "soc.dram", 0x4000_0000L);
        assertAnswers("memory", 0x1_3fff_ffffL, "soc.dram", 0x7fff_ffffL);
        assertThat(space("memory").view().lookup(0x1_4000_0000L)).isNull();
    }

    @Test
    void pcieWindowShowsTheBarsAtTheirBusAddresses() {
        assertAnswers("memory", 0x6000_0010L, "gpu.bar0", 0x10);
        assertAnswers("memory", 0x6100_0000L, "nvme.bar0", 0x0);
        assertThat(space("memory").view().lookup(0x6200_0000L)).isNull();
    }

    @Test
    void nonvolatileRamAndRamDeviceKeepTheirTypes() {
        assertThat(space("memory").view().lookup(0x7000_0000L).typeName()).isEqualTo("nv-ram");
        assertThat(space("memory").view().lookup(0x7f00_0000L).typeName()).isEqualTo("ramd");
    }

    @Test
    void dmaSpaceSeesTheLowDramWindowThroughAnAliasOfAnAlias() {
        assertAnswers("dma", 0x1000, "soc.dram", 0x1000);
        assertAnswers("dma", 0x3fff_ffffL, "soc.dram", 0x3fff_ffffL);
        assertThat(space("dma").view().lookup(0x4000_0000L)).isNull();
        assertAnswers("dma", 0x2000_0010L, "soc.sram", 0x10);
    }

    @Test
    void bootRomHoldsItsHexContents() {
        RamRegion rom = (RamRegion) space("memory").view().lookup(0x0).region();
        assertThat(rom.backing().get(ValueLayout.JAVA_INT_UNALIGNED.withOrder(java.nio.ByteOrder.LITTLE_ENDIAN), 0))
                .isEqualTo(0x0badc0de);
    }

    @Test
    void formatDocShowsTheExampleFileVerbatim() throws Exception {
        String doc = Files.readString(FORMAT_DOC);
        String section = doc.substring(doc.indexOf("## Complete example"));
        assertThat(fencedBlock(section, "```yaml\n")).isEqualTo(Files.readString(EXAMPLE));
    }

    @Test
    void infoMtreeOfTheExampleIsTheTreeTheDocShows() throws Exception {
        String doc = Files.readString(FORMAT_DOC);
        String section = doc.substring(doc.indexOf("What `info mtree -o -D` prints"));
        assertThat(MtreePrinter.print(system, MtreeOptions.tree().withOwners().withDisabled()))
                .isEqualTo(fencedBlock(section, "```\n"));
    }

    @Test
    void flatViewsOfTheExampleAreTheOnesTheDocShows() throws Exception {
        String doc = Files.readString(FORMAT_DOC);
        String section = doc.substring(doc.indexOf("And `info mtree -f`"));
        assertThat(MtreePrinter.print(system, MtreeOptions.flatView())).isEqualTo(fencedBlock(section, "```\n"));
    }

    private static String fencedBlock(String text, String opening) {
        int start = text.indexOf(opening) + opening.length();
        return text.substring(start, text.indexOf("```\n", start));
    }
}
