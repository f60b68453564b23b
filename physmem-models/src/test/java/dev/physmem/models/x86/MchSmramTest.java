package dev.physmem.models.x86;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.physmem.MemorySystem;
import dev.physmem.flat.FlatRange;
import org.junit.jupiter.api.Test;

class MchSmramTest {
    private static final long MIB = 1L << 20;
    private final Q35Machine q35 = Q35Machine.build(new MemorySystem(), 256 * MIB);
    private final MchSmram smram = q35.mch().smram();

    private FlatRange memoryAt(long address) {
        return q35.memory().view().lookup(address);
    }

    private FlatRange smmAt(long address) {
        return q35.smm().view().lookup(address);
    }

    @Test
    void resetValuesAreQemus() {
        assertThat(smram.register()).isEqualTo(Smram.RESET_VALUE);
        assertThat(smram.esmramcRegister()).isEqualTo(MchSmram.ESMRAMC_RESET_VALUE);
        assertThat(smram.tsegBytes()).isZero();
        assertThat(smram.smbaseRegister()).isZero();
        assertThat(memoryAt(MchSmram.HIGH_BASE)).as("nothing at 0xfeda0000").isNull();
    }

    @Test
    void tsegHidesTheTopOfLowRamFromEveryoneButSmm() {
        smram.setEnabled(true);
        smram.enableTseg(TsegSize.MB_2);
        long tseg = 256 * MIB - 2 * MIB;
        assertThat(smram.tsegBytes()).isEqualTo(2 * MIB);
        assertThat(memoryAt(tseg).region().name()).isEqualTo("tseg-blackhole");
        assertThat(memoryAt(256 * MIB - 1).region().name()).isEqualTo("tseg-blackhole");
        FlatRange smm = smmAt(tseg);
        assertThat(smm.region()).isSameAs(q35.memoryMap().ram());
        assertThat(smm.offsetOf(tseg)).isEqualTo(tseg);
        smram.disableTseg();
        assertThat(memoryAt(tseg).region()).isSameAs(q35.memoryMap().ram());
    }

    @Test
    void tsegNeedsTheGlobalEnable() {
        smram.enableTseg(TsegSize.MB_1);
        assertThat(smram.tsegBytes()).isZero();
        assertThat(memoryAt(255 * MIB).region()).isSameAs(q35.memoryMap().ram());
        smram.setEnabled(true);
        assertThat(memoryAt(255 * MIB).region().name()).isEqualTo("tseg-blackhole");
    }

    @Test
    void extendedTsegTakesTheMachinesSize() {
        smram.setEnabled(true);
        smram.enableTseg(TsegSize.EXTENDED);
        assertThat(smram.tsegBytes()).isEqualTo(Mch.DEFAULT_EXTENDED_TSEG_MBYTES * MIB);
    }

    @Test
    void highSmramMovesSmramToFeda0000ForSmmAndOpensItThereForEveryone() {
        smram.setEnabled(true);
        smram.setHighSmramEnabled(true);
        assertThat(smmAt(MchSmram.HIGH_BASE).region()).isSameAs(q35.memoryMap().ram());
        assertThat(smmAt(MchSmram.HIGH_BASE).offsetOf(MchSmram.HIGH_BASE)).isEqualTo(Smram.C_BASE);
        assertThat(memoryAt(MchSmram.HIGH_BASE)).as("closed: hidden").isNull();
        smram.open();
        assertThat(memoryAt(MchSmram.HIGH_BASE).region()).isSameAs(q35.memoryMap().ram());
    }

    @Test
    void lockingFreezesEsmramcToo() {
        smram.setEnabled(true);
        smram.lock();
        assertThatThrownBy(() -> smram.enableTseg(TsegSize.MB_8))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("chipset=mch")
                .hasMessageContaining("operation=enableTseg");
        smram.writeEsmramcRegister(MchSmram.H_SMRAME | MchSmram.T_EN);
        assertThat(smram.esmramcRegister()).isEqualTo(MchSmram.ESMRAMC_RESET_VALUE);
    }

    @Test
    void smbaseLocksOnlyAfterTheQuery() {
        smram.writeSmbaseRegister(MchSmram.F_SMBASE_LCK);
        assertThat(smram.isSmbaseLocked()).as("no query first").isFalse();
        assertThat(smram.smbaseRegister()).isZero();
        smram.writeSmbaseRegister(MchSmram.F_SMBASE_QUERY);
        assertThat(smram.smbaseRegister()).isEqualTo(MchSmram.F_SMBASE_IN_RAM);
        smram.writeSmbaseRegister(MchSmram.F_SMBASE_LCK);
        assertThat(smram.isSmbaseLocked()).isTrue();
        assertThat(memoryAt(MchSmram.SMBASE_ADDR).region().name()).isEqualTo("smbase-blackhole");
        assertThat(smmAt(MchSmram.SMBASE_ADDR).region()).isSameAs(q35.memoryMap().ram());
        smram.writeSmbaseRegister(0);
        assertThat(smram.isSmbaseLocked()).as("locked until reset").isTrue();
    }

    @Test
    void lockSmbaseNegotiatesAndLocksOnce() {
        smram.lockSmbase();
        smram.lockSmbase();
        assertThat(smram.isSmbaseLocked()).isTrue();
        assertThat(memoryAt(MchSmram.SMBASE_ADDR + MchSmram.SMBASE_SIZE - 1).region().name())
                .isEqualTo("smbase-blackhole");
    }

    @Test
    void rejectsATsegLargerThanLowRam() {
        Q35Machine small = Q35Machine.build(new MemorySystem(), 4 * MIB);
        assertThatThrownBy(() -> small.mch().smram().enableTseg(TsegSize.MB_8))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tseg=0x800000")
                .hasMessageContaining("below4g=0x400000");
    }

    @Test
    void rejectsRegisterValuesThatAreNotBytes() {
        assertThatThrownBy(() -> smram.writeEsmramcRegister(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> smram.writeSmbaseRegister(0x100)).isInstanceOf(IllegalArgumentException.class);
    }
}
