package dev.physmem.attr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MemTxResultTest {

    @Test
    void bitsMatchQemu() {
        assertThat(MemTxResult.OK.bits()).isZero();
        assertThat(MemTxResult.ERROR.bits()).isEqualTo(1);
        assertThat(MemTxResult.DECODE_ERROR.bits()).isEqualTo(2);
        assertThat(MemTxResult.ACCESS_ERROR.bits()).isEqualTo(4);
    }

    @Test
    void orCombinesEveryFailureAndIsInterned() {
        MemTxResult all = MemTxResult.ERROR.or(MemTxResult.DECODE_ERROR).or(MemTxResult.ACCESS_ERROR);
        assertThat(all.hasError()).isTrue();
        assertThat(all.hasDecodeError()).isTrue();
        assertThat(all.hasAccessError()).isTrue();
        assertThat(all).isSameAs(MemTxResult.ofBits(7));
        assertThat(MemTxResult.OK.or(MemTxResult.OK)).isSameAs(MemTxResult.OK);
    }

    @Test
    void toStringNamesEachBit() {
        assertThat(MemTxResult.OK).hasToString("MEMTX_OK");
        assertThat(MemTxResult.ERROR.or(MemTxResult.ACCESS_ERROR)).hasToString("MEMTX_ERROR|MEMTX_ACCESS_ERROR");
        assertThat(MemTxResult.DECODE_ERROR).hasToString("MEMTX_DECODE_ERROR");
    }

    @Test
    void ofBitsRejectsUndefinedBits() {
        assertThatThrownBy(() -> MemTxResult.ofBits(8))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bits=8");
    }

    @Test
    void withMemorySetsTheFlagAndClearsUnspecified() {
        MemTxAttrs attrs = MemTxAttrs.UNSPECIFIED.withMemory(true);
        assertThat(attrs.memory()).isTrue();
        assertThat(attrs.unspecified()).isFalse();
    }
}
