package dev.physmem.mtree;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class HintsParserTest {
    private static final String A = "0000000000000000-0000000000000fff (prio 0, i/o): a ; b owner:{dev id=x}";
    private static final String B = "0000000000001000-0000000000001fff (prio 0, i/o): b parent:{obj path=/m}";

    @Test
    void pairSeparatorIsTheFirstSpacedSemicolonAfterAClosingBrace() {
        Hints hints = HintsParser.parse("later " + A + " ; " + B + "\n");

        Hints.RegionHint hint = hints.regionHints().getFirst();
        assertThat(hint.keyword()).isEqualTo(Hints.Keyword.LATER);
        assertThat(hint.first()).isEqualTo(new Hints.Ref(A, -1));
        assertThat(hint.second()).isEqualTo(new Hints.Ref(B, -1));
    }

    @Test
    void trailingIndexPicksOneOfSeveralRegionsPrintingTheLine() {
        Hints hints = HintsParser.parse("target " + A + " #2 ; " + B + " #0");

        Hints.RegionHint hint = hints.regionHints().getFirst();
        assertThat(hint.first()).isEqualTo(new Hints.Ref(A, 2));
        assertThat(hint.second()).isEqualTo(new Hints.Ref(B, 0));
    }

    @Test
    void asAndAccelLinesKeepTheirOrderAndQuotedNames() {
        Hints hints = HintsParser.parse("""
                # hints
                as "memory", root: system
                as "vtd-root", root: vtd-00.0
                accel KVM 4096 memory "bus master"
                """);

        assertThat(hints.addressSpaces()).extracting(Hints.AsHint::name, Hints.AsHint::root)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("memory", "system"),
                        org.assertj.core.groups.Tuple.tuple("vtd-root", "vtd-00.0"));
        assertThat(hints.accel().accel()).isEqualTo(new MtreeOptions.Accel("KVM", 4096, List.of("memory", "bus master")));
        assertThat(hints.accel().source().number()).isEqualTo(4);
    }

    @Test
    void missingOrEmptyHintsMeanNone() {
        assertThat(HintsParser.parse(null)).isEqualTo(Hints.NONE);
        assertThat(HintsParser.parse("# nothing\n\n")).isEqualTo(Hints.NONE);
    }
}
