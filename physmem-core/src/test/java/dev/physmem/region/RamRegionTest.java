package dev.physmem.region;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.physmem.MemorySystem;
import dev.physmem.space.AddressSpace;
import dev.physmem.testing.ViewText;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

class RamRegionTest {
    private final MemorySystem sys = new MemorySystem();
    private final ContainerRegion root = sys.initContainer(null, "root", MemoryRegion.SIZE_2_64);
    private final AddressSpace as = sys.addressSpace(root, "memory");

    @Test
    void romIsReadonlyRamAndRendersReadonly() {
        var rom = sys.initRom(null, "bios", 0x1000);
        root.addSubregion(0xf000, rom);
        root.addSubregion(0, sys.initRam(null, "ram", 0x1000));

        assertThat(rom.isReadonly()).isTrue();
        assertThat(rom.typeName()).isEqualTo("rom");
        assertThat(ViewText.of(as)).containsExactly("0-fff ram @0", "f000-ffff bios @0 ro");
    }

    @Test
    void readonlyRamPrintsAsRom() {
        var ram = sys.initRam(null, "ram", 0x1000);
        assertThat(ram.typeName()).isEqualTo("ram");

        ram.setReadonly(true);

        assertThat(ram.typeName()).isEqualTo("rom");
    }

    @Test
    void ramMayShrinkAndGrowBackUpToItsBacking() {
        var ram = sys.initRamPtr(null, "ram", 0x1000, MemorySegment.ofArray(new byte[0x2000]));
        root.addSubregion(0x10000, ram);

        ram.setSize(0x800);
        assertThat(ViewText.of(as)).containsExactly("10000-107ff ram @0");

        ram.setSize(0x2000);
        assertThat(ViewText.of(as)).containsExactly("10000-11fff ram @0");
    }

    @Test
    void ramMayNotGrowPastItsBacking() {
        var ram = sys.initRamPtr(null, "ram", 0x1000, MemorySegment.ofArray(new byte[0x1000]));
        root.addSubregion(0x10000, ram);

        assertThatThrownBy(() -> ram.setSize(0x1001))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("name=ram")
                .hasMessageContaining("newSize=0x1001")
                .hasMessageContaining("backing=0x1000");
        assertThatThrownBy(() -> ram.setSize(MemoryRegion.SIZE_2_64)).isInstanceOf(IllegalArgumentException.class);
        assertThat(ram.size()).isEqualTo(0x1000);
        assertThat(ViewText.of(as)).containsExactly("10000-10fff ram @0");
        assertThat(sys.transactionDepth()).isZero();
    }

    @Test
    void ramOverMemorySmallerThanItsSizeIsRejected() {
        var small = MemorySegment.ofArray(new byte[0x10]);

        assertThatThrownBy(() -> sys.initRamPtr(null, "ram", 0x20, small))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("name=ram");
    }
}
