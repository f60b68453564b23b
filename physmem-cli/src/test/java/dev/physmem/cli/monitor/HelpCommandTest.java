package dev.physmem.cli.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class HelpCommandTest {

    @Test
    void listsEveryCommandSortedByNameInQemusLayout() {
        List<String> lines = Transcript.pc("help").out().lines().toList();
        assertThat(lines).contains(
                "help|? [cmd] -- show the help",
                "quit|q  -- quit the monitor",
                "x /fmt addr -- virtual memory dump starting at 'addr'",
                "xp /fmt addr [--as NAME] -- physical memory dump starting at 'addr'",
                "stb addr value [--as NAME] -- store a byte at 'addr' (target byte order)");
        assertThat(lines).isSortedAccordingTo((a, b) -> a.split("[ |]")[0].compareTo(b.split("[ |]")[0]));
    }

    @Test
    void theInfoMtreeLineIsQemus() {
        assertThat(Transcript.pc("help info mtree").out()).isEqualTo("info mtree [-f][-d][-o][-D] -- show memory tree "
                + "(-f: dump flat view for address spaces;-d: dump dispatch tree, valid with -f only);"
                + "-o: dump region owners/parents;-D: dump disabled regions\n");
    }

    @Test
    void helpOfAGroupListsItsSubcommands() {
        assertThat(Transcript.pc("help info").out().lines()).hasSize(2).allMatch(l -> l.startsWith("info "));
    }

    @Test
    void helpOfACommandAddsItsNotes() {
        assertThat(Transcript.pc("help xp").out())
                .startsWith("xp /fmt addr [--as NAME] -- physical memory dump starting at 'addr'\n  /fmt is");
        assertThat(Transcript.pc("? q").out()).isEqualTo("quit|q  -- quit the monitor\n");
    }

    @Test
    void helpOfAnUnknownCommandSaysSo() {
        assertThat(Transcript.pc("help frob", "help info frob").err())
                .isEqualTo("unknown command: 'frob'\nunknown command: 'info frob'\n");
    }

    @Test
    void completesCommandsThenInfoSubcommands() {
        Session s = Transcript.session(Transcript.pc());
        assertThat(new HelpCommand().complete(s, List.of(), "")).contains("xp", "info", "pam", "q");
        assertThat(new HelpCommand().complete(s, List.of("info"), "")).containsExactly("mtree", "ramblock");
    }
}
