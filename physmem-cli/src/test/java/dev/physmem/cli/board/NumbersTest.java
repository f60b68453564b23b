package dev.physmem.cli.board;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class NumbersTest {

    @ParameterizedTest
    @CsvSource({
        "0, 0",
        "4096, 4096",
        "0x1000, 4096",
        "0X1F, 31",
        "0xfee0_0000, 4276092928",
        "1_000, 1000",
        "4K, 4096",
        "4k, 4096",
        "4KiB, 4096",
        "4KB, 4096",
        "512M, 536870912",
        "2G, 2147483648",
        "1T, 1099511627776",
        "1P, 1125899906842624",
        "1E, 1152921504606846976",
        "16 B, 16",
        "2^0, 1",
        "2^32, 4294967296",
    })
    void unsignedQuantitiesParseInEverySpelling(String text, String expected) {
        assertThat(Numbers.parseUnsigned(text)).isEqualTo(new BigInteger(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "big", "-1", "0x", "1.5K", "4X", "0x1G", "_1", "1__0", "2^", "2^65", "010", "4 K B"})
    void textThatIsNoQuantityIsRefused(String text) {
        assertThatThrownBy(() -> Numbers.parseUnsigned(text)).isInstanceOf(NumberFormatException.class);
    }

    @Test
    void leadingZeroHintsAtTheAmbiguity() {
        assertThatThrownBy(() -> Numbers.parseUnsigned("0777")).hasMessageContaining("leading 0 is ambiguous");
    }

    @Test
    void twoToTheSixtyFourIsTheLargestSizeAndStandsForMinusOne() {
        assertThat(Numbers.parseSize("2^64")).isEqualTo(-1L);
        assertThat(Numbers.parseSize("16E")).isEqualTo(-1L);
        assertThat(Numbers.parseSize("0x1_0000_0000_0000_0000")).isEqualTo(-1L);
        assertThat(Numbers.parseSize("0xffff_ffff_ffff_fffe")).isEqualTo(-2L);
        assertThatThrownBy(() -> Numbers.parseSize("0x1_0000_0000_0000_0001")).hasMessageContaining("larger than 2^64");
    }

    @Test
    void sizeOfTwoToTheSixtyFourMinusOneCannotBeRepresented() {
        assertThatThrownBy(() -> Numbers.parseSize("0xffff_ffff_ffff_ffff")).hasMessageContaining("cannot exist");
    }

    @Test
    void addressesRunToTwoToTheSixtyFourMinusOne() {
        assertThat(Numbers.parseAddress("0xffff_ffff_ffff_ffff")).isEqualTo(-1L);
        assertThat(Numbers.parseAddress("4G")).isEqualTo(1L << 32);
        assertThatThrownBy(() -> Numbers.parseAddress("2^64")).isInstanceOf(NumberFormatException.class);
    }

    @Test
    void sizesFormatAsHexOrTwoToTheSixtyFour() {
        assertThat(Numbers.formatSize(0x1000)).isEqualTo("0x1000");
        assertThat(Numbers.formatSize(-1L)).isEqualTo("2^64");
        assertThat(Numbers.hex(-1L)).isEqualTo("0xffffffffffffffff");
    }
}
