package dev.physmem.cli.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class BusMasterCommandTest {

    @Test
    void listsThePciFunctions() {
        assertThat(Transcript.pc("busmaster").out()).isEqualTo("""
                i440FX off
                PIIX3 off
                piix3-ide off
                PIIX4_PM off
                """);
    }

    @Test
    void turningBusMasteringOnGivesTheFunctionsDmaSpaceTheSystemMemory() {
        Transcript t = Transcript.pc("busmaster PIIX3 on", "busmaster piix3 on");
        assertThat(t.err()).isEmpty();
        assertThat(t.out()).startsWith("bus master PIIX3: off -> on\naddress-space: PIIX3\n")
                .contains("  + 0000000000000000-00000000000bffff pc.ram (ram)\n")
                .endsWith("bus master PIIX3: on (unchanged)\nflat views unchanged\n");
    }

    @Test
    void aMissingFunctionNamesTheOnesThereAre() {
        assertThat(Transcript.pc("busmaster e1000 on").err())
                .isEqualTo("busmaster: no PCI function 'e1000'; there are: i440FX, PIIX3, piix3-ide, PIIX4_PM\n");
        assertThat(Transcript.pc("busmaster PIIX3 maybe").err()).startsWith("busmaster: on or off, not 'maybe'\n");
    }

    @Test
    void completesFunctionsThenOnOff() {
        Session s = Transcript.session(Transcript.pc());
        assertThat(new BusMasterCommand().complete(s, List.of(), ""))
                .containsExactly("i440FX", "PIIX3", "piix3-ide", "PIIX4_PM");
        assertThat(new BusMasterCommand().complete(s, List.of("PIIX3"), "")).containsExactly("on", "off");
    }
}
