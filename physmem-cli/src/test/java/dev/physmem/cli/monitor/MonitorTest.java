package dev.physmem.cli.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MonitorTest {

    @Test
    void anUnknownCommandIsNamedAndTheSessionGoesOn() {
        Transcript t = Transcript.pc("frobnicate 1 2", "stb 0x1000 0x41", "xp /1cb 0x1000");
        assertThat(t.err()).isEqualTo("unknown command: 'frobnicate'\n");
        assertThat(t.out()).isEqualTo("0000000000001000: 'A'\n");
    }

    @Test
    void anUnknownInfoSubcommandIsNamedWithItsGroup() {
        assertThat(Transcript.pc("info frob").err()).isEqualTo("unknown command: 'info frob'\n");
    }

    @Test
    void aLineThatDoesNotParsePointsToTheHelpOfTheCommandAsTyped() {
        Transcript t = Transcript.pc("info mtree -x", "  info   mtree -x", "xp /4xw", "stb 1 2 3");
        assertThat(t.err()).isEqualTo("""
                mtree: unsupported option -x
                Try "help info mtree" for more information
                mtree: unsupported option -x
                Try "help   info   mtree" for more information
                unexpected end of expression
                Try "help xp" for more information
                extraneous characters at the end of line
                Try "help stb" for more information
                """);
        assertThat(t.out()).isEmpty();
    }

    @Test
    void blankLinesDoNothing() {
        Transcript t = Transcript.pc("", "   ", "\t");
        assertThat(t.out()).isEmpty();
        assertThat(t.err()).isEmpty();
    }

    @Test
    void quitAndQStopTheSessionBeforeTheLinesAfterThem() {
        assertThat(Transcript.pc("q", "xp 0").out()).isEmpty();
        Transcript t = Transcript.pc("xp /1xb 0", "quit", "xp /1xb 0");
        assertThat(t.out()).isEqualTo("0000000000000000: 0x00\n");
    }

    @Test
    void aCommandNameEndsAtASlashAsInQemu() {
        assertThat(Transcript.pc("xp/2xb 0").out()).isEqualTo("0000000000000000: 0x00 0x00\n");
    }

    @Test
    void infoAloneListsTheInfoCommands() {
        assertThat(Transcript.pc("info").out())
                .startsWith("info mtree [-f][-d][-o][-D] -- show memory tree")
                .contains("info ramblock  -- Display system RAM blocks\n");
    }

    @Test
    void theStandardInputIsReadToItsEnd() {
        Transcript t = Transcript.pc("stl 0x2000 0x64636261", "xp /4cb 0x2000");
        assertThat(t.out()).isEqualTo("0000000000002000: 'a' 'b' 'c' 'd'\n");
    }

    @Test
    void executeReportsWhetherTheSessionGoesOn() {
        var monitor = new Monitor(Transcript.pc(), new PrintWriter(new ByteArrayOutputStream()),
                new PrintWriter(new ByteArrayOutputStream()));
        assertThat(monitor.execute("help")).isTrue();
        assertThat(monitor.execute("nonsense")).isTrue();
        assertThat(monitor.execute("q")).isFalse();
        assertThat(monitor.session().quitRequested()).isTrue();
    }

    /** What a terminal of {@code type} over pipes shows when {@code typed} is typed into a monitor. */
    private static String typeInto(String type, String typed, Path historyFile) throws Exception {
        ByteArrayOutputStream screen = new ByteArrayOutputStream();
        try (Terminal terminal = TerminalBuilder.builder()
                .system(false)
                .streams(new ByteArrayInputStream(typed.getBytes(StandardCharsets.UTF_8)), screen)
                .type(type)
                .build()) {
            var monitor = new Monitor(Transcript.pc(), terminal.writer(), terminal.writer());
            monitor.runInteractive(terminal, historyFile);
        }
        return screen.toString(StandardCharsets.UTF_8);
    }

    @Test
    void onADumbTerminalItPromptsAndKeepsTheHistoryInTheFileGiven(@TempDir Path dir) throws Exception {
        Path history = dir.resolve("history");
        String shown = typeInto(Terminal.TYPE_DUMB, "stb 0x3000 0x5a\nxp /1xb 0x3000\nquit\nxp 0\n", history);
        // the terminal echoes what is typed, and ends lines with CR LF
        assertThat(shown.replace("\r", "")).contains("(physmem) stb 0x3000 0x5a\n",
                "(physmem) xp /1xb 0x3000\n0000000000003000: 0x5a\n", "(physmem) quit\n")
                .doesNotContain("0000000000000000:");
        assertThat(Files.readAllLines(history)).hasSize(3).allMatch(l -> l.matches("\\d+:(stb|xp|quit).*"));

        String again = typeInto(Terminal.TYPE_DUMB, "help q\n", history);
        assertThat(again).contains("quit|q  -- quit the monitor");
        assertThat(Files.readAllLines(history)).hasSize(4).last().asString().endsWith(":help q");
    }

    /** Ctrl-P, the line editor's previous-history key (a dumb terminal inserts it instead). */
    private static final String PREVIOUS_HISTORY = "\u0010";

    @Test
    void onATerminalWithKeyBindingsCtrlPRecallsThePreviousLine() throws Exception {
        String shown = typeInto("xterm", "stb 0x3000 0x5a\nxp /1xb 0x3000\n" + PREVIOUS_HISTORY + "\n", null);
        assertThat(shown.split("0000000000003000: 0x5a", -1)).as(shown).hasSize(3);
        assertThat(shown).contains(Monitor.PROMPT);
    }

    @Test
    void onATerminalTheEndOfInputEndsTheSession() throws Exception {
        ByteArrayOutputStream screen = new ByteArrayOutputStream();
        try (Terminal terminal = TerminalBuilder.builder()
                .system(false)
                .streams(new ByteArrayInputStream("xp /1xb 0\n".getBytes(StandardCharsets.UTF_8)), screen)
                .type(Terminal.TYPE_DUMB)
                .build()) {
            var monitor = new Monitor(Transcript.pc(), terminal.writer(), terminal.writer());
            monitor.runInteractive(terminal, null);
        }
        assertThat(screen.toString(StandardCharsets.UTF_8)).contains("0000000000000000: 0x00");
    }
}
