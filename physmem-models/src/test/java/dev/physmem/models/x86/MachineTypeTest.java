package dev.physmem.models.x86;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.physmem.MemorySystem;
import org.junit.jupiter.api.Test;

class MachineTypeTest {

    @Test
    void namesAreQemusAndBuildTheirMachines() {
        assertThat(MachineType.byName("pc").build(new MemorySystem(), 64L << 20)).isInstanceOf(PcMachine.class);
        assertThat(MachineType.byName("Q35").build(new MemorySystem(), 64L << 20)).isInstanceOf(Q35Machine.class);
    }

    @Test
    void anUnknownNameListsTheKnownOnes() {
        assertThatThrownBy(() -> MachineType.byName("virt"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("name=virt").hasMessageContaining("known=pc,q35");
    }
}
