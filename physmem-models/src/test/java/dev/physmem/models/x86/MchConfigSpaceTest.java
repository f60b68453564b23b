package dev.physmem.models.x86;

import static org.assertj.core.api.Assertions.assertThat;

import dev.physmem.MemorySystem;
import dev.physmem.space.AddressSpace;
import org.junit.jupiter.api.Test;

/** The MCH's registers and MMCONFIG, programmed only through configuration cycles. */
class MchConfigSpaceTest {
    private final Q35Machine q35 = Q35Machine.build(new MemorySystem(), 256L << 20);
    private final AddressSpace io = q35.ioSpace();
    private final AddressSpace memory = q35.memory();

    private void outConfig(int devfn, int register, int value) {
        io.stlLe(0xcf8, 0x8000_0000 | devfn << 8 | (register & 0xfc));
        io.stlLe(0xcfc, value);
    }

    private int inConfig(int devfn, int register) {
        io.stlLe(0xcf8, 0x8000_0000 | devfn << 8 | (register & 0xfc));
        return io.ldlLe(0xcfc);
    }

    private void enableMmconfig() {
        outConfig(0x00, Mch.PCIEXBAR, 0);
        outConfig(0x00, Mch.PCIEXBAR + 4, 0);
        outConfig(0x00, Mch.PCIEXBAR, 0xb000_0001);
    }

    @Test
    void functionsReportQemusIds() {
        assertThat(inConfig(0x00, 0)).isEqualTo(0x29c0_8086);
        assertThat(inConfig(0xf8, 0)).isEqualTo(0x2918_8086);
        assertThat(inConfig(0xf8, 0x08)).isEqualTo(0x0601_0002);
        assertThat(inConfig(0xf8, 0x0c) >>> 16 & 0xff).as("LPC is multi-function").isEqualTo(0x80);
        assertThat(inConfig(0xfa, 0)).isEqualTo(0x2922_8086);
        assertThat(inConfig(0xfa, 0x08)).isEqualTo(0x0106_0102);
        assertThat(inConfig(0xfb, 0)).isEqualTo(0x2930_8086);
        assertThat(inConfig(0xfb, 0x08)).isEqualTo(0x0c05_0002);
    }

    @Test
    void pciexbarThroughConfigCyclesMapsTheWindowAndEcamReachesTheSameSpaces() {
        enableMmconfig();
        assertThat(q35.mch().isMmcfgEnabled()).isTrue();
        assertThat(memory.ldlLe(0xb000_0000L)).isEqualTo(0x29c0_8086);
        assertThat(memory.ldlLe(0xb000_0000L + (0xfaL << 12))).isEqualTo(0x2922_8086);
        assertThat(memory.lduwLe(0xb000_0002L)).isEqualTo(0x29c0);
        assertThat(memory.ldlLe(0xb000_0000L + (0x10L << 12))).as("absent function").isEqualTo(0xffff_ffff);
        assertThat(memory.ldlLe(0xb010_0000L)).as("bus 1").isEqualTo(0xffff_ffff);
        assertThat(memory.ldlLe(0xb000_0100L)).as("past a conventional function's 256 bytes").isEqualTo(0xffff_ffff);
        memory.stlLe(0xb000_0100L, 0x1234);
        memory.stb(0xb000_0000L + Mch.PAM0, 0x30);
        assertThat(q35.mch().pamMode(0)).isEqualTo(PamMode.READ_WRITE);
        assertThat(inConfig(0x00, Mch.PAM0) & 0xff).isEqualTo(0x30);
    }

    @Test
    void aReservedLengthLeavesTheWindowWhereItWas() {
        enableMmconfig();
        outConfig(0x00, Mch.PCIEXBAR, 0xe000_0007);
        assertThat(q35.mch().pciexbarRegister()).isEqualTo(0xe000_0007L);
        assertThat(memory.view().lookup(0xb000_0000L).region()).isSameAs(q35.mch().mmcfgRegion());
        outConfig(0x00, Mch.PCIEXBAR, 0xe000_0005);
        assertThat(memory.view().lookup(0xe000_0000L).region()).isSameAs(q35.mch().mmcfgRegion());
        assertThat(q35.mch().mmcfgRegion().size()).isEqualTo(64L << 20);
        assertThat(memory.view().lookup(0xb000_0000L)).isNull();
    }

