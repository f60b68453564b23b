package dev.physmem.cli.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PciexbarCommandTest {

    @Test
    void movesTheMmconfigWindowAndShowsTheFlatViewChange() {
        Transcript t = Transcript.run(Transcript.q35AfterSeaBios(), "pciexbar", "pciexbar 0xe0000000");
        assertThat(t.err()).isEmpty();
        assertThat(t.out()).isEqualTo("""
                0x00000000b0000001: MMCONFIG at 0xb0000000-0xbfffffff (256 MiB)
                PCIEXBAR 0x00000000b0000001 -> 0x00000000e0000001: MMCONFIG at 0xe0000000-0xefffffff (256 MiB)
                address-space: memory, cpu-memory-0, cpu-smm-0, ich9-ahci
                  - 00000000b0000000-00000000bfffffff pcie-mmcfg-mmio (i/o)
                  + 00000000e0000000-00000000efffffff pcie-mmcfg-mmio (i/o)

                """);
    }

    @Test
    void aShorterWindowAndOff() {
        Transcript t = Transcript.run(Transcript.q35AfterSeaBios(), "pciexbar 0xb0000000 64M", "pciexbar off");
        assertThat(t.out()).contains("-> 0x00000000b0000005: MMCONFIG at 0xb0000000-0xb3ffffff (64 MiB)")
                .contains("-> 0x00000000b0000004: MMCONFIG window disabled");
    }

    @Test
    void aMisalignedBaseIsRefused() {
        assertThat(Transcript.run(Transcript.q35AfterSeaBios(), "pciexbar 0xe1000000").err())
                .isEqualTo("pciexbar: 0xe1000000 is not aligned to 256 MiB or not below 64 GiB\n");
    }

    @Test
    void thePcMachineHasNoPciexbar() {
        assertThat(Transcript.pc("pciexbar").err()).isEqualTo("pciexbar: the pc machine has no PCIEXBAR (q35 has)\n");
        assertThat(new PciexbarCommand().complete(Transcript.session(Transcript.pc()), List.of(), "")).isEmpty();
    }
}
