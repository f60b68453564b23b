package dev.physmem.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RegisterFileTest {

    @Test
    void bytesWrittenReadBackLittleEndianAcrossPages() {
        RegisterFile regs = new RegisterFile(0x1_0000);
        regs.write(0xffe, 0x1122_3344L, 4);
        assertThat(regs.read(0xffe, 4)).isEqualTo(0x1122_3344L);
        assertThat(regs.read(0x1000, 1)).isEqualTo(0x22);
        assertThat(regs.read(0x2000, 8)).as("never written").isZero();
    }

    @Test
    void aHugeWindowCostsNothingUntilWrittenAndIgnoresBytesPastItsEnd() {
        RegisterFile regs = new RegisterFile(256L << 20);
        regs.write((256L << 20) - 2, 0xaabb_ccddL, 4);
        assertThat(regs.read((256L << 20) - 2, 4)).isEqualTo(0xccddL);
        assertThat(regs.size()).isEqualTo(256L << 20);
    }

    @Test
    void rejectsNonPositiveSizes() {
        assertThatThrownBy(() -> new RegisterFile(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("size=0");
    }
}
