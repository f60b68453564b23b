package dev.physmem.cli.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.physmem.inspect.Explainer;
import dev.physmem.inspect.ExplanationFormatter;
import org.junit.jupiter.api.Test;

class ExplainAddressCommandTest {

    @Test
    void printsTheExplainersAnswerInMemoryByDefault() {
        MonitorTarget pc = Transcript.pc();
        var memory = pc.space("memory");
        assertThat(Transcript.run(pc, "explain 0xa0000").out())
                .isEqualTo(ExplanationFormatter.format("memory", Explainer.explain(memory, 0xa0000)));
    }

    @Test
    void explainsInTheAddressSpaceNamedByAs() {
        assertThat(Transcript.pc("explain 0x71 --as I/O").out()).contains("=> rtc @0x0000000000000001 (i/o)");
    }

    @Test
    void aPamChangeShowsInTheExplanation() {
        assertThat(Transcript.pc("pam 0xf0000 rw", "explain 0xffff0").out())
                .endsWith("=> pc.ram @0x00000000000ffff0 (ram)\n");
    }
}
