package dev.physmem.models.x86.firmware;

import static org.assertj.core.api.Assertions.assertThat;

import dev.physmem.MemorySystem;
import dev.physmem.models.x86.Ich9Ahci;
import dev.physmem.models.x86.Ich9Smbus;
import dev.physmem.models.x86.PamMode;
import dev.physmem.models.x86.PcMachine;
import dev.physmem.models.pci.PciFunction;
import dev.physmem.models.x86.PiixIde;
import dev.physmem.models.x86.Q35Machine;
import dev.physmem.models.x86.Smram;
import dev.physmem.models.x86.MachineType;
import dev.physmem.models.x86.X86Machine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SeaBiosTest {

    @Test
    void leavesRomSegmentsReadOnlyUpToRomMaxAndItsOwnDataSegmentsWritable() {
        PcMachine pc = PcMachine.build(new MemorySystem(), 512L << 20);
        SeaBios.post(pc);
        for (int segment = 1; segment <= 10; segment++) {
            assertThat(pc.i440fx().pamMode(segment)).as("segment %d", segment).isEqualTo(PamMode.READ_ONLY);
        }
        assertThat(pc.i440fx().pamMode(11)).isEqualTo(PamMode.READ_WRITE);
        assertThat(pc.i440fx().pamMode(12)).isEqualTo(PamMode.READ_WRITE);
        assertThat(pc.i440fx().pamMode(0)).isEqualTo(PamMode.READ_ONLY);
    }

    @Test
    void aRomMaxInsideARegistersFirstHalfProtectsOnlyThatHalf() {
        PcMachine pc = PcMachine.build(new MemorySystem(), 512L << 20);
        SeaBios.post(pc, new SeaBios.Options(0xc_9000L, 0xc_0000L, 0x3000));
        assertThat(pc.i440fx().pam().readRegister(1)).isEqualTo(0x11);
        assertThat(pc.i440fx().pam().readRegister(2)).isEqualTo(0x31);
        assertThat(pc.i440fx().pam().readRegister(3)).isEqualTo(0x33);
        assertThat(pc.i440fx().pamMode(3)).isEqualTo(PamMode.READ_ONLY);
        assertThat(pc.i440fx().pamMode(4)).isEqualTo(PamMode.READ_WRITE);
    }

    @Test
    void leavesSmramEnabledAndClosedOnBothChipsets() {
        PcMachine pc = PcMachine.build(new MemorySystem(), 512L << 20);
        Q35Machine q35 = Q35Machine.build(new MemorySystem(), 2L << 30);
        SeaBios.post(pc);
        SeaBios.post(q35);
        assertThat(pc.i440fx().smram().register()).isEqualTo(Smram.G_SMRAME | Smram.C_BASE_SEG);
        assertThat(q35.mch().smram().register()).isEqualTo(Smram.G_SMRAME | Smram.C_BASE_SEG);
        assertThat(q35.mch().smram().tsegBytes()).isZero();
    }

    @Test
    void placesBarsWhereSeaBiosDoes() {
        PcMachine pc = PcMachine.build(new MemorySystem(), 512L << 20);
        Q35Machine q35 = Q35Machine.build(new MemorySystem(), 2L << 30);
        SeaBios.post(pc);
        SeaBios.post(q35);
        assertThat(pc.ide().function().barAddress(PiixIde.BMDMA_BAR)).isEqualTo(0xc000);
        assertThat(q35.ahci().function().barAddress(Ich9Ahci.IDP_BAR)).isEqualTo(0xc040);
        assertThat(q35.ahci().function().barAddress(Ich9Ahci.ABAR)).isEqualTo(0xfebf_f000L);
        assertThat(q35.smbus().function().barAddress(Ich9Smbus.SMB_BAR)).isEqualTo(SeaBios.SMBUS_BASE);
        assertThat(q35.mch().isMmcfgEnabled()).isTrue();
        assertThat(q35.lpc().isRcbaEnabled()).isTrue();
    }

    @Test
    void onlyTheAhciControllerEndsUpMastering() {
        PcMachine pc = PcMachine.build(new MemorySystem(), 512L << 20);
        Q35Machine q35 = Q35Machine.build(new MemorySystem(), 2L << 30);
        SeaBios.post(pc);
        SeaBios.post(q35);
        assertThat(pc.pciBus().functions()).noneMatch(PciFunction::isBusMaster);
        assertThat(q35.pciBus().functions()).filteredOn(PciFunction::isBusMaster)
                .containsExactly(q35.ahci().function());
    }

    @Test
    void theVapicRomBecomesWritableRamAtTheStartOfTheOptionRomArea() {
        PcMachine pc = PcMachine.build(new MemorySystem(), 512L << 20);
        SeaBios.post(pc);
        var range = pc.memory().view().lookup(0xc_2fffL);
        assertThat(range.region()).isSameAs(pc.memoryMap().ram());
        assertThat(range.readonly()).isFalse();
        assertThat(pc.memory().view().lookup(0xc_3000L).readonly()).isTrue();
    }

    @ParameterizedTest(name = "{0} -m {1} MiB")
    @CsvSource({"pc, 16", "pc, 3072", "pc, 6144", "q35, 16", "q35, 2816", "q35, 6144"})
    void postsOnAnyRamSizeAndKeepsRamAbove4gMapped(String type, long mib) {
        X86Machine machine = MachineType.byName(type).build(new MemorySystem(), mib << 20);
        SeaBios.post(machine);
        long top = machine.ramSplit().above4g() > 0 ? (1L << 32) + machine.ramSplit().above4g() - 1
                : machine.ramSplit().below4g() - 1;
        assertThat(machine.memory().view().lookup(top).region()).isSameAs(machine.memoryMap().ram());
        assertThat(machine.hostBridge().smram().isEnabled()).isTrue();
    }

    @Test
    void leavesMmconfigOnQ35AnsweringForEveryFunctionItProgrammed() {
        Q35Machine q35 = Q35Machine.build(new MemorySystem(), 2L << 30);
        SeaBios.post(q35);
        long ecam = SeaBios.MMCONFIG_BASE;
        assertThat(q35.memory().ldlLe(ecam)).isEqualTo(0x29c0_8086);
        assertThat(q35.memory().ldlLe(ecam + (0xfaL << 12) + 0x24)).as("ABAR").isEqualTo(0xfebf_f000);
        assertThat(q35.memory().lduwLe(ecam + (0xfaL << 12) + 0x04)).as("I/O, memory, master, SERR")
                .isEqualTo(0x0107);
        assertThat(q35.memory().ldub(ecam + 0x9d)).isEqualTo(Smram.G_SMRAME | Smram.C_BASE_SEG);
    }

    @Test
    void programsThePcThroughPortsOnly() {
        PcMachine pc = PcMachine.build(new MemorySystem(), 512L << 20);
        SeaBios.post(pc);
        pc.ioSpace().stlLe(0xcf8, 0x8000_0b58);
        assertThat(pc.ioSpace().ldlLe(0xcfc)).as("PIIX4 DEVACTB: APMC_EN").isEqualTo(1 << 25);
        pc.ioSpace().stlLe(0xcf8, 0x8000_0b40);
        assertThat(pc.ioSpace().ldlLe(0xcfc)).as("PMBA").isEqualTo(SeaBios.ACPI_PM_BASE | 1);
        pc.ioSpace().stlLe(0xcf8, 0x8000_0920);
        assertThat(pc.ioSpace().ldlLe(0xcfc)).as("IDE BAR 4").isEqualTo(0xc001);
    }
}
