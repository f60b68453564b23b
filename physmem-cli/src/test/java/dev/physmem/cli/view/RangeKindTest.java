package dev.physmem.cli.view;

import static org.assertj.core.api.Assertions.assertThat;

import dev.physmem.MemorySystem;
import dev.physmem.region.AliasRegion;
import dev.physmem.region.ContainerRegion;
import dev.physmem.region.MemoryRegion;
import dev.physmem.region.MemoryRegionOps;
import dev.physmem.region.RamRegion;
import dev.physmem.region.RomDeviceRegion;
import dev.physmem.space.AddressSpace;
import java.lang.foreign.Arena;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class RangeKindTest {
    private static final MemoryRegionOps OPS = MemoryRegionOps.of((offset, size) -> 0, (offset, value, size) -> {});

    private final MemorySystem system = new MemorySystem();
    private final ContainerRegion root = system.initContainer(null, "root", MemoryRegion.SIZE_2_64);
    private final AddressSpace space = system.addressSpace(root, "memory");

    private RangeKind kindAt(long address) {
        return RangeKind.of(space.view().lookup(address));
    }

    @Test
    void ramIsRamAndRomIsRom() {
        root.addSubregion(0, system.initRam(null, "ram", 0x1000));
        root.addSubregion(0x1000, system.initRom(null, "rom", 0x1000));
        assertThat(kindAt(0)).isEqualTo(RangeKind.RAM);
        assertThat(kindAt(0x1000)).isEqualTo(RangeKind.ROM);
    }

    @Test
    void ramSeenThroughAReadOnlyAliasIsReadOnlyRamThoughItPrintsRom() {
        RamRegion ram = system.initRam(null, "ram", 0x1000);
        AliasRegion window = system.initAlias(null, "pam-rom", ram, 0, 0x1000);
        window.setReadonly(true);
        root.addSubregion(0x4000, window);
        assertThat(kindAt(0x4000)).isEqualTo(RangeKind.READONLY_RAM);
        assertThat(space.view().lookup(0x4000).typeName()).isEqualTo("rom");
    }

    @Test
    void romDeviceIsRomdInRomdModeAndIoOutsideIt() {
        RomDeviceRegion flash = system.initRomDevice(null, OPS, "flash", 0x1000);
        root.addSubregion(0, flash);
        assertThat(kindAt(0)).isEqualTo(RangeKind.ROMD);
        flash.setRomd(false);
        assertThat(kindAt(0)).isEqualTo(RangeKind.IO);
    }

    @Test
    void ramDeviceIsRamdAndCallbacksAreIo() {
        root.addSubregion(0, system.initRamDevicePtr(null, "bar0", 0x1000, Arena.ofAuto().allocate(0x1000)));
        root.addSubregion(0x1000, system.initIo(null, OPS, "uart", 8));
        assertThat(kindAt(0)).isEqualTo(RangeKind.RAMD);
        assertThat(kindAt(0x1000)).isEqualTo(RangeKind.IO);
    }

    @Test
    void cssNamesAreDistinctClassSuffixes() {
        assertThat(Arrays.stream(RangeKind.values()).map(RangeKind::cssName))
                .doesNotHaveDuplicates()
                .allMatch(name -> name.matches("[a-z][a-z-]*"));
    }
}
