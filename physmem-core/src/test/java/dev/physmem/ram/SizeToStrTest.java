package dev.physmem.ram;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link SizeToStr} prints what QEMU's {@code size_to_str} prints. */
class SizeToStrTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "0                    | 0 B",
        "1                    | 1 B",
        "999                  | 999 B",
        "1000                 | 0.977 KiB",
        "1023                 | 0.999 KiB",
        "1024                 | 1 KiB",
        "1536                 | 1.5 KiB",
        "4096                 | 4 KiB",
        "65536                | 64 KiB",
        "1023488              | 1e+03 KiB",
        "2097152              | 2 MiB",
        "536870912            | 512 MiB",
        "1073741824           | 1 GiB",
        "1099511627776        | 1 TiB",
        "-1                   | 16 EiB",
    })
    void formatsLikeQemusSizeToStr(long bytes, String expected) {
        assertThat(SizeToStr.format(bytes)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "0.0001234   | 0.000123",
        "0.00001234  | 1.23e-05",
        "12.345      | 12.3",
        "12.35       | 12.3",
        "12.25       | 12.2",
        "99.95       | 100",
        "999.4       | 999",
        "999.5       | 1e+03",
        "1234567     | 1.23e+06",
    })
    void threeSignificantDigitsFollowPrintfG(double value, String expected) {
        assertThat(SizeToStr.formatG3(value)).isEqualTo(expected);
    }
}
