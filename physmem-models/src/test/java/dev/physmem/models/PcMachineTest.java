package dev.physmem.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.physmem.MemorySystem;
import dev.physmem.flat.FlatRange;
import org.junit.jupiter.api.Test;

class PcMachineTest {

    @Test
    void lowRamBiosAndDevicesAnswerWhereQemuPutsThem() {
        PcMachine pc = PcMachine.build(new MemorySystem(), 512L << 20);
        var view = pc.memory().view();
        assertThat(view.lookup(0x1000).region()).isSameAs(pc.ram());
        FlatRange resetVector = view.lookup(0xffff_fff0L);
        assertThat(resetVector.region()).isSameAs(pc.bios());
        assertThat(resetVector.offsetOf(0xffff_fff0L)).isEqualTo(0x3fff0L);
        FlatRange isaBios = view.lookup(0xf_fff0L);
        assertThat(isaBios.region()).isSameAs(pc.bios());
        assertThat(isaBios.readonly()).isTrue();
        assertThat(view.lookup(0xfee0_0000L).region().name()).isEqualTo("apic-msi");
        assertThat(view.lookup(0x2000_0000L)).as("past the end of 512 MiB of RAM").isNull();
    }

    @Test
    void smramRegionShowsRamThroughTheEmptyPciHole() {
        PcMachine pc = PcMachine.build(new MemorySystem(), 512L << 20);
        FlatRange vga = pc.memory().view().lookup(0xa_0000L);
        assertThat(vga.region()).isSameAs(pc.ram());
    }

    @Test
    void portIoFillsHolesWithTheIoRegionItself() {
        PcMachine pc = PcMachine.build(new MemorySystem(), 512L << 20);
        var io = pc.ioSpace().view();
        assertThat(io.lookup(0x71).region().name()).isEqualTo("rtc");
        assertThat(io.lookup(0x71).offsetOf(0x71)).isEqualTo(1L);
        assertThat(io.lookup(0x70).region().name()).isEqualTo("rtc-index");
        assertThat(io.lookup(0xcf9).region().name()).isEqualTo("piix3-reset-control");
        assertThat(io.lookup(0x10).region()).isSameAs(pc.io());
    }

    @Test
    void ramAboveTheLowMemoryLimitMovesAbove4g() {
        PcMachine pc = PcMachine.build(new MemorySystem(), 4L << 30);
        assertThat(pc.ramBelow4g()).isEqualTo(3L << 30);
        assertThat(pc.ramAbove4g()).isEqualTo(1L << 30);
        FlatRange high = pc.memory().view().lookup(1L << 32);
        assertThat(high.region()).isSameAs(pc.ram());
        assertThat(high.offsetOf(1L << 32)).isEqualTo(3L << 30);
    }

    @Test
    void busMastersShareOneEmptyViewUntilMasteringIsOn() {
        PcMachine pc = PcMachine.build(new MemorySystem(), 512L << 20);
        assertThat(pc.busMasters()).hasSize(4).allSatisfy(as -> assertThat(as.view().root()).isNull());
        assertThat(pc.smm().view().root().name()).isEqualTo("memory");
    }

    @Test
    void rejectsRamSizesThatAreNotWholeMebibytes() {
        assertThatThrownBy(() -> PcMachine.build(new MemorySystem(), 1000))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ramSize=1000");
    }
}
