package dev.physmem.cli.board;

import static org.assertj.core.api.Assertions.assertThat;

import dev.physmem.MemorySystem;
import dev.physmem.flat.FlatRange;
import dev.physmem.flat.FlatView;
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
    void treeReadsLikeInfoMtree() {
        assertThat(TreeText.of(system, "memory")).isEqualTo("""
                  0000000000000000-ffffffffffffffff (prio 0, i/o): system parent:{obj path=/machine/unattached}
                    0000000000000000-000000000000ffff (prio 1, rom): alias boot-alias @soc.bootrom 0000000000000000-000000000000ffff parent:{obj path=/machine/unattached}
                    0000000000000000-0000000003ffffff (prio 0, romd): soc.flash owner:{dev path=/machine/soc/flash}
                    0000000010000000-000000001000ffff (prio 0, rom): soc.bootrom parent:{obj path=/machine/unattached}
                    0000000020000000-000000002003ffff (prio 0, ram): soc.sram owner:{dev path=/machine/soc}
                    0000000040000000-000000004fffffff (prio 0, i/o): peripherals owner:{dev path=/machine/soc}
                      0000000040000000-0000000040000fff (prio 0, i/o): uart0 owner:{dev id=uart0}
                      0000000040000000-000000004fffffff (prio -1000, i/o): peripherals.unimp parent:{obj path=/machine/unattached}
                      0000000040001000-0000000040001fff (prio 0, i/o): uart1 owner:{dev id=uart1}
                      0000000040002000-00000000400020ff (prio 0, i/o): timer parent:{obj path=/machine/unattached}
                        0000000040002010-0000000040002017 (prio 0, i/o): timer.counter parent:{obj path=/machine/unattached}
                      0000000040003000-0000000040003fff (prio 0, i/o): watchdog [disabled] parent:{obj path=/machine/unattached}
                    0000000060000000-000000006fffffff (prio 0, i/o): alias pcie-mmio @pcie 0000000060000000-000000006fffffff parent:{obj path=/machine/unattached}
                    0000000070000000-00000000700fffff (prio 0, nv-ram): soc.nvram parent:{obj path=/machine/unattached}
                    000000007f000000-000000007f00ffff (prio 0, ramd): vfio-bar0 owner:{dev id=vfio0}
                    0000000080000000-00000000bfffffff (prio 0, ram): alias dram-low @soc.dram 0000000000000000-000000003fffffff parent:{obj path=/machine/unattached}
                    0000000100000000-000000013fffffff (prio 0, ram): alias dram-high @soc.dram 0000000040000000-000000007fffffff parent:{obj path=/machine/unattached}
                """);
    }

    @Test
    void formatDocShowsTheExampleFileVerbatim() throws Exception {
        String doc = Files.readString(FORMAT_DOC);
        String section = doc.substring(doc.indexOf("## Complete example"));
        assertThat(fencedBlock(section, "```yaml\n")).isEqualTo(Files.readString(EXAMPLE));
    }

    @Test
    void formatDocShowsTheExamplesTree() throws Exception {
        String doc = Files.readString(FORMAT_DOC);
        String section = doc.substring(doc.indexOf("Its `memory` address space"));
        String tree = fencedBlock(section, "```\n").lines()
                .filter(l -> !l.startsWith("address-space: "))
                .reduce("", (a, b) -> a + b + "\n");
        assertThat(tree).isEqualTo(TreeText.of(system, "memory"));
    }

    private static String fencedBlock(String text, String opening) {
        int start = text.indexOf(opening) + opening.length();
        return text.substring(start, text.indexOf("```\n", start));
    }
}
