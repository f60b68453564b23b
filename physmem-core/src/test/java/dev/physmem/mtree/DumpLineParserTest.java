package dev.physmem.mtree;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.physmem.region.Owner;
import org.junit.jupiter.api.Test;

class DumpLineParserTest {

    @Test
    void aliasLineSplitsNameAndTargetAtTheFirstSpaceAtEvenWhenBothHaveSpaces() {
        DumpLine line = DumpLineParser.parse(7, "    0000000000000000-ffffffffffffffff (prio 0, i/o): alias bus master "
                + "@bus master container 0000000000000000-ffffffffffffffff [disabled] owner:{dev path=/machine/unattached/device[2]}");

        assertThat(line.depth()).isEqualTo(1);
        assertThat(line.name()).isEqualTo("bus master");
        assertThat(line.alias()).isEqualTo(new DumpLine.Alias("bus master container", 0));
        assertThat(line.disabled()).isTrue();
        assertThat(line.owner()).isEqualTo(Owner.devicePath("/machine/unattached/device[2]"));
        assertThat(line.span()).isEqualTo(-1L);
    }

    @Test
    void plainLineKeepsAtSignsAndBracketsInTheNameAndReadsNegativePriorityAndNvPrefix() {
        DumpLine line = DumpLineParser.parse(1, "  000000003f000000-000000003fffffff (prio -1000, nv-ram): "
                + "pci@800000020000000.io-alias[*] parent:{obj path=/machine/unattached}");

        assertThat(line.depth()).isZero();
        assertThat(line.priority()).isEqualTo(-1000);
        assertThat(line.nonvolatile()).isTrue();
        assertThat(line.type()).isEqualTo("ram");
        assertThat(line.name()).isEqualTo("pci@800000020000000.io-alias[*]");
        assertThat(line.alias()).isNull();
        assertThat(line.ref()).startsWith("000000003f000000-");
    }

    @Test
    void overflowWarningBeforeTheIndentationIsSkipped() {
        DumpLine line = DumpLineParser.parse(3, "[DETECTED OVERFLOW!]     0000000600000000-00000005ffffffff "
                + "(prio 0, i/o): bcm2838_pcie_mmio_window owner:{dev id=pcie}");

        assertThat(line.depth()).isEqualTo(1);
        assertThat(line.span()).isEqualTo(-1L);
        assertThat(line.ref()).startsWith("0000000600000000-00000005ffffffff (prio 0, i/o)");
    }

    @Test
    void missingCloseAfterTypeNamesWhatFollowsThePriority() {
        assertThatThrownBy(() -> DumpLineParser.parse(9, "  0000000000000000-0000000000000fff (prio 0, ram: x parent:{obj path=/m}"))
                .isInstanceOf(MtreeFormatException.class)
                .hasMessage("mtree dump line 9: expected \"): \" after TYPE but found \"ram: x parent:{obj path=/m}\"; "
                        + "text=\"  0000000000000000-0000000000000fff (prio 0, ram: x parent:{obj path=/m}\"");
    }
}
