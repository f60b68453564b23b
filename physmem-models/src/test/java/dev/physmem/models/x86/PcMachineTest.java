package dev.physmem.models.x86;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.physmem.MemorySystem;
import dev.physmem.flat.FlatRange;
import dev.physmem.space.AddressSpace;
import org.junit.jupiter.api.Test;

class PcMachineTest {
    private static final long MIB = 1L << 20;
    private static final long GIB = 1L << 30;

    @Test
    void lowRamBiosAndDevicesAnswerWhereQemuPutsThem() {
        PcMachine pc = PcMachine.build(new MemorySystem(), 512 * MIB);
        var view = pc.memory().view();
        assertThat(view.lookup(0x1000).region()).isSameAs(pc.memoryMap().ram());
        FlatRange resetVector = view.lookup(0xffff_fff0L);
        assertThat(resetVector.region()).isSameAs(pc.memoryMap().bios());
        assertThat(resetVector.offsetOf(0xffff_fff0L)).isEqualTo(0x3fff0L);
        FlatRange isaBios = view.lookup(0xf_fff0L);
        assertThat(isaBios.region()).isSameAs(pc.memoryMap().bios());
        assertThat(isaBios.readonly()).isTrue();
        assertThat(view.lookup(0xc_0000L).region()).isSameAs(pc.memoryMap().optionRom());
        assertThat(view.lookup(0xfee0_0000L).region().name()).isEqualTo("apic-msi");
        assertThat(view.lookup(0xfec0_0000L).region().name()).isEqualTo("ioapic");
        assertThat(view.lookup(0xfed0_0000L).region().name()).isEqualTo("hpet");
        assertThat(view.lookup(512 * MIB)).as("past the end of 512 MiB of RAM").isNull();
    }

    @Test
    void portIoFillsHolesWithTheIoRegionItself() {
        PcMachine pc = PcMachine.build(new MemorySystem(), 512 * MIB);
        var io = pc.ioSpace().view();
        assertThat(io.lookup(0x71).region().name()).isEqualTo("rtc");
        assertThat(io.lookup(0x71).offsetOf(0x71)).isEqualTo(1L);
        assertThat(io.lookup(0x70).region().name()).isEqualTo("rtc-index");
        assertThat(io.lookup(0xcf9).region().name()).isEqualTo("piix3-reset-control");
        assertThat(io.lookup(0x3f1).region().name()).isEqualTo("fdc");
        assertThat(io.lookup(0x10).region()).isSameAs(pc.memoryMap().io());
    }

    @Test
    void ramFromFourGibOnIsMappedAtFourGibWithItsOffsetInPcRam() {
        PcMachine pc = PcMachine.build(new MemorySystem(), 6 * GIB);
        assertThat(pc.ramSplit()).isEqualTo(new RamSplit(6 * GIB, 3 * GIB, 3 * GIB));
        var view = pc.memory().view();
        assertThat(view.lookup(3 * GIB - 1).region()).isSameAs(pc.memoryMap().ram());
        assertThat(view.lookup(3 * GIB)).as("the PCI hole").isNull();
        FlatRange high = view.lookup(4 * GIB);
        assertThat(high.region()).isSameAs(pc.memoryMap().ram());
        assertThat(high.offsetOf(4 * GIB)).isEqualTo(3 * GIB);
        assertThat(high.last()).isEqualTo(7 * GIB - 1);
    }

    @Test
    void maxRamBelow4gMovesTheSplit() {
        PcMachine pc = PcMachine.builder().ramSize(4 * GIB).maxRamBelow4g(2 * GIB).build(new MemorySystem());
        assertThat(pc.ramSplit()).isEqualTo(new RamSplit(4 * GIB, 2 * GIB, 2 * GIB));
        assertThat(pc.memory().view().lookup(2 * GIB)).isNull();
        assertThat(pc.memory().view().lookup(6 * GIB - 1).offsetOf(6 * GIB - 1)).isEqualTo(4 * GIB - 1);
    }

    @Test
    void createsAddressSpacesInQemusOrder() {
        PcMachine pc = PcMachine.build(new MemorySystem(), 128 * MIB);
        assertThat(pc.system().addressSpaces()).extracting(AddressSpace::name).containsExactly(
                "memory", "I/O", "cpu-memory-0", "cpu-smm-0", "i440FX", "PIIX3", "piix3-ide", "PIIX4_PM");
    }

    @Test
    void busMastersShareOneEmptyViewUntilMasteringIsOn() {
        PcMachine pc = PcMachine.build(new MemorySystem(), 512 * MIB);
        assertThat(pc.pciBus().functions()).hasSize(4)
                .allSatisfy(f -> assertThat(f.busMasterAddressSpace().view().root()).isNull());
        assertThat(pc.smm().view().root().name()).isEqualTo("memory");
        assertThat(pc.hostBridge()).isSameAs(pc.i440fx());
        assertThat(pc.typeName()).isEqualTo("pc");
    }

    @Test
    void rejectsRamSizesThatAreNotWholeGranules() {
        assertThatThrownBy(() -> PcMachine.build(new MemorySystem(), 1000))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ramSize=1000");
    }
}
