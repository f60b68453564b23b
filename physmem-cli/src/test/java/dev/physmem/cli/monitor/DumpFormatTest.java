package dev.physmem.cli.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DumpFormatTest {

    @Test
    void readsCountFormatAndSize() {
        assertThat(DumpFormat.parse("4xw", DumpFormat.INITIAL)).isEqualTo(new DumpFormat(4, 'x', 4));
        assertThat(DumpFormat.parse("16ub", DumpFormat.INITIAL)).isEqualTo(new DumpFormat(16, 'u', 1));
        assertThat(DumpFormat.parse("2dg", DumpFormat.INITIAL)).isEqualTo(new DumpFormat(2, 'd', 8));
        assertThat(DumpFormat.parse("ho", DumpFormat.INITIAL)).isEqualTo(new DumpFormat(1, 'o', 2));
        assertThat(DumpFormat.parse("L", DumpFormat.INITIAL)).isEqualTo(new DumpFormat(1, 'x', 8));
    }

    @Test
    void takesWhatItLeavesOutFromTheDefaults() {
        DumpFormat defaults = new DumpFormat(1, 'd', 2);
        assertThat(DumpFormat.parse("8", defaults)).isEqualTo(new DumpFormat(8, 'd', 2));
        assertThat(DumpFormat.parse("x", defaults)).isEqualTo(new DumpFormat(1, 'x', 2));
        assertThat(DumpFormat.withoutSpec(defaults)).isEqualTo(new DumpFormat(1, 'd', 2));
    }

    @Test
    void rejectsUnknownLettersWithQemusMessageAndDisassembly() {
        assertThatThrownBy(() -> DumpFormat.parse("4z", DumpFormat.INITIAL))
                .isInstanceOf(ArgumentException.class).hasMessage("invalid char in format: 'z'");
        assertThatThrownBy(() -> DumpFormat.parse("10i", DumpFormat.INITIAL))
                .hasMessage("format 'i' (disassembly) is not supported");
    }

    @Test
    void namesItsSizeWithQemusLetter() {
        assertThat(new DumpFormat(1, 'x', 1).sizeLetter()).isEqualTo('b');
        assertThat(new DumpFormat(1, 'x', 2).sizeLetter()).isEqualTo('h');
        assertThat(new DumpFormat(1, 'x', 4).sizeLetter()).isEqualTo('w');
        assertThat(new DumpFormat(1, 'x', 8).sizeLetter()).isEqualTo('g');
    }
}
