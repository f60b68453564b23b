package dev.physmem.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class SizeConverterTest {

    @Test
    void bareNumbersAreMebibytesAsInQemu() {
        assertThat(SizeConverter.parse("512")).isEqualTo(512L << 20);
    }

    @Test
    void suffixesArePowersOf1024() {
        assertThat(SizeConverter.parse("2G")).isEqualTo(2L << 30);
        assertThat(SizeConverter.parse("64k")).isEqualTo(64L << 10);
        assertThat(SizeConverter.parse("1TB")).isEqualTo(1L << 40);
        assertThat(SizeConverter.parse("0x1000")).isEqualTo(0x1000L);
    }

    @Test
    void rejectsGarbageZeroAndOverflow() {
        assertThatThrownBy(() -> SizeConverter.parse("lots")).isInstanceOf(CommandLine.TypeConversionException.class)
                .hasMessageContaining("lots");
        assertThatThrownBy(() -> SizeConverter.parse("0")).hasMessageContaining("out of range");
        assertThatThrownBy(() -> SizeConverter.parse("99999999999T")).hasMessageContaining("out of range");
    }
}
