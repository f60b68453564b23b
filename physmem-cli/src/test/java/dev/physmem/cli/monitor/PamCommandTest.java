package dev.physmem.cli.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PamCommandTest {

    @Test
    void listsTheSegmentsInAddressOrder() {
        String out = Transcript.pc("pam").out();
        assertThat(out.lines().toList()).hasSize(13)
                .startsWith("0xc0000-0xc3fff off")
                .endsWith("0xf0000-0xfffff off");
    }

    @Test
    void readWriteMakesTheSegmentRamThatKeepsAWrite() {
        Transcript t = Transcript.pc("stl 0xc0000 0xdeadbeef", "pam 0xc0000 rw", "stl 0xc0000 0xdeadbeef",
                "xp /1xw 0xc0000");
        assertThat(t.err()).startsWith("stl: 00000000000c0000: MEMTX_DECODE_ERROR: pc.rom (rom) is read-only");
        assertThat(t.out()).isEqualTo("""
                PAM 0xc0000-0xc3fff: off -> rw
                address-space: memory, cpu-memory-0, cpu-smm-0
                  ~ 00000000000c0000-00000000000c3fff pc.rom (rom) -> pc.ram @00000000000c0000 (ram)

                00000000000c0000: 0xdeadbeef
                """);
    }

    @Test
    void readOnlyShowsRamButDropsWrites() {
        Transcript t = Transcript.pc("pam 0xc4000 rw", "stb 0xc4000 0x55", "pam 0xc4000 ro", "stb 0xc4000 0x66",
                "xp /1xb 0xc4000");
        assertThat(t.err()).contains("pc.ram (rom) is read-only there");
        assertThat(t.out()).contains("PAM 0xc4000-0xc7fff: rw -> ro").endsWith("00000000000c4000: 0x55\n");
    }

    @Test
    void allSetsEverySegmentAndSayingTheSameModeAgainChangesNothing() {
        Transcript t = Transcript.pc("pam all rw", "pam 0xf0000 rw");
        assertThat(t.out()).contains("PAM 0xf0000-0xfffff: off -> rw")
                .endsWith("PAM 0xf0000-0xfffff: rw (unchanged)\nflat views unchanged\n");
        assertThat(t.out().lines().filter(l -> l.startsWith("PAM ")).count()).isEqualTo(14);
    }

    @Test
    void anAddressThatDoesNotStartASegmentOrAnUnknownModeIsRefused() {
        Transcript t = Transcript.pc("pam 0xc1000 rw", "pam 0xc0000 rx", "pam 0xc0000");
        assertThat(t.err()).isEqualTo("""
                pam: 0xc1000 is not the first address of a PAM segment (0xc0000, 0xc4000, ..., 0xec000, 0xf0000)
                pam: mode is one of off, ro, wo, rw: 'rx'
                Try "help pam" for more information
                missing argument: mode
                Try "help pam" for more information
                """);
    }

    @Test
    void aMapWithoutAMachineModelHasNoPam() {
        MonitorTarget imported = MonitorTarget.withoutModel(Transcript.pc().system(), null, "the QEMU dump d.txt");
        assertThat(Transcript.run(imported, "pam").err())
                .isEqualTo("pam: the QEMU dump d.txt has no x86 chipset to program; pc and q35 have one (--machine pc or q35)\n");
        assertThat(new PamCommand().complete(Transcript.session(imported), List.of(), "")).isEmpty();
    }

    @Test
    void completesSegmentAddressesThenModes() {
        Session s = Transcript.session(Transcript.pc());
        assertThat(new PamCommand().complete(s, List.of(), ""))
                .hasSize(14).startsWith("0xc0000", "0xc4000").contains("0xf0000", "all");
        assertThat(new PamCommand().complete(s, List.of("0xc0000"), "")).containsExactly("off", "ro", "wo", "rw");
        assertThat(new PamCommand().complete(s, List.of("0xc0000", "rw"), "")).isEmpty();
    }
}
