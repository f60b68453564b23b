package dev.physmem.region;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.physmem.MemorySystem;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

class RamDeviceRegionTest {
    private final MemorySystem sys = new MemorySystem();

    @Test
    void ramDeviceIsTerminalAndPrintsAsRamd() {
        var bar = sys.initRamDevicePtr(null, "bar", 0x100, MemorySegment.ofArray(new byte[0x100]));

        assertThat(bar.isTerminal()).isTrue();
        assertThat(bar.typeName()).isEqualTo("ramd");
    }

    @Test
    void ramDeviceMayNotGrowPastItsMemory() {
        var bar = sys.initRamDevicePtr(null, "bar", 0x100, MemorySegment.ofArray(new byte[0x200]));

        bar.setSize(0x200);
        assertThatThrownBy(() -> bar.setSize(0x201))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("name=bar")
                .hasMessageContaining("backing=0x200");
        assertThat(bar.size()).isEqualTo(0x200);
    }
}
