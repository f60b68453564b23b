package dev.physmem.cli.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.jline.reader.Candidate;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.Parser.ParseContext;
import org.jline.reader.impl.DefaultParser;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Completion through JLine's own Completer API, with lines parsed by JLine's default parser. */
class MonitorCompleterTest {
    private Terminal terminal;
    private LineReader reader;

    @BeforeEach
    void openReader() throws IOException {
        terminal = TerminalBuilder.builder().system(false)
                .streams(new ByteArrayInputStream(new byte[0]), new ByteArrayOutputStream())
                .type(Terminal.TYPE_DUMB).build();
        reader = LineReaderBuilder.builder().terminal(terminal).build();
    }

    @AfterEach
    void closeTerminal() throws IOException {
        terminal.close();
    }

    /** The candidates JLine gets for the cursor at the end of {@code line}. */
    private List<String> complete(MonitorTarget target, String line) {
        var parsed = new DefaultParser().parse(line, line.length(), ParseContext.COMPLETE);
        List<Candidate> candidates = new ArrayList<>();
        new MonitorCompleter(Transcript.session(target)).complete(reader, parsed, candidates);
        return candidates.stream().map(Candidate::value).toList();
    }

    @Test
    void completesCommandNamesWithTheirHelpAsDescription() {
        assertThat(complete(Transcript.pc(), "")).contains("info", "xp", "x", "stb", "stq", "explain", "pam",
                "smram", "busmaster", "pciexbar", "help", "?", "quit", "q");
        var parsed = new DefaultParser().parse("", 0, ParseContext.COMPLETE);
        List<Candidate> candidates = new ArrayList<>();
        new MonitorCompleter(Transcript.session(Transcript.pc())).complete(reader, parsed, candidates);
        assertThat(candidates).filteredOn(c -> c.value().equals("xp")).singleElement()
                .extracting(Candidate::descr).isEqualTo("physical memory dump starting at 'addr'");
    }

    @Test
    void completesInfoSubcommandsAndMtreeFlags() {
        assertThat(complete(Transcript.pc(), "info ")).containsExactly("mtree", "ramblock");
        assertThat(complete(Transcript.pc(), "info mtree ")).containsExactly("-f", "-d", "-o", "-D");
        assertThat(complete(Transcript.pc(), "info mtree -f ")).containsExactly("-d", "-o", "-D");
        assertThat(complete(Transcript.pc(), "info mtree -f -o -")).containsExactly("-D");
    }

    @Test
    void completesAddressSpaceNamesAfterAs() {
        assertThat(complete(Transcript.pc(), "xp /4xw 0 --as ")).contains("memory", "I/O", "cpu-memory-0", "cpu-smm-0");
        assertThat(complete(Transcript.pc(), "xp/4xw 0 --as c")).contains("cpu-smm-0");
        assertThat(complete(Transcript.pc(), "stl 0x1000 1 -")).containsExactly("--as");
        assertThat(complete(Transcript.pc(), "explain 0 --as ")).contains("I/O");
    }

    @Test
    void completesPamSegmentsAndModes() {
        assertThat(complete(Transcript.pc(), "pam ")).contains("0xc0000", "0xec000", "0xf0000", "all");
        assertThat(complete(Transcript.pc(), "pam 0xc0000 ")).containsExactly("off", "ro", "wo", "rw");
    }

    @Test
    void completesPciFunctionsAndSmramOperations() {
        assertThat(complete(Transcript.pc(), "busmaster ")).containsExactly("i440FX", "PIIX3", "piix3-ide", "PIIX4_PM");
        assertThat(complete(Transcript.pc(), "busmaster PIIX3 ")).containsExactly("on", "off");
        assertThat(complete(Transcript.pc(), "smram ")).contains("open", "lock");
        assertThat(complete(Transcript.q35AfterSeaBios(), "pciexbar 0xe0000000 ")).containsExactly("256M", "128M", "64M");
    }

    @Test
    void completesHelpTopics() {
        assertThat(complete(Transcript.pc(), "help ")).contains("xp", "info");
        assertThat(complete(Transcript.pc(), "help info ")).containsExactly("mtree", "ramblock");
    }

    @Test
    void offersNothingAfterAnUnknownCommand() {
        assertThat(complete(Transcript.pc(), "frob ")).isEmpty();
        assertThat(complete(Transcript.pc(), "info frob ")).isEmpty();
    }
}
