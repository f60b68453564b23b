package dev.physmem.models.iommu;

import static dev.physmem.attr.IommuAccessFlags.RW;
import static org.assertj.core.api.Assertions.assertThat;

import dev.physmem.MemorySystem;
import dev.physmem.attr.IommuAccessFlags;
import dev.physmem.attr.MemTxResult;
import dev.physmem.iommu.IommuMemoryRegion;
import dev.physmem.iommu.IommuNotifierFlag;
import dev.physmem.iommu.IommuOps;
import dev.physmem.iommu.IommuTlbEntry;
import dev.physmem.region.ContainerRegion;
import dev.physmem.region.MemoryRegion;
import dev.physmem.region.RamRegion;
import dev.physmem.space.AddressSpace;
import java.lang.foreign.ValueLayout;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The vhost-like device IOTLB over a TCE window at bus address {@value #BUS}: it caches
 * translations page by page, forgets exactly what the IOMMU invalidates, and follows the
 * device's address space through its listener.
 */
class VhostDeviceIotlbTest {
    private static final long BUS = 0x4000_0000L;
    private static final long RAM_SIZE = 0x100_0000L;

    private final MemorySystem sys = new MemorySystem();
    private final RamRegion ram = sys.initRam(null, "ram", RAM_SIZE);
    /** Guest memory: nothing but the RAM, at 0. */
    private final AddressSpace memory = sys.addressSpace(ram, "memory");
    private final ContainerRegion busRoot = sys.initContainer(null, "iommu-root", MemoryRegion.SIZE_2_64);
    /** The device's DMA space: the TCE windows the tests map into {@code busRoot}. */
    private final AddressSpace dma = sys.addressSpace(busRoot, "dma");

    private TceIommu window(int pageShift, int pages) {
        TceIommu tce = new TceIommu(sys, null, 0x80000000, BUS, pageShift, pages, memory);
        busRoot.addSubregion(BUS, tce.region());
        return tce;
    }

    /** A window of 16 pages of 4 KiB whose page 1 maps RAM 0x8000. */
    private TceIommu smallWindow() {
        TceIommu tce = window(12, 16);
        tce.map(BUS + 0x1000, 0x8000, RW);
        return tce;
    }

    private VhostDeviceIotlb vhost(boolean ats) {
        VhostDeviceIotlb vhost = new VhostDeviceIotlb(dma, ats);
        dma.registerListener(vhost);
        return vhost;
    }

    private byte ramByte(long offset) {
        return ram.backing().get(ValueLayout.JAVA_BYTE, offset);
    }

    private static byte read(VhostDeviceIotlb vhost, long iova) {
        byte[] b = new byte[1];
        assertThat(vhost.read(iova, b, 0, 1)).isEqualTo(MemTxResult.OK);
        return b[0];
    }

    @Test
    void aMissTranslatesThePageAndLaterAccessesToItHit() {
        TceIommu tce = window(16, 16);
        tce.map(BUS + 0x10000, 0x20_0000L, RW);
        memory.stb(0x20_1234L, 0x5a);
        VhostDeviceIotlb vhost = vhost(false);
        assertThat(read(vhost, BUS + 0x11234)).isEqualTo((byte) 0x5a);
        assertThat(read(vhost, BUS + 0x1ffff)).isZero();
        assertThat(vhost.misses()).isEqualTo(1);
        assertThat(vhost.entries()).containsOnlyKeys(BUS + 0x10000);
        assertThat(vhost.entries().get(BUS + 0x10000))
                .isEqualTo(new IommuTlbEntry(memory, BUS + 0x10000, 0x20_0000L, 0xffff, RW));
    }

    @Test
    void anAccessAcrossPagesUsesEachPagesTranslation() {
        TceIommu tce = smallWindow();
        tce.map(BUS + 0x2000, 0x3000, RW);
        VhostDeviceIotlb vhost = vhost(false);
        byte[] b = {1, 2, 3, 4};
        assertThat(vhost.write(BUS + 0x1ffe, b, 0, 4)).isEqualTo(MemTxResult.OK);
        assertThat(ramByte(0x8ffe)).isEqualTo((byte) 1);
        assertThat(ramByte(0x8fff)).isEqualTo((byte) 2);
        assertThat(ramByte(0x3000)).isEqualTo((byte) 3);
        assertThat(ramByte(0x3001)).isEqualTo((byte) 4);
        assertThat(vhost.entries()).hasSize(2);
    }

    @Test
    void aPartlyUnmappedReadReadsZeroThereAndReportsDecodeError() {
        TceIommu tce = smallWindow();
        memory.stb(0x8fff, 7);
        VhostDeviceIotlb vhost = vhost(false);
        byte[] b = {9, 9, 9};
        assertThat(vhost.read(BUS + 0x1fff, b, 0, 3)).isEqualTo(MemTxResult.DECODE_ERROR);
        assertThat(b).containsExactly(7, 0, 0);
        assertThat(vhost.entries()).containsOnlyKeys(BUS + 0x1000);
    }

    @Test
    void anUnmapNotificationDropsOnlyTheEntriesItMeets() {
        TceIommu tce = smallWindow();
        tce.map(BUS + 0x2000, 0x9000, RW);
        VhostDeviceIotlb vhost = vhost(false);
        read(vhost, BUS + 0x1000);
        read(vhost, BUS + 0x2000);
        tce.map(BUS + 0x2000, 0xa000, RW); // UNMAP of the old page, then MAP
        assertThat(vhost.entries()).containsOnlyKeys(BUS + 0x1000);
        assertThat(vhost.invalidations()).isEqualTo(1);
    }

    @Test
    void aDeviceIotlbBackendIgnoresPlainUnmapsSoItsEntriesGoStale() {
        TceIommu tce = smallWindow();
        memory.stb(0x8000, 1);
        memory.stb(0xa000, 2);
        VhostDeviceIotlb vhost = vhost(true);
        assertThat(vhost.notifierFlags(tce.region())).isEqualTo(Set.of(IommuNotifierFlag.DEVIOTLB_UNMAP));
        assertThat(read(vhost, BUS + 0x1000)).isEqualTo((byte) 1);
        tce.map(BUS + 0x1000, 0xa000, RW);
        assertThat(read(vhost, BUS + 0x1000)).isEqualTo((byte) 1);
        assertThat(dma.ldub(BUS + 0x1000)).isEqualTo(2);
    }

    @Test
    void anIommuThatRefusesDeviceIotlbNotifiersGetsAnUnmapNotifierInstead() {
        IommuOps refusing = new IommuOps() {
            @Override
            public IommuTlbEntry translate(long addr, IommuAccessFlags flag, int iommuIdx) {
                return new IommuTlbEntry(memory, addr & ~0xfffL, addr & ~0xfffL, 0xfff, RW);
            }

            @Override
            public void notifyFlagChanged(Set<IommuNotifierFlag> oldFlags, Set<IommuNotifierFlag> newFlags) {
                if (newFlags.contains(IommuNotifierFlag.DEVIOTLB_UNMAP)) {
                    throw new IllegalStateException("no dev-iotlb");
                }
            }
        };
        IommuMemoryRegion region = sys.initIommu(null, refusing, "refusing", 0x10000);
        busRoot.addSubregion(0, region);
        VhostDeviceIotlb vhost = vhost(true);
        assertThat(vhost.notifierFlags(region)).isEqualTo(Set.of(IommuNotifierFlag.UNMAP));
        assertThat(region.notifyFlags()).isEqualTo(Set.of(IommuNotifierFlag.UNMAP));
    }

    @Test
    void aNotifierPerSectionTranslatesEventsIntoBusAddresses() {
        TceIommu tce = window(12, 16);
        tce.map(BUS + 0x3000, 0x8000, RW);
        tce.map(BUS + 0x5000, 0x9000, RW);
        // a higher-priority region splits the window into two sections
        busRoot.addSubregionOverlap(BUS + 0x4000, sys.initRam(null, "hole", 0x1000), 1);
        VhostDeviceIotlb vhost = vhost(false);
        read(vhost, BUS + 0x3000);
        read(vhost, BUS + 0x5000);
        assertThat(vhost.entries()).hasSize(2);
        tce.unmap(BUS + 0x5000);
        assertThat(vhost.entries()).containsOnlyKeys(BUS + 0x3000);
        tce.unmap(BUS + 0x3000);
        assertThat(vhost.entries()).isEmpty();
    }

    @Test
    void removingTheWindowUnregistersAndForgetsItsEntries() {
        TceIommu tce = smallWindow();
        VhostDeviceIotlb vhost = vhost(true);
        read(vhost, BUS + 0x1000);
        busRoot.delSubregion(tce.region());
        assertThat(vhost.entries()).isEmpty();
        assertThat(tce.region().notifiers()).isEmpty();
        assertThat(vhost.notifierFlags(tce.region())).isEmpty();
        byte[] b = new byte[1];
        assertThat(vhost.read(BUS + 0x1000, b, 0, 1)).isEqualTo(MemTxResult.DECODE_ERROR);
    }
}
