package dev.physmem.cli.view;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PageTemplateTest {

    @Test
    void everyPlaceholderIsReplacedWhereverItOccurs() {
        PageTemplate t = PageTemplate.of("<title>{{title}}</title><h1>{{title}}</h1>{{data}}");
        assertThat(t.names()).containsExactly("title", "data");
        assertThat(t.fill(Map.of("title", "pc", "data", "[]"))).isEqualTo("<title>pc</title><h1>pc</h1>[]");
    }

    @Test
    void valuesAreNotScannedForPlaceholders() {
        PageTemplate t = PageTemplate.of("{{a}}|{{b}}");
        assertThat(t.fill(Map.of("a", "{{b}}", "b", "$1 \\ {{a}}"))).isEqualTo("{{b}}|$1 \\ {{a}}");
    }

    @Test
    void textWithoutPlaceholdersIsKept() {
        assertThat(PageTemplate.of("{ {x} } {{X}} {{}}").fill(Map.of())).isEqualTo("{ {x} } {{X}} {{}}");
    }

    @Test
    void placeholderWithoutValueIsRejected() {
        assertThatThrownBy(() -> PageTemplate.of("{{a}}{{b}}").fill(Map.of("a", "")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no value for placeholder: name=b");
    }

    @Test
    void valueWithoutPlaceholderIsRejected() {
        assertThatThrownBy(() -> PageTemplate.of("{{a}}").fill(Map.of("a", "", "typo", "")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("values without a placeholder: names=[typo]");
    }

    @Test
    void missingResourceIsReportedByName() {
        assertThatThrownBy(() -> PageTemplate.resource("no-such.html"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("resource missing from the class path: name=no-such.html");
    }
}
