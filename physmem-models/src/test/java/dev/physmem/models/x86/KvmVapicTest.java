package dev.physmem.models.x86;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.physmem.MemorySystem;
import org.junit.jupiter.api.Test;

class KvmVapicTest {
    private final PcMachine pc = PcMachine.build(new MemorySystem(), 64L << 20);

    @Test
    void theRomWindowCoversWholePagesOfRamAbovePam() {
        pc.i440fx().setPam(3, PamMode.READ_ONLY);
        pc.kvmvapic().mapRomWritable(0xc_8800L, 0x1000);
        var alias = pc.kvmvapic().romWindow().orElseThrow();
        assertThat(alias.addr()).isEqualTo(0xc_8000L);
        assertThat(alias.size()).isEqualTo(0x2000);
        assertThat(alias.priority()).isEqualTo(KvmVapic.ROM_PRIORITY);
        var range = pc.memory().view().lookup(0xc_9fffL);
        assertThat(range.region()).isSameAs(pc.memoryMap().ram());
        assertThat(range.readonly()).as("writable over the read-only PAM segment").isFalse();
        assertThat(pc.memory().view().lookup(0xc_a000L).readonly()).isTrue();
    }

    @Test
    void mappingAgainReplacesTheWindow() {
        pc.kvmvapic().mapRomWritable(0xc_0000L, 0x3000);
        pc.kvmvapic().mapRomWritable(0xd_0000L, 0x1000);
        assertThat(pc.memoryMap().systemMemory().subregions())
                .filteredOn(r -> r.name().equals("kvmvapic-rom")).hasSize(1);
        assertThat(pc.memory().view().lookup(0xc_0000L).region()).isSameAs(pc.memoryMap().optionRom());
    }

    @Test
    void rejectsWindowsOutsideRamBelowOneMib() {
        assertThatThrownBy(() -> pc.kvmvapic().mapRomWritable(0xf_f800L, 0x1000))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("romAddress=0xff800");
        assertThatThrownBy(() -> pc.kvmvapic().mapRomWritable(0xc_0000L, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("romSize=0x0");
    }
}
