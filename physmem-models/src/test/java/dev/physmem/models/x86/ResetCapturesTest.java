package dev.physmem.models.x86;

import static org.assertj.core.api.Assertions.assertThat;

import dev.physmem.MemorySystem;
import org.junit.jupiter.api.Test;

class ResetCapturesTest {

    @Test
    void pcWith512MibRendersEveryFlatViewOfQemusResetCapture() {
        PcMachine pc = PcMachine.build(new MemorySystem(), 512L << 20);
        assertThat(GoldenFlatViews.blocks(GoldenFlatViews.flatViews(pc.system())))
                .hasSize(4)
                .containsExactlyElementsOf(GoldenFlatViews.blocks(
                        GoldenFlatViews.capture("x86_64-pc", "reset", "mtree-f.txt")));
    }

    @Test
    void q35With2GibRendersEveryFlatViewOfQemusResetCapture() {
        Q35Machine q35 = Q35Machine.build(new MemorySystem(), 2L << 30);
        assertThat(GoldenFlatViews.blocks(GoldenFlatViews.flatViews(q35.system())))
                .hasSize(4)
                .containsExactlyElementsOf(GoldenFlatViews.blocks(
                        GoldenFlatViews.capture("x86_64-q35", "reset", "mtree-f.txt")));
    }
}
