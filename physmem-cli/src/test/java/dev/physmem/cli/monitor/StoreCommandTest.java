package dev.physmem.cli.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StoreCommandTest {

    @Test
    void eachWidthStoresItsLowBytesLittleEndian() {
        Transcript t = Transcript.pc("stq 0x1000 (-1)", "stb 0x1000 0x11", "stw 0x1002 0x2233", "stl 0x1004 0x44556677",
                "xp /8xb 0x1000");
        assertThat(t.err()).isEmpty();
        assertThat(t.out()).isEqualTo("0000000000001000: 0x11 0xff 0x33 0x22 0x77 0x66 0x55 0x44\n");
    }

    @Test
    void aCompletedStorePrintsNothing() {
        Transcript t = Transcript.pc("stl 0x1000 0x12345678");
        assertThat(t.out()).isEmpty();
        assertThat(t.err()).isEmpty();
    }

    @Test
    void aStoreToRomIsDroppedAndSaysWhy() {
        Transcript t = Transcript.pc("stb 0xffff0 0xea", "xp /1xb 0xffff0");
        assertThat(t.err()).isEqualTo(
                "stb: 00000000000ffff0: MEMTX_DECODE_ERROR: pc.bios (rom) is read-only there; the write was dropped\n");
        assertThat(t.out()).isEqualTo("00000000000ffff0: 0x00\n");
    }

    @Test
    void aStoreToAHoleSaysNothingIsMapped() {
        assertThat(Transcript.pc("stl 0xe0000000 1").err())
                .isEqualTo("stl: 00000000e0000000: MEMTX_DECODE_ERROR: nothing is mapped there\n");
    }

    @Test
    void aValueWiderThanTheStoreIsRefusedButNegativeValuesFit() {
        Transcript t = Transcript.pc("stb 0x1000 0x100", "stw 0x1000 (-1)", "xp /1xh 0x1000");
        assertThat(t.err()).isEqualTo("""
                value 0x100 does not fit in 8 bits
                Try "help stb" for more information
                """);
        assertThat(t.out()).isEqualTo("0000000000001000: 0xffff\n");
    }

    @Test
    void storesGoToTheAddressSpaceNamedByAs() {
        Transcript t = Transcript.pc("stl --as cpu-smm-0 0x6000 0x1234", "xp /1xw 0x6000");
        assertThat(t.err()).isEmpty();
        assertThat(t.out()).isEqualTo("0000000000006000: 0x00001234\n");
    }

    @Test
    void aCharacterConstantIsAValue() {
        assertThat(Transcript.pc("stb 0x1000 'Z'", "xp /1cb 0x1000").out()).isEqualTo("0000000000001000: 'Z'\n");
    }
}
