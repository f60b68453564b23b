package dev.physmem.cli.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SmramCommandTest {

    @Test
    void showsTheRegisterAndWhatItMeans() {
        assertThat(Transcript.pc("smram").out()).isEqualTo("SMRAM register 0x02: closed, disabled, unlocked\n");
    }

    @Test
    void openEnableAndCloseChangeTheRegister() {
        Transcript t = Transcript.pc("smram open", "smram enable", "smram close");
        assertThat(t.err()).isEmpty();
        assertThat(t.out().lines().filter(l -> l.startsWith("SMRAM")).toList()).containsExactly(
                "SMRAM register 0x02 -> 0x42: open, disabled, unlocked",
                "SMRAM register 0x42 -> 0x4a: open, enabled, unlocked",
                "SMRAM register 0x4a -> 0x0a: closed, enabled, unlocked");
    }

    @Test
    void openingSmramDisablesTheWindowOntoPciAtTheVgaAddresses() {
        Transcript t = Transcript.pc("explain 0xa0000", "smram open", "explain 0xa0000");
        String window = "    alias smram-region @pci 0x00000000000a0000 [0x00000000000a0000-0x00000000000bffff, prio 1]: ";
        assertThat(t.out()).contains(window + "entered; maps to pci offset 0x00000000000a0000\n")
                .contains(window + "disabled: invisible with its subtree\n");
    }

    @Test
    void aChangeThatLeavesTheSameBytesVisibleSaysTheFlatViewsAreUnchanged() {
        // without a VGA card, pc.ram shows at 0xa0000 whether SMRAM is open or not
        assertThat(Transcript.pc("smram open").out()).endsWith("flat views unchanged\n");
    }

    @Test
    void aLockedSmramRefusesToOpenAndTheSessionGoesOn() {
        Transcript t = Transcript.pc("smram lock", "smram open", "smram close", "smram");
        assertThat(t.err()).isEqualTo("smram: SMRAM is locked until reset (register 0x12)\n");
        assertThat(t.out()).endsWith("SMRAM register 0x12: closed, disabled, locked\n");
    }

    @Test
    void anUnknownOperationIsAnArgumentError() {
        assertThat(Transcript.pc("smram ajar").err()).isEqualTo("""
                smram: operation is one of open, close, lock, enable, disable: 'ajar'
                Try "help smram" for more information
                """);
    }

    @Test
    void completesTheOperations() {
        assertThat(new SmramCommand().complete(Transcript.session(Transcript.pc()), List.of(), ""))
                .containsExactly("open", "close", "lock", "enable", "disable");
    }
}
