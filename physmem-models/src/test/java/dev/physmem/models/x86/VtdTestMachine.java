package dev.physmem.models.x86;

import dev.physmem.MemorySystem;
import dev.physmem.region.MemoryRegion;
import dev.physmem.region.MemoryRegionOps;
import dev.physmem.space.AddressSpace;
import java.util.ArrayList;
import java.util.List;

/**
 * Test fixture: q35 with {@code intel-iommu} and virtio-net, 256 MiB of RAM, a guest driver's VT-d
 * tables at {@link #TABLES}, and the IOMMU's registers as the driver reads and writes them.
 */
final class VtdTestMachine {
    /** Where the guest's root, context and page tables start. */
    static final long TABLES = 0x10_0000L;
    /** Where {@link #enableQueue()} puts the invalidation queue. */
    static final long QUEUE = 0x20_0000L;
    /** A page the tests use for wait descriptors' status writes. */
    static final long STATUS = 0x21_0000L;
    /** Where {@link #messageProbe()} sits: an address in the PCI hole that nothing else decodes. */
    static final long PROBE = 0x4000_0000L;
    /** virtio-net's device/function number (00:01.0). */
    static final int NET_DEVFN = 0x08;
    /** The domain the tests give virtio-net. */
    static final int DOMAIN = 7;

    final Q35Machine q35 = Q35Machine.builder().ramSize(256L << 20).intelIommu(true).virtioNet(true)
            .build(new MemorySystem());
    final AddressSpace memory = q35.memory();
    final IntelIommu iommu = q35.intelIommu().orElseThrow();
    final VtdGuestTables tables = new VtdGuestTables(memory, TABLES, 3);

    long reg(int reg) {
        return memory.ldqLe(IntelIommu.DMAR_BASE + reg);
    }

    int reg32(int reg) {
        return memory.ldlLe(IntelIommu.DMAR_BASE + reg);
    }

    void writeReg(int reg, long value) {
        memory.stqLe(IntelIommu.DMAR_BASE + reg, value);
    }

    void writeReg32(int reg, int value) {
        memory.stlLe(IntelIommu.DMAR_BASE + reg, value);
    }

    /**
     * A device at {@link #PROBE} recording every value written to it, in order: where a test points
     * an event's address register to see each message the IOMMU sends, and only those.
     */
    List<Long> messageProbe() {
        List<Long> messages = new ArrayList<>();
        MemoryRegion probe = memory.root().system().initIo(null,
                MemoryRegionOps.of((offset, size) -> 0, (offset, value, size) -> messages.add(value)), "msi-probe", 4);
        memory.root().addSubregionOverlap(PROBE, probe, 1);
        return messages;
    }

    /** Latches the root table and sets GCMD.TE, as a driver does. */
    void enableTranslation() {
        writeReg(IntelIommu.RTADDR, tables.rootTable);
        VtdGuestQueue.command(memory, IntelIommu.GCMD_SRTP, true);
        VtdGuestQueue.command(memory, IntelIommu.GCMD_TE, true);
    }

    /** Translation on, then the queue at {@link #QUEUE} with 256 entries and QIE set. */
    VtdGuestQueue enableQueue() {
        enableTranslation();
        return new VtdGuestQueue(memory, QUEUE, 0);
    }

    /** virtio-net's DMA space, with bus mastering on. */
    AddressSpace netDma() {
        VirtioNetPci net = q35.virtioNet().orElseThrow();
        net.function().setBusMaster(true);
        return net.dma();
    }
}
