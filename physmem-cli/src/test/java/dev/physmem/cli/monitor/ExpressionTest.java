package dev.physmem.cli.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExpressionTest {

    private static long eval(String text) {
        return Expression.parse(text, 0).value();
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '=', quoteCharacter = '"', value = {
        "0xffff0 = 1048560",
        "0XFFFF0 = 1048560",
        "1024 = 1024",
        "010 = 8",
        "0 = 0",
        "0xf0000+0xfff0 = 1048560",
        "0xf0000 + 0xfff0 = 1048560",
        "2+3*4 = 14",
        "(2+3)*4 = 20",
        "1+6&3 = 3",
        "7-2-1 = 4",
        "-1+2 = 1",
        "~0+1 = 0",
        "17%5 = 2",
        "17/5 = 3",
        "6^3 = 5",
        "4|1 = 5",
        "'A' = 65",
    })
    void evaluatesAsQemusMonitorDoes(String text, long value) {
        assertThat(eval(text)).isEqualTo(value);
    }

    @Test
    void readsAllSixtyFourBitsOfAnUnsignedNumber() {
        assertThat(eval("0xffffffffffffffff")).isEqualTo(-1L);
        assertThat(eval("18446744073709551615")).isEqualTo(-1L);
    }

    @Test
    void stopsBeforeTheNextArgumentAndSkipsTheWhitespaceBeforeIt() {
        Expression.Result r = Expression.parse("stl 0x1000  0x12", 4);
        assertThat(r.value()).isEqualTo(0x1000);
        assertThat(r.end()).isEqualTo(12);
    }

    @Test
    void anOctalNumberEndsAtTheFirstDigitThatIsNotOctal() {
        Expression.Result r = Expression.parse("08", 0);
        assertThat(r.value()).isZero();
        assertThat(r.end()).isEqualTo(1);
    }

    @Test
    void reportsQemusMessages() {
        assertThatThrownBy(() -> eval("")).isInstanceOf(ArgumentException.class)
                .hasMessage("unexpected end of expression");
        assertThatThrownBy(() -> eval("1+")).hasMessage("unexpected end of expression");
        assertThatThrownBy(() -> eval("zz")).hasMessage("invalid char 'z' in expression");
        assertThatThrownBy(() -> eval("1/0")).hasMessage("division by zero");
        assertThatThrownBy(() -> eval("(1+2")).hasMessage("')' expected");
        assertThatThrownBy(() -> eval("0x10000000000000000")).hasMessage("number too large");
        assertThatThrownBy(() -> eval("'AB'")).hasMessage("missing terminating ' character");
    }

    @Test
    void refusesRegistersBecauseNoCpuStateIsModelled() {
        assertThatThrownBy(() -> eval("$eax + 4")).isInstanceOf(ArgumentException.class)
                .hasMessageStartingWith("unknown register '$eax'");
    }
}
