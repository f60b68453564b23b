package dev.physmem.models.x86;

import static org.assertj.core.api.Assertions.assertThat;

import dev.physmem.MemorySystem;
import dev.physmem.models.x86.firmware.SeaBios;
import org.junit.jupiter.api.Test;

class RunningCapturesTest {

    @Test
    void pcWith512MibAfterSeaBiosRendersEveryFlatViewOfQemusRunningCapture() {
        PcMachine pc = PcMachine.build(new MemorySystem(), 512L << 20);
        SeaBios.post(pc);
        assertThat(GoldenFlatViews.blocks(GoldenFlatViews.flatViews(pc.system())))
                .hasSize(4)
                .containsExactlyElementsOf(GoldenFlatViews.blocks(
                        GoldenFlatViews.capture("x86_64-pc", "running", "mtree-f.txt")));
    }

    @Test
    void q35With2GibAfterSeaBiosRendersEveryFlatViewOfQemusRunningCapture() {
        Q35Machine q35 = Q35Machine.build(new MemorySystem(), 2L << 30);
        SeaBios.post(q35);
        assertThat(GoldenFlatViews.blocks(GoldenFlatViews.flatViews(q35.system())))
                .hasSize(4)
                .containsExactlyElementsOf(GoldenFlatViews.blocks(
                        GoldenFlatViews.capture("x86_64-q35", "running", "mtree-f.txt")));
    }
}
