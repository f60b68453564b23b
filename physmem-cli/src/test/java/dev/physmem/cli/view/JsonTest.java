package dev.physmem.cli.view;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonTest {

    record Point(String name, int x, long y, boolean shown, Point next) {
    }

    @Test
    void recordBecomesObjectWithComponentsInDeclarationOrder() {
        assertThat(Json.write(new Point("a", 1, -2L, true, new Point("b", 0, 0, false, null))))
                .isEqualTo("{\"name\":\"a\",\"x\":1,\"y\":-2,\"shown\":true,"
                        + "\"next\":{\"name\":\"b\",\"x\":0,\"y\":0,\"shown\":false,\"next\":null}}");
    }

    @Test
    void listBecomesArrayAndMayHoldNull() {
        assertThat(Json.write(List.of())).isEqualTo("[]");
        assertThat(Json.write(Arrays.asList("x", null, 3))).isEqualTo("[\"x\",null,3]");
    }

    @Test
    void quotesBackslashesAndLineBreaksAreEscaped() {
        assertThat(Json.write("say \"hi\"\\\n\t\r")).isEqualTo("\"say \\\"hi\\\"\\\\\\n\\t\\u000d\"");
    }

    @Test
    void markupCharactersCannotEndAScriptElement() {
        assertThat(Json.write("</script><!-- & 'x'")).isEqualTo(
                "\"\\u003c/script\\u003e\\u003c!-- \\u0026 \\u0027x\\u0027\"");
    }

    @Test
    void outputIsAsciiEvenForLineSeparatorsAndLoneSurrogates() {
        String text = "caf\u00e9 \u2028 \ud83d\ude00 \ud800";
        assertThat(Json.write(text)).isEqualTo("\"caf\\u00e9 \\u2028 \\ud83d\\ude00 \\ud800\"")
                .matches("\\p{ASCII}*");
    }

    @Test
    void namesWithSpacesAtSignsAndBracketsPassUnchanged() {
        assertThat(Json.write("bcm2835-gpu-ram-alias[*] pci@800000020000000.io-alias"))
                .isEqualTo("\"bcm2835-gpu-ram-alias[*] pci@800000020000000.io-alias\"");
    }

    @Test
    void valueOfAnotherTypeIsRejected() {
        assertThatThrownBy(() -> Json.write(List.of(1.5)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("not writable as JSON: type=java.lang.Double");
    }
}
