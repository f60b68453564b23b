package dev.physmem.models.x86;

import static dev.physmem.models.x86.VtdGuestQueue.deviceIotlb;
import static dev.physmem.models.x86.VtdGuestQueue.iotlbPage;
import static dev.physmem.models.x86.VtdGuestQueue.waitStatus;
import static dev.physmem.models.x86.VtdTestMachine.DOMAIN;
import static dev.physmem.models.x86.VtdTestMachine.NET_DEVFN;
import static dev.physmem.models.x86.VtdTestMachine.STATUS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.physmem.attr.MemTxAttrs;
import dev.physmem.attr.MemTxResult;
import dev.physmem.iommu.IommuNotifierFlag;
import dev.physmem.models.iommu.VhostDeviceIotlb;
import dev.physmem.space.AddressSpace;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A vhost-like backend of virtio-net ({@code ats=on}) behind VT-d: its device IOTLB caches
 * translations until the guest driver invalidates them through the queue, as Linux does after
 * changing a mapping (an IOTLB descriptor, a device-IOTLB descriptor, a wait).
 */
class IntelIommuDeviceIotlbTest {
    private static final long OLD_PAGE = 0x30_0000L;
    private static final long NEW_PAGE = 0x31_0000L;
    private static final long IOVA = 0x5000;

    private final VtdTestMachine m = new VtdTestMachine();
    private final AddressSpace memory = m.memory;
    private final VtdGuestTables tables = m.tables;
    private final long table = tables.context(NET_DEVFN, DOMAIN);
    private final AddressSpace dma;
    private final VtdGuestQueue queue;

    IntelIommuDeviceIotlbTest() {
        tables.map(table, IOVA, OLD_PAGE, 1, VtdGuestTables.RW);
        memory.stlLe(OLD_PAGE + 0x10, 0x01d);
        memory.stlLe(NEW_PAGE + 0x10, 0x2e3);
        queue = m.enableQueue();
        dma = m.netDma();
    }

    private VhostDeviceIotlb vhost(boolean ats) {
        VhostDeviceIotlb vhost = new VhostDeviceIotlb(dma, ats);
        dma.registerListener(vhost);
        return vhost;
    }

    private static int readInt(VhostDeviceIotlb vhost, long iova) {
        byte[] b = new byte[4];
        assertThat(vhost.read(iova, b, 0, 4)).isEqualTo(MemTxResult.OK);
        return (b[0] & 0xff) | (b[1] & 0xff) << 8 | (b[2] & 0xff) << 16 | (b[3] & 0xff) << 24;
    }

    /** The guest remaps IOVA to the new page, as a driver would, without any invalidation yet. */
    private void remap() {
        tables.map(table, IOVA, NEW_PAGE, 1, VtdGuestTables.RW);
    }

    @Test
    void withAtsTheBackendListensForDeviceIotlbInvalidations() {
        VhostDeviceIotlb vhost = vhost(true);
        assertThat(vhost.notifierFlags(m.iommu.space(NET_DEVFN).dmar())).isEqualTo(Set.of(IommuNotifierFlag.DEVIOTLB_UNMAP));
        assertThat(vhost(false).notifierFlags(m.iommu.space(NET_DEVFN).dmar())).isEqualTo(Set.of(IommuNotifierFlag.UNMAP));
    }

    @Test
    void theCacheKeepsTheOldPageUntilTheDeviceIotlbIsInvalidated() {
        VhostDeviceIotlb vhost = vhost(true);
        assertThat(readInt(vhost, IOVA + 0x10)).isEqualTo(0x01d);
        assertThat(vhost.misses()).isEqualTo(1);
        assertThat(readInt(vhost, IOVA + 0x10)).isEqualTo(0x01d);
        assertThat(vhost.misses()).as("second access hits").isEqualTo(1);

        remap();
        assertThat(dma.ldlLe(IOVA + 0x10)).as("the IOMMU itself translates anew").isEqualTo(0x2e3);
        assertThat(readInt(vhost, IOVA + 0x10)).as("without invalidation the cache still answers").isEqualTo(0x01d);

        queue.submit(iotlbPage(DOMAIN, IOVA, 0, false), waitStatus(STATUS, 1));
        assertThat(readInt(vhost, IOVA + 0x10)).as("an IOTLB invalidation does not reach a device IOTLB")
                .isEqualTo(0x01d);

        queue.submit(deviceIotlb(NET_DEVFN, IOVA, false), waitStatus(STATUS, 2));
        assertThat(memory.ldlLe(STATUS)).isEqualTo(2);
        assertThat(vhost.invalidations()).isEqualTo(1);
        assertThat(readInt(vhost, IOVA + 0x10)).isEqualTo(0x2e3);
        assertThat(vhost.misses()).isEqualTo(2);

        byte[] b = {0x44, 0x33, 0x22, 0x11};
        assertThat(vhost.write(IOVA + 0x20, b, 0, 4)).isEqualTo(MemTxResult.OK);
        assertThat(memory.ldlLe(NEW_PAGE + 0x20)).isEqualTo(0x1122_3344);
    }

