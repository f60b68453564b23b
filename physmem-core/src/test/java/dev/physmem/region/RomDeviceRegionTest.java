package dev.physmem.region;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.physmem.MemorySystem;
import dev.physmem.space.AddressSpace;
import dev.physmem.testing.ViewText;
import org.junit.jupiter.api.Test;

class RomDeviceRegionTest {
    private final MemorySystem sys = new MemorySystem();
    private final MemoryRegionOps ops = MemoryRegionOps.of((o, s) -> 0, (o, v, s) -> {});
    private final ContainerRegion root = sys.initContainer(null, "root", MemoryRegion.SIZE_2_64);
    private final AddressSpace as = sys.addressSpace(root, "memory");

    @Test
    void newRomDeviceIsInRomdMode() {
        var flash = sys.initRomDevice(null, ops, "flash", 0x1000);

        assertThat(flash.isRomd()).isTrue();
        assertThat(flash.typeName()).isEqualTo("romd");
        assertThat(flash.isTerminal()).isTrue();
    }

    @Test
    void leavingRomdModeKeepsTheRangeAndPrintsAsIo() {
        var flash = sys.initRomDevice(null, ops, "flash", 0x1000);
        root.addSubregion(0xfff000, flash);
        root.addSubregion(0, sys.initRam(null, "ram", 0x1000));

        flash.setRomd(false);

        assertThat(flash.isRomd()).isFalse();
        assertThat(flash.typeName()).isEqualTo("i/o");
        assertThat(ViewText.of(as)).containsExactly("0-fff ram @0", "fff000-ffffff flash @0");

        flash.setRomd(true);
        assertThat(flash.typeName()).isEqualTo("romd");
    }

    @Test
    void romDeviceMayNotGrowPastItsMemory() {
        // Found by FlatViewPropertyTest seed=16: romd reads would have run off the backing.
        var flash = sys.initRomDevice(null, ops, "flash", 0x1000);
        root.addSubregion(0x10000, flash);

        flash.setSize(0x800);
        assertThatThrownBy(() -> flash.setSize(0x1001))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("name=flash")
                .hasMessageContaining("newSize=0x1001");
        assertThat(flash.size()).isEqualTo(0x800);
        assertThat(ViewText.of(as)).containsExactly("10000-107ff flash @0");
    }
}
