package dev.physmem.cli.view;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HtmlTest {

    @Test
    void markupCharactersBecomeReferences() {
        assertThat(Html.text("<b>\"pc\" & 'q35'</b>"))
                .isEqualTo("&lt;b&gt;&quot;pc&quot; &amp; &#39;q35&#39;&lt;/b&gt;");
    }

    @Test
    void nonAsciiBecomesNumericReferencesByCodePoint() {
        assertThat(Html.text("caf\u00e9 \ud83d\ude00")).isEqualTo("caf&#xe9; &#x1f600;");
    }

    @Test
    void plainNamesPassUnchanged() {
        assertThat(Html.text("bus master container [*] @0x1000")).isEqualTo("bus master container [*] @0x1000");
    }
}
