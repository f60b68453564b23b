package dev.physmem.models.iommu;

import static org.assertj.core.api.Assertions.assertThat;

import dev.physmem.MemorySystem;
import dev.physmem.attr.IommuAccessFlags;
import dev.physmem.attr.MemTxAttrs;
import dev.physmem.attr.MemTxResult;
import dev.physmem.region.ContainerRegion;
import dev.physmem.region.MemoryRegion;
import dev.physmem.region.RamRegion;
import dev.physmem.space.AddressSpace;
import dev.physmem.space.MemTxResultHolder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * DMA through a TCE window while the guest remaps it: translation reads the table without locks,
 * so every load must see one whole mapping (the old page, the new page, or none), never a mix.
 */
class TceIommuStressTest {
    private static final long BUS = 0x1000_0000L;

    @Test
    void loadsDuringRemappingSeeOneMappingOrNone() throws InterruptedException {
        MemorySystem sys = new MemorySystem();
        ContainerRegion system = sys.initContainer(null, "system", MemoryRegion.SIZE_2_64);
        RamRegion ram = sys.initRam(null, "ram", 0x10000);
        system.addSubregion(0, ram);
        ram.backing().asSlice(0x1000, 0x1000).fill((byte) 0x11);
        ram.backing().asSlice(0x2000, 0x1000).fill((byte) 0x22);
        AddressSpace memory = sys.addressSpace(system, "memory");
        TceIommu tce = new TceIommu(sys, null, 1, BUS, 12, 4, memory);
        ContainerRegion bus = sys.initContainer(null, "bus", MemoryRegion.SIZE_2_64);
        bus.addSubregion(BUS, tce.region());
        AddressSpace pci = sys.addressSpace(bus, "pci");

        AtomicBoolean stop = new AtomicBoolean();
        List<String> wrong = new ArrayList<>();
        Thread dma = Thread.ofPlatform().start(() -> {
            MemTxResultHolder result = new MemTxResultHolder();
            while (!stop.get()) {
                long v = pci.ldqLe(BUS + 0x7f8, MemTxAttrs.UNSPECIFIED, result);
                boolean ok = result.get() == MemTxResult.OK
                        && (v == 0x1111111111111111L || v == 0x2222222222222222L);
                boolean none = result.get() == MemTxResult.DECODE_ERROR && v == 0;
                if (!ok && !none && wrong.size() < 10) {
                    wrong.add("result=" + result.get() + " value=0x" + Long.toHexString(v));
                }
            }
        });
        long deadline = System.nanoTime() + 200_000_000L;
        for (int i = 0; System.nanoTime() < deadline; i++) {
            switch (i % 3) {
                case 0 -> tce.map(BUS, 0x1000, IommuAccessFlags.RW);
                case 1 -> tce.map(BUS, 0x2000, IommuAccessFlags.RO);
                default -> tce.unmap(BUS);
            }
        }
        stop.set(true);
        dma.join();
        assertThat(wrong).isEmpty();
    }
}