    @Test
    void aDeviceIotlbInvalidationOfAnotherDeviceOrRangeLeavesTheCacheAlone() {
        VhostDeviceIotlb vhost = vhost(true);
        readInt(vhost, IOVA);
        remap();
        queue.submit(deviceIotlb(0xf8, IOVA, false), deviceIotlb(NET_DEVFN, IOVA + 0x1000, false));
        assertThat(readInt(vhost, IOVA + 0x10)).isEqualTo(0x01d);
        queue.submit(deviceIotlb(NET_DEVFN, IOVA - 0x1000, true)); // 8 KiB from 0x4000: covers IOVA
        assertThat(readInt(vhost, IOVA + 0x10)).isEqualTo(0x2e3);
    }

    @Test
    void withoutAtsAnIotlbInvalidationEmptiesTheCache() {
        VhostDeviceIotlb vhost = vhost(false);
        assertThat(readInt(vhost, IOVA + 0x10)).isEqualTo(0x01d);
        remap();
        assertThat(readInt(vhost, IOVA + 0x10)).isEqualTo(0x01d);
        queue.submit(iotlbPage(DOMAIN, IOVA, 0, false), waitStatus(STATUS, 1));
        assertThat(readInt(vhost, IOVA + 0x10)).isEqualTo(0x2e3);
    }

    @Test
    void aFaultIsNotCachedAndReadsZero() {
        VhostDeviceIotlb vhost = vhost(true);
        byte[] b = {9, 9, 9, 9};
        assertThat(vhost.read(0x9000, b, 0, 4)).isEqualTo(MemTxResult.DECODE_ERROR);
        assertThat(b).containsOnly(0);
        assertThat(vhost.entries()).isEmpty();
        tables.map(table, 0x9000, NEW_PAGE, 1, VtdGuestTables.R);
        assertThat(readInt(vhost, 0x9010)).isEqualTo(0x2e3);
        assertThat(vhost.write(0xa000, b, 0, 4)).isEqualTo(MemTxResult.DECODE_ERROR);
    }

    @Test
    void anEntryFilledForAReadIsReadWriteAsQemusGetIotlbEntryAnswers() {
        VhostDeviceIotlb vhost = vhost(true);
        tables.map(table, 0x9000, NEW_PAGE, 1, VtdGuestTables.R);
        readInt(vhost, 0x9000);
        byte[] b = {1, 0, 0, 0};
        assertThat(dma.write(0x9010, MemTxAttrs.UNSPECIFIED, b, 0, 4)).isEqualTo(MemTxResult.DECODE_ERROR);
        assertThat(vhost.write(0x9010, b, 0, 4)).isEqualTo(MemTxResult.OK);
        assertThat(memory.ldlLe(NEW_PAGE + 0x10)).isEqualTo(1);
    }

    @Test
    void switchingTranslationOffEmptiesTheCacheAndLeavesTheNotifier() {
        VhostDeviceIotlb vhost = vhost(true);
        readInt(vhost, IOVA);
        assertThat(vhost.entries()).containsOnlyKeys(IOVA);
        VtdGuestQueue.command(memory, IntelIommu.GCMD_TE, false);
        assertThat(vhost.entries()).isEmpty();
        assertThat(m.iommu.space(NET_DEVFN).dmar().notifiers()).isEmpty();
        assertThat(readInt(vhost, OLD_PAGE + 0x10)).as("identity through vtd-nodmar").isEqualTo(0x01d);
    }
}
