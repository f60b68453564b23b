package dev.physmem;

import static org.assertj.core.api.Assertions.assertThat;

import dev.physmem.flat.FlatRange;
import dev.physmem.mtree.MtreeOptions;
import dev.physmem.mtree.MtreePrinter;
import dev.physmem.region.ContainerRegion;
import dev.physmem.region.IoRegion;
import dev.physmem.region.MemoryRegion;
import dev.physmem.region.MemoryRegionOps;
import dev.physmem.region.Owner;
import dev.physmem.region.RamRegion;
import dev.physmem.space.AddressSpace;
import org.junit.jupiter.api.Test;

/** The library example of the README, line for line, so that it stays true. */
class ReadmeExampleTest {

    @Test
    void readmeExampleRunsAndSaysWhatItClaims() {
        MemoryRegionOps myUartOps = MemoryRegionOps.of((offset, size) -> 0, (offset, value, size) -> { });
        // --- as in README.md ---
        MemorySystem sys = new MemorySystem();                        // little-endian target
        ContainerRegion system = sys.initContainer(null, "system", MemoryRegion.SIZE_2_64);
        RamRegion ram = sys.initRam(Owner.objectPath("/objects/ram"), "ram", 256 << 20);
        IoRegion uart = sys.initIo(null, myUartOps, "uart", 8);       // MemoryRegionOps: read/write callbacks
        try (var tx = sys.transaction()) {                            // one render at the outermost commit
            system.addSubregion(0, ram);
            system.addSubregionOverlap(0x1000_0000L, uart, 1);
        }
        AddressSpace memory = sys.addressSpace(system, "memory");
        FlatRange r = memory.view().lookup(0x1000_0004L);              // -> uart, offset 4
        String text = MtreePrinter.print(sys, MtreeOptions.flatView());
        // --- end ---
        assertThat(r.region()).isSameAs(uart);
        assertThat(r.offsetOf(0x1000_0004L)).isEqualTo(4);
        assertThat(text).contains("  0000000010000000-0000000010000007 (prio 1, i/o): uart\n");
    }
}
