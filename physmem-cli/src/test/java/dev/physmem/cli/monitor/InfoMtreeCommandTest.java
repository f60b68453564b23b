package dev.physmem.cli.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.physmem.mtree.MtreeOptions;
import dev.physmem.mtree.MtreePrinter;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class InfoMtreeCommandTest {

    @ParameterizedTest(name = "info mtree {0}")
    @CsvSource(delimiter = '|', value = {
        "''|false|false|false|false",
        "-f|true|false|false|false",
        "-f -d|true|true|false|false",
        "-f -o|true|false|true|false",
        "-f -d -o|true|true|true|false",
        "-o|false|false|true|false",
        "-D|false|false|false|true",
        "-o -D|false|false|true|true",
        "-f -d -o -D|true|true|true|true",
    })
    void printsWhatTheMtreePrinterPrintsForTheFlags(String flags, boolean f, boolean d, boolean o, boolean dd) {
        MonitorTarget pc = Transcript.pc();
        Transcript t = Transcript.run(pc, "info mtree " + flags);
        assertThat(t.err()).isEmpty();
        assertThat(t.out()).isEqualTo(MtreePrinter.print(pc.system(), new MtreeOptions(f, d, o, dd, null)));
    }

    @Test
    void flagsOutOfQemusOrderGetQemusErrors() {
        assertThat(Transcript.pc("info mtree -o -f").err()).isEqualTo("""
                mtree: unsupported option -f
                Try "help info mtree" for more information
                """);
        assertThat(Transcript.pc("info mtree -d -f").err()).startsWith("mtree: unsupported option -f\n");
        assertThat(Transcript.pc("info mtree -x").err()).startsWith("mtree: unsupported option -x\n");
        for (String junk : List.of("-fd", "-D -o", "foo")) {
            assertThat(Transcript.pc("info mtree " + junk).err()).as(junk).isEqualTo("""
                    extraneous characters at the end of line
                    Try "help info mtree" for more information
                    """);
        }
    }

    @Test
    void completesOnlyTheFlagsThatMayStillFollow() {
        Session session = Transcript.session(Transcript.pc());
        var mtree = new InfoMtreeCommand();
        assertThat(mtree.complete(session, List.of(), "")).containsExactly("-f", "-d", "-o", "-D");
        assertThat(mtree.complete(session, List.of("-f"), "")).containsExactly("-d", "-o", "-D");
        assertThat(mtree.complete(session, List.of("-o"), "")).containsExactly("-D");
        assertThat(mtree.complete(session, List.of("-D"), "")).isEmpty();
        assertThat(mtree.complete(session, List.of("foo"), "")).isEmpty();
    }
}
