package dev.physmem.models.x86;

import static org.assertj.core.api.Assertions.assertThat;

import dev.physmem.MemorySystem;
import dev.physmem.models.x86.firmware.SeaBios;
import org.junit.jupiter.api.Test;

class TreeCapturesTest {

    @Test
    void pcResetTreeWithOwnersAndDisabledRegionsEqualsQemus() {
        PcMachine pc = PcMachine.build(new MemorySystem(), 512L << 20);
        assertTreeEqualsCapture(pc, "x86_64-pc", "reset");
    }

    @Test
    void pcTreeAfterSeaBiosEqualsQemusRunningTree() {
        PcMachine pc = PcMachine.build(new MemorySystem(), 512L << 20);
        SeaBios.post(pc);
        assertTreeEqualsCapture(pc, "x86_64-pc", "running");
    }

    @Test
    void q35ResetTreeWithOwnersAndDisabledRegionsEqualsQemus() {
        Q35Machine q35 = Q35Machine.build(new MemorySystem(), 2L << 30);
        assertTreeEqualsCapture(q35, "x86_64-q35", "reset");
    }

    @Test
    void q35TreeAfterSeaBiosEqualsQemusRunningTree() {
        Q35Machine q35 = Q35Machine.build(new MemorySystem(), 2L << 30);
        SeaBios.post(q35);
        assertTreeEqualsCapture(q35, "x86_64-q35", "running");
    }

    private static void assertTreeEqualsCapture(X86Machine machine, String dir, String state) {
        assertThat(GoldenFlatViews.blocks(GoldenTrees.tree(machine.system())))
                .containsExactlyElementsOf(GoldenFlatViews.blocks(GoldenFlatViews.capture(dir, state, "mtree-o-D.txt")));
    }
}
