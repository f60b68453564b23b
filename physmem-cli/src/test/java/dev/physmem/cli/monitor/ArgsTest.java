package dev.physmem.cli.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ArgsTest {

    /** The four flags of info mtree, read in QEMU's order; returns which were given. */
    private static String mtreeFlags(String text) {
        Args a = new Args(text);
        String flags = "fdoD";
        StringBuilder given = new StringBuilder();
        for (int i = 0; i < flags.length(); i++) {
            if (a.flag("mtree", flags.charAt(i), flags.substring(i + 1))) {
                given.append(flags.charAt(i));
            }
        }
        a.end();
        return given.toString();
    }

    @Test
    void flagsInTheirOrderAreRead() {
        assertThat(mtreeFlags("")).isEmpty();
        assertThat(mtreeFlags(" -f -d -o -D")).isEqualTo("fdoD");
        assertThat(mtreeFlags("-f   -o")).isEqualTo("fo");
        assertThat(mtreeFlags("-D")).isEqualTo("D");
    }

    @Test
    void aFlagBeforeOneThatMustPrecedeItIsUnsupported() {
        assertThatThrownBy(() -> mtreeFlags("-o -f")).isInstanceOf(ArgumentException.class)
                .hasMessage("mtree: unsupported option -f");
        assertThatThrownBy(() -> mtreeFlags("-d -f")).hasMessage("mtree: unsupported option -f");
    }

    @Test
    void anUnknownFlagIsUnsupported() {
        assertThatThrownBy(() -> mtreeFlags("-x")).hasMessage("mtree: unsupported option -x");
    }

    @Test
    void joinedFlagsAndOutOfOrderLastFlagsAreExtraneous() {
        assertThatThrownBy(() -> mtreeFlags("-fd")).hasMessage("extraneous characters at the end of line");
        assertThatThrownBy(() -> mtreeFlags("-D -o")).hasMessage("extraneous characters at the end of line");
        assertThatThrownBy(() -> mtreeFlags("foo")).hasMessage("extraneous characters at the end of line");
    }

    @Test
    void aFormatIsOptionalAndFollowedByAnExpression() {
        Args a = new Args(" /4xw 0xffff0");
        assertThat(a.format(DumpFormat.INITIAL)).isEqualTo(new DumpFormat(4, 'x', 4));
        assertThat(a.expression()).isEqualTo(0xffff0);
        a.end();

        Args b = new Args("0x10");
        assertThat(b.format(new DumpFormat(1, 'd', 2))).isEqualTo(new DumpFormat(1, 'd', 2));
        assertThat(b.expression()).isEqualTo(0x10);
    }

    @Test
    void wordsAreSplitAtWhitespaceOutsideQuotes() {
        Args a = new Args(" PIIX3  \"bus master\" a\\ b 'x y'");
        assertThat(a.word("device")).isEqualTo("PIIX3");
        assertThat(a.word("name")).isEqualTo("bus master");
        assertThat(a.word("name")).isEqualTo("a b");
        assertThat(a.word("name")).isEqualTo("x y");
        assertThat(a.optionalWord()).isEmpty();
        assertThatThrownBy(() -> a.word("mode")).hasMessage("missing argument: mode");
    }

    @Test
    void aKeywordIsTakenOnlyAsAWholeWord() {
        Args a = new Args("allx");
        assertThat(a.keyword("all")).isFalse();
        Args b = new Args(" all rw");
        assertThat(b.keyword("all")).isTrue();
        assertThat(b.word("mode")).isEqualTo("rw");
    }

    @Test
    void anOptionIsTakenOutWhereverItStands() {
        Args.WithOption first = Args.takeOption("--as I/O 0x71", "--as", "NAME");
        assertThat(first.value()).contains("I/O");
        assertThat(first.rest().expression()).isEqualTo(0x71);
        first.rest().end();

        Args.WithOption middle = Args.takeOption("0x1000 --as cpu-smm-0 0x12", "--as", "NAME");
        assertThat(middle.value()).contains("cpu-smm-0");
        assertThat(middle.rest().expression()).isEqualTo(0x1000);
        assertThat(middle.rest().expression()).isEqualTo(0x12);

        Args.WithOption none = Args.takeOption("0x1000 0x12", "--as", "NAME");
        assertThat(none.value()).isEmpty();
        assertThat(none.rest().text()).isEqualTo("0x1000 0x12");
    }

    @Test
    void anOptionWithoutItsValueOrGivenTwiceIsAnError() {
        assertThatThrownBy(() -> Args.takeOption("0x10 --as", "--as", "--as NAME"))
                .isInstanceOf(ArgumentException.class).hasMessage("missing argument: --as NAME");
        assertThatThrownBy(() -> Args.takeOption("--as a --as b", "--as", "NAME"))
                .hasMessage("--as given twice");
    }
}
