package dev.physmem.models.x86;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.physmem.MemorySystem;
import dev.physmem.flat.FlatRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class PamTest {
    private final PcMachine pc = PcMachine.build(new MemorySystem(), 64L << 20);
    private final Pam pam = pc.i440fx().pam();

    private FlatRange at(long address) {
        return pc.memory().view().lookup(address);
    }

    @Test
    void resetSendsEverySegmentToPci() {
        assertThat(pam.segments()).hasSize(13).allSatisfy(s -> assertThat(s.mode()).isEqualTo(PamMode.DISABLED));
        assertThat(at(0xc_0000L).region()).isSameAs(pc.memoryMap().optionRom());
        assertThat(at(0xf_0000L).region()).isSameAs(pc.memoryMap().bios());
    }

    @Test
    void readOnlyShowsRamThatWritesCannotChange() {
        pc.i440fx().setPam(1, PamMode.READ_ONLY);
        FlatRange r = at(0xc_0000L);
        assertThat(r.region()).isSameAs(pc.memoryMap().ram());
        assertThat(r.readonly()).isTrue();
        assertThat(r.last()).isEqualTo(0xc_3fffL);
        assertThat(at(0xc_4000L).region()).as("the next segment is untouched").isSameAs(pc.memoryMap().optionRom());
    }

    @Test
    void readWriteAndWriteOnlyShowWritableRamAsQemuDoes() {
        pc.i440fx().setPam(0, PamMode.READ_WRITE);
        pc.i440fx().setPam(12, PamMode.WRITE_ONLY);
        assertThat(at(0xf_8000L).region()).isSameAs(pc.memoryMap().ram());
        assertThat(at(0xf_8000L).readonly()).isFalse();
        assertThat(at(0xe_c000L).region()).isSameAs(pc.memoryMap().ram());
        assertThat(at(0xe_c000L).readonly()).isFalse();
    }

    @ParameterizedTest
    @EnumSource(PamMode.class)
    void eachModeEnablesExactlyItsOwnAlias(PamMode mode) {
        pc.i440fx().setPam(5, mode);
        PamRegion segment = pam.segments().get(5);
        for (PamMode m : PamMode.values()) {
            assertThat(segment.alias(m).isEnabled()).as(m.name()).isEqualTo(m == mode);
        }
        assertThat(pc.i440fx().pamMode(5)).isEqualTo(mode);
    }

    @Test
    void segmentsAreNibblesOfTheSevenRegisters() {
        pc.i440fx().setPam(0, PamMode.READ_ONLY);
        pc.i440fx().setPam(1, PamMode.WRITE_ONLY);
        pc.i440fx().setPam(2, PamMode.READ_WRITE);
        pc.i440fx().setPam(12, PamMode.READ_ONLY);
        assertThat(pam.readRegister(0)).isEqualTo(0x10);
        assertThat(pam.readRegister(1)).isEqualTo(0x32);
        assertThat(pam.readRegister(6)).isEqualTo(0x10);
    }

    @Test
    void aRegisterWriteUpdatesBothOfItsSegmentsAndKeepsPam0sReservedNibbleAsQemuDoes() {
        pam.writeRegister(3, 0x13);
        pam.writeRegister(0, 0x3f);
        assertThat(pam.mode(5)).isEqualTo(PamMode.READ_WRITE);
        assertThat(pam.mode(6)).isEqualTo(PamMode.READ_ONLY);
        assertThat(pam.mode(0)).isEqualTo(PamMode.READ_WRITE);
        assertThat(pam.readRegister(0)).as("QEMU's wmask covers every byte after the header").isEqualTo(0x3f);
    }

    @Test
    void segmentGeometryFollowsTheChipsetLayout() {
        assertThat(Pam.segmentStart(0)).isEqualTo(0xf_0000L);
        assertThat(Pam.segmentSize(0)).isEqualTo(0x1_0000L);
        assertThat(Pam.segmentStart(12)).isEqualTo(0xe_c000L);
        assertThat(Pam.segmentAt(0xe_c123L)).isEqualTo(12);
        assertThat(Pam.segmentAt(0xf_ffffL)).isZero();
        assertThat(Pam.segmentAt(0xc_0000L)).isEqualTo(1);
    }

    @Test
    void rejectsSegmentsRegistersAndValuesOutOfRange() {
        assertThatThrownBy(() -> pc.i440fx().setPam(13, PamMode.READ_ONLY))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("segment=13");
        assertThatThrownBy(() -> pam.mode(-1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("segment=-1");
        assertThatThrownBy(() -> pam.writeRegister(7, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("index=7");
        assertThatThrownBy(() -> pam.writeRegister(1, 0x100))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("value=256");
        assertThatThrownBy(() -> Pam.segmentAt(0xb_ffffL))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("address=0xbffff");
    }

    @Test
    void theModeIsTheAttributeOfItsNibble() {
        assertThat(PamMode.ofAttribute(0x7)).isEqualTo(PamMode.READ_WRITE);
        assertThat(PamMode.READ_ONLY.attribute()).isEqualTo(1);
        assertThat(PamMode.WRITE_ONLY.attribute()).isEqualTo(2);
    }
}
