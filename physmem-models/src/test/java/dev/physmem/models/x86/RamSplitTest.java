package dev.physmem.models.x86;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RamSplitTest {

    @ParameterizedTest(name = "pc -m {0}: below 4G {1}, above {2}")
    @CsvSource({
        "0x00800000, 0x00800000, 0",              // 8 MiB
        "0x20000000, 0x20000000, 0",              // 512 MiB, the capture
        "0xc0000000, 0xc0000000, 0",              // 3 GiB: below the 3.5 GiB limit, all low
        "0xd0000000, 0xd0000000, 0",              // 3.25 GiB: still below the limit, all low
        "0xdfffe000, 0xdfffe000, 0",              // one granule short of the limit
        "0xe0000000, 0xc0000000, 0x20000000",     // reaching the limit drops it to 3 GiB
        "0x100000000, 0xc0000000, 0x40000000",    // 4 GiB
        "0x200000000, 0xc0000000, 0x140000000",   // 8 GiB
    })
    void pcKeepsRamBelowThreeAndAHalfGibAndSplitsAtThreeGibOnceItReachesThatLimit(
            String ramSize, String below, String above) {
        assertThat(RamSplit.pc(Long.decode(ramSize), RamSplit.PC_MAX_RAM_BELOW_4G))
                .isEqualTo(new RamSplit(Long.decode(ramSize), Long.decode(below), Long.decode(above)));
    }

    @ParameterizedTest(name = "pc -m {0} max-ram-below-4g={1}: below {2}")
    @CsvSource({
        "0x100000000, 0x80000000, 0x80000000",    // a lower limit wins
        "0x100000000, 0xa0000000, 0xa0000000",    // not a GiB multiple: kept, QEMU only warns
        "0x60000000, 0x80000000, 0x60000000",     // below the limit: all low
        "0x100000000, 0x100000000, 0xc0000000",   // a 4 GiB limit is still aligned down to 3 GiB
    })
    void pcHonoursMaxRamBelow4g(String ramSize, String max, String below) {
        RamSplit split = RamSplit.pc(Long.decode(ramSize), Long.decode(max));
        assertThat(split.below4g()).isEqualTo(Long.decode(below));
        assertThat(split.above4g()).isEqualTo(Long.decode(ramSize) - Long.decode(below));
    }

    @ParameterizedTest(name = "q35 -m {0}: below 4G {1}, above {2}")
    @CsvSource({
        "0x08000000, 0x08000000, 0",              // 128 MiB
        "0x80000000, 0x80000000, 0",              // 2 GiB, the capture
        "0xa0000000, 0xa0000000, 0",              // 2.5 GiB: below 0xb0000000, all low
        "0xaffffe000, 0x80000000, 0xa7fffe000",   // 44 GiB - 8 KiB: large, 2 GiB low
        "0xafffe000, 0xafffe000, 0",              // one granule short of 0xb0000000
        "0xb0000000, 0x80000000, 0x30000000",     // reaching 0xb0000000 drops to 2 GiB
        "0xc0000000, 0x80000000, 0x40000000",     // 3 GiB
        "0x100000000, 0x80000000, 0x80000000",    // 4 GiB
    })
    void q35KeepsRamBelow0xb0000000AndSplitsAtTwoGibOnceItReachesIt(String ramSize, String below, String above) {
        assertThat(RamSplit.q35(Long.decode(ramSize), RamSplit.Q35_MAX_RAM_BELOW_4G))
                .isEqualTo(new RamSplit(Long.decode(ramSize), Long.decode(below), Long.decode(above)));
    }

    @ParameterizedTest(name = "q35 -m {0} max-ram-below-4g={1}: below {2}")
    @CsvSource({
        "0x80000000, 0x40000000, 0x40000000",
        "0x100000000, 0x40000000, 0x40000000",
        "0x30000000, 0x40000000, 0x30000000",
    })
    void q35TakesTheSmallerOfItsLimitAndMaxRamBelow4g(String ramSize, String max, String below) {
        assertThat(RamSplit.q35(Long.decode(ramSize), Long.decode(max)).below4g()).isEqualTo(Long.decode(below));
    }

    @ParameterizedTest
    @CsvSource({"0", "-8192", "1000", "0x100001"})
    void rejectsRamSizesQemuCannotEndUpWith(String ramSize) {
        long size = Long.decode(ramSize);
        assertThatThrownBy(() -> RamSplit.pc(size, RamSplit.PC_MAX_RAM_BELOW_4G))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ramSize=" + size);
        assertThatThrownBy(() -> RamSplit.q35(size, RamSplit.Q35_MAX_RAM_BELOW_4G))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ramSize=" + size);
    }

    @ParameterizedTest
    @CsvSource({"0", "0x100000001"})
    void rejectsMaxRamBelow4gOutsideZeroToFourGib(String max) {
        assertThatThrownBy(() -> RamSplit.pc(1L << 30, Long.decode(max)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxRamBelow4g=");
    }

    @ParameterizedTest
    @CsvSource({"0x1000, 0x800, 0x1000", "0x200000000, 0x180000000, 0x80000000", "0x1000, -0x1000, 0x2000"})
    void rejectsInconsistentParts(String ramSize, String below, String above) {
        assertThatThrownBy(() -> new RamSplit(Long.decode(ramSize), Long.decode(below), Long.decode(above)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("inconsistent RAM split");
    }
}
