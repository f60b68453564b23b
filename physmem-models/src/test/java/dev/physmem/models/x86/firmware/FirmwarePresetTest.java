package dev.physmem.models.x86.firmware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.physmem.MemorySystem;
import dev.physmem.models.x86.PamMode;
import dev.physmem.models.x86.PcMachine;
import org.junit.jupiter.api.Test;

class FirmwarePresetTest {

    @Test
    void noneLeavesTheResetStateAndSeabiosRunsPost() {
        PcMachine untouched = PcMachine.build(new MemorySystem(), 64L << 20);
        FirmwarePreset.byName("none").apply(untouched);
        assertThat(untouched.i440fx().pamMode(0)).isEqualTo(PamMode.DISABLED);
        PcMachine booted = PcMachine.build(new MemorySystem(), 64L << 20);
        FirmwarePreset.byName("SeaBIOS").apply(booted);
        assertThat(booted.i440fx().pamMode(0)).isEqualTo(PamMode.READ_ONLY);
    }

    @Test
    void anUnknownNameListsTheKnownOnes() {
        assertThatThrownBy(() -> FirmwarePreset.byName("ovmf"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("name=ovmf").hasMessageContaining("known=none,seabios");
    }
}
