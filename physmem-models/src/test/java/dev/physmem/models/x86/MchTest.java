package dev.physmem.models.x86;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.physmem.MemorySystem;
import dev.physmem.flat.FlatRange;
import org.junit.jupiter.api.Test;

class MchTest {
    private final Q35Machine q35 = Q35Machine.build(new MemorySystem(), 256L << 20);
    private final Mch mch = q35.mch();

    private FlatRange at(long address) {
        return q35.memory().view().lookup(address);
    }

    @Test
    void mmconfigIsOffAfterResetWithTheDefaultBase() {
        assertThat(mch.pciexbarRegister()).isEqualTo(Mch.PCIEXBAR_RESET_VALUE);
        assertThat(mch.isMmcfgEnabled()).isFalse();
        assertThat(at(0xb000_0000L)).isNull();
    }

    @Test
    void pciexbarMapsMovesAndUnmapsTheMmconfigWindow() {
        mch.setPciexbar(0xb000_0000L, PciexbarLength.MB_256, true);
        assertThat(at(0xb000_0000L).region()).isSameAs(mch.mmcfgRegion());
        assertThat(at(0xbfff_ffffL).region()).isSameAs(mch.mmcfgRegion());
        mch.setPciexbar(0xe000_0000L, PciexbarLength.MB_64, true);
        assertThat(at(0xb000_0000L)).isNull();
        assertThat(at(0xe3ff_ffffL).region()).isSameAs(mch.mmcfgRegion());
        assertThat(at(0xe400_0000L)).isNull();
        mch.setPciexbar(0xe000_0000L, PciexbarLength.MB_64, false);
        assertThat(mch.isMmcfgEnabled()).isFalse();
        assertThat(at(0xe000_0000L)).isNull();
    }

    @Test
    void aReservedLengthLeavesTheWindowAlone() {
        mch.setPciexbar(0xb000_0000L, PciexbarLength.MB_256, true);
        mch.writePciexbarRegister(0xc000_0000L | 0x6 | Mch.PCIEXBAREN);
        assertThat(mch.pciexbarRegister()).isEqualTo(0xc000_0007L);
        assertThat(at(0xb000_0000L).region()).isSameAs(mch.mmcfgRegion());
    }

    @Test
    void rejectsBasesTheRegisterCannotHold() {
        assertThatThrownBy(() -> mch.setPciexbar(0xb800_0000L, PciexbarLength.MB_256, true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("base=0xb8000000");
        assertThatThrownBy(() -> mch.setPciexbar(1L << 36, PciexbarLength.MB_64, true))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theMchFunctionIsTheFirstOnTheBus() {
        assertThat(q35.pciBus().functions().getFirst()).isSameAs(mch.function());
        assertThat(mch.function().owner()).isEqualTo(Mch.MCH);
    }
}