    @Test
    void dLckThroughAConfigWriteClosesSmramAndFreezesSmramAndEsmramc() {
        outConfig(0x00, 0x9c, 0x4a << 8 | 0x81 << 16);
        MchSmram smram = q35.mch().smram();
        assertThat(smram.isOpen()).isTrue();
        assertThat(smram.esmramcRegister()).isEqualTo(0xb9);
        outConfig(0x00, 0x9c, 0x1a << 8 | 0x38 << 16);
        assertThat(smram.isLocked()).isTrue();
        assertThat(smram.isOpen()).as("D_LCK clears D_OPEN").isFalse();
        assertThat(smram.esmramcRegister()).as("ESMRAMC was still writable in the locking write").isEqualTo(0x38);
        outConfig(0x00, 0x9c, 0x48 << 8 | 0x87 << 16);
        assertThat(smram.register()).as("only D_CLS stays writable").isEqualTo(0x1a);
        assertThat(smram.esmramcRegister()).isEqualTo(0x38);
        assertThat(inConfig(0x00, 0x9c) >>> 8 & 0xff).isEqualTo(0x1a);
    }

    @Test
    void tsegFromConfigCyclesHidesTheTopOfLowRam() {
        outConfig(0x00, 0x9c, (0x38 | 0x4 | 0x1) << 16 | 0x0a << 8);
        long below4g = q35.ramSplit().below4g();
        assertThat(q35.mch().smram().tsegBytes()).isEqualTo(8L << 20);
        assertThat(memory.view().lookup(below4g - 1).region().name()).isEqualTo("tseg-blackhole");
    }

    @Test
    void theExtendedTsegQueryAnswersTheSizeInMib() {
        assertThat(inConfig(0x00, 0x50) & 0xffff).isEqualTo(0xffff);
        io.stlLe(0xcf8, 0x8000_0050);
        io.stwLe(0xcfc, 0xffff);
        assertThat(io.lduwLe(0xcfc)).isEqualTo(Mch.DEFAULT_EXTENDED_TSEG_MBYTES);
    }

    @Test
    void fSmbaseNegotiatesThroughConfigWrites() {
        io.stlLe(0xcf8, 0x8000_009c);
        io.stb(0xcfc, 0x02);
        assertThat(io.ldub(0xcfc)).as("a lock before the query is discarded").isZero();
        io.stb(0xcfc, 0xff);
        assertThat(io.ldub(0xcfc)).isEqualTo(MchSmram.F_SMBASE_IN_RAM);
        io.stb(0xcfc, 0x02);
        assertThat(q35.mch().smram().isSmbaseLocked()).isTrue();
        assertThat(memory.view().lookup(MchSmram.SMBASE_ADDR).region().name()).isEqualTo("smbase-blackhole");
        io.stb(0xcfc, 0x00);
        assertThat(io.ldub(0xcfc)).isEqualTo(MchSmram.F_SMBASE_LCK);
    }

    @Test
    void lpcAndSmbusRegistersPlaceTheirBlocks() {
        outConfig(0xf8, Ich9Lpc.PMBASE, 0x601);
        outConfig(0xf8, Ich9Lpc.ACPI_CNTL, Ich9Lpc.ACPI_EN);
        outConfig(0xf8, Ich9Lpc.RCBA, 0xfed1_c001);
        assertThat(io.view().lookup(0x600).region().name()).isEqualTo("acpi-evt");
        assertThat(memory.view().lookup(0xfed1_c000L).region().name()).isEqualTo("lpc-rcrb-mmio");
        assertThat(inConfig(0xf8, Ich9Lpc.PMBASE)).isEqualTo(0x601);
        outConfig(0xf8, Ich9Lpc.RCBA, 0);
        assertThat(q35.lpc().isRcbaEnabled()).isFalse();
        outConfig(0xfb, 0x20, 0x701);
        outConfig(0xfb, 0x04, 0x1);
        assertThat(io.view().lookup(0x700).region().name()).isEqualTo("pm-smbus");
    }
}
