package dev.physmem.cli.board;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SuggestionsTest {
    private static final List<String> FIELDS = List.of("name", "size", "subregions", "priority");

    @Test
    void oneEditAwaySuggestsTheField() {
        assertThat(Suggestions.didYouMean("sise", FIELDS)).isEqualTo(" (did you mean 'size'?)");
    }

    @Test
    void caseIsIgnored() {
        assertThat(Suggestions.didYouMean("Size", FIELDS)).isEqualTo(" (did you mean 'size'?)");
    }

    @Test
    void longWordsMayBeTwoEditsAway() {
        assertThat(Suggestions.didYouMean("prority", FIELDS)).isEqualTo(" (did you mean 'priority'?)");
        assertThat(Suggestions.didYouMean("subregoins", FIELDS)).isEqualTo(" (did you mean 'subregions'?)");
    }

    @Test
    void farOrShortWordsSuggestNothing() {
        assertThat(Suggestions.didYouMean("colour", FIELDS)).isEmpty();
        assertThat(Suggestions.didYouMean("3", List.of("1", "2", "4", "8"))).isEmpty();
    }

    @Test
    void distanceCountsInsertionsDeletionsAndSubstitutions() {
        assertThat(Suggestions.distance("kitten", "sitting")).isEqualTo(3);
        assertThat(Suggestions.distance("", "abc")).isEqualTo(3);
        assertThat(Suggestions.distance("same", "same")).isZero();
    }
}
