package dev.physmem.models.x86;

import static dev.physmem.models.x86.VtdGuestQueue.contextDevice;
import static dev.physmem.models.x86.VtdGuestQueue.contextDomain;
import static dev.physmem.models.x86.VtdGuestQueue.contextGlobal;
import static dev.physmem.models.x86.VtdGuestQueue.deviceIotlb;
import static dev.physmem.models.x86.VtdGuestQueue.iotlbDomain;
import static dev.physmem.models.x86.VtdGuestQueue.iotlbGlobal;
import static dev.physmem.models.x86.VtdGuestQueue.iotlbPage;
import static dev.physmem.models.x86.VtdGuestQueue.waitInterrupt;
import static dev.physmem.models.x86.VtdGuestQueue.waitStatus;
import static dev.physmem.models.x86.VtdTestMachine.DOMAIN;
import static dev.physmem.models.x86.VtdTestMachine.NET_DEVFN;
import static dev.physmem.models.x86.VtdTestMachine.QUEUE;
import static dev.physmem.models.x86.VtdTestMachine.STATUS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.physmem.attr.MemTxAttrs;
import dev.physmem.attr.MemTxResult;
import dev.physmem.iommu.IommuNotifier;
import dev.physmem.iommu.IommuNotifierFlag;
import dev.physmem.iommu.IommuTlbEvent;
import dev.physmem.space.AddressSpace;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * VT-d queued invalidation on q35 with {@code intel-iommu,intremap=on,device-iotlb=on}: the
 * registers, every descriptor type, the completion event, queue errors (FSTS.IQE with IQH left on
 * the offending descriptor) and wrap-around. The test code is the guest driver: it writes
 * descriptors into guest RAM and the tail register ({@link VtdGuestQueue}).
 */
class VtdInvalidationQueueTest {
    /** Where the completion interrupt goes: the APIC's MSI window (its registers read back). */
    private static final long MSI_ADDR = 0xfee0_1000L;

    private final VtdTestMachine m = new VtdTestMachine();
    private final AddressSpace memory = m.memory;
    private final IntelIommu iommu = m.iommu;
    private final VtdGuestTables tables = m.tables;

    private boolean queueError() {
        return (m.reg32(IntelIommu.FSTS) & IntelIommu.FSTS_IQE) != 0;
    }

    private List<IommuTlbEvent> listen(int devfn, IommuNotifierFlag flag) {
        List<IommuTlbEvent> events = new ArrayList<>();
        iommu.space(devfn).dmar().registerNotifier(new IommuNotifier(events::add, EnumSet.of(flag), 0, -1L, 0));
        return events;
    }

    // ------------------------------------------------------------ registers

    @Test
    void theQueueRegistersKeepOnlyTheirWritableBits() {
        assertThat(m.reg32(IntelIommu.IECTL)).isEqualTo(IntelIommu.IECTL_IM);
        m.writeReg(IntelIommu.IQA, -1L);
        assertThat(m.reg(IntelIommu.IQA)).isEqualTo(0xffff_ffff_ffff_f807L);
        m.writeReg(IntelIommu.IQT, -1L);
        assertThat(m.reg(IntelIommu.IQT)).isEqualTo(0x7fff0L);
        m.writeReg(IntelIommu.IQH, -1L);
        assertThat(m.reg(IntelIommu.IQH)).isZero();
        m.writeReg32(IntelIommu.IEADDR, -1);
        assertThat(m.reg32(IntelIommu.IEADDR)).isEqualTo(0xffff_fffc);
        m.writeReg32(IntelIommu.IEUADDR, -1);
        assertThat(m.reg32(IntelIommu.IEUADDR)).isZero();
        m.writeReg32(IntelIommu.IECTL, 0);
        assertThat(m.reg32(IntelIommu.IECTL)).isZero();
    }

    @Test
    void settingQieLatchesTheQueueAndReportsQies() {
        assertThat(m.reg32(IntelIommu.GSTS) & IntelIommu.GCMD_QIE).isZero();
        m.enableQueue();
        assertThat(m.reg32(IntelIommu.GSTS) & IntelIommu.GCMD_QIE).isNotZero();
        assertThat(m.reg32(IntelIommu.GSTS) & IntelIommu.GCMD_TE).isNotZero();
        assertThat(iommu.isQueuedInvalidationEnabled()).isTrue();
    }

    @Test
    void qieClearsOnlyWhenTheQueueDrainedThroughAWaitDescriptor() {
        VtdGuestQueue queue = m.enableQueue();
        queue.submit(iotlbGlobal());
        VtdGuestQueue.command(memory, IntelIommu.GCMD_QIE, false);
        assertThat(iommu.isQueuedInvalidationEnabled()).isTrue();
        assertThat(m.reg32(IntelIommu.GSTS) & IntelIommu.GCMD_QIE).isNotZero();

        queue.submit(waitStatus(STATUS, 1));
        assertThat(queue.head()).isEqualTo(2);
        VtdGuestQueue.command(memory, IntelIommu.GCMD_QIE, false);
        assertThat(iommu.isQueuedInvalidationEnabled()).isFalse();
        assertThat(m.reg32(IntelIommu.GSTS) & IntelIommu.GCMD_QIE).isZero();
        assertThat(m.reg(IntelIommu.IQH)).isZero();
    }

    @Test
    void aTailWrittenBeforeQieIsProcessedWhenQieIsSet() {
        m.writeReg(IntelIommu.IQA, QUEUE);
        memory.stqLe(QUEUE, waitStatus(STATUS, 0x55)[0]);
        memory.stqLe(QUEUE + 8, STATUS);
        m.writeReg(IntelIommu.IQT, 1 << 4);
        assertThat(memory.ldlLe(STATUS)).isZero();
        VtdGuestQueue.command(memory, IntelIommu.GCMD_QIE, true);
        assertThat(memory.ldlLe(STATUS)).isEqualTo(0x55);
        assertThat(m.reg(IntelIommu.IQH)).isEqualTo(1 << 4);
    }

    @Test
    void registerBasedInvalidationIsIgnoredWhileQueuedInvalidationIsOn() {
        tables.context(NET_DEVFN, DOMAIN);
        m.enableQueue();
        List<IommuTlbEvent> events = listen(NET_DEVFN, IommuNotifierFlag.UNMAP);
        m.writeReg(IntelIommu.IOTLB, IntelIommu.IOTLB_IVT | IntelIommu.IOTLB_GLOBAL);
        assertThat(events).isEmpty();
        assertThat(m.reg(IntelIommu.IOTLB) & IntelIommu.IOTLB_IVT).isNotZero();

        tables.passThrough(NET_DEVFN, DOMAIN);
        m.writeReg(IntelIommu.CCMD, IntelIommu.CCMD_ICC | IntelIommu.CCMD_GLOBAL);
        assertThat(m.reg(IntelIommu.CCMD) & IntelIommu.CCMD_ICC).isNotZero();
        assertThat(iommu.space(NET_DEVFN).isDmarEnabled()).isTrue();
    }

    // ------------------------------------------------------------ wait descriptors

    @Test
    void aWaitDescriptorWritesItsStatusDataAndMovesTheHead() {
        VtdGuestQueue queue = m.enableQueue();
        queue.submit(waitStatus(STATUS, 0xdead_beef));
        assertThat(memory.ldlLe(STATUS)).isEqualTo(0xdead_beef);
        assertThat(queue.head()).isEqualTo(1);
        assertThat(queueError()).isFalse();
    }

    @Test
    void aMaskedCompletionEventSetsIwcAndIpAndIsSentWhenTheMaskClears() {
        VtdGuestQueue queue = m.enableQueue();
        m.writeReg32(IntelIommu.IEDATA, 0x4041);
        m.writeReg32(IntelIommu.IEADDR, (int) MSI_ADDR);
        queue.submit(waitInterrupt());
        assertThat(m.reg32(IntelIommu.ICS)).isEqualTo(IntelIommu.ICS_IWC);
        assertThat(m.reg32(IntelIommu.IECTL)).isEqualTo(IntelIommu.IECTL_IM | IntelIommu.IECTL_IP);
        assertThat(memory.ldlLe(MSI_ADDR)).isZero();

        m.writeReg32(IntelIommu.IECTL, 0);
        assertThat(memory.ldlLe(MSI_ADDR)).isEqualTo(0x4041);
        assertThat(m.reg32(IntelIommu.IECTL)).isZero();
    }

    @Test
    void anUnmaskedCompletionEventIsSentOnceUntilTheGuestClearsIwc() {
        VtdGuestQueue queue = m.enableQueue();
        m.writeReg32(IntelIommu.IECTL, 0);
        m.writeReg32(IntelIommu.IEDATA, 0x31);
        m.writeReg32(IntelIommu.IEADDR, (int) MSI_ADDR);
        queue.submit(waitInterrupt());
        assertThat(memory.ldlLe(MSI_ADDR)).isEqualTo(0x31);

        m.writeReg32(IntelIommu.IEDATA, 0x32);
        queue.submit(waitInterrupt());
        assertThat(memory.ldlLe(MSI_ADDR)).as("IWC still set: no new event").isEqualTo(0x31);

        m.writeReg32(IntelIommu.ICS, IntelIommu.ICS_IWC);
        assertThat(m.reg32(IntelIommu.ICS)).isZero();
        queue.submit(waitInterrupt());
        assertThat(memory.ldlLe(MSI_ADDR)).isEqualTo(0x32);
    }

    @Test
    void clearingIwcWithAnEventPendingClearsIp() {
        VtdGuestQueue queue = m.enableQueue();
        queue.submit(waitInterrupt());
        assertThat(m.reg32(IntelIommu.IECTL) & IntelIommu.IECTL_IP).isNotZero();
        m.writeReg32(IntelIommu.ICS, IntelIommu.ICS_IWC);
        assertThat(m.reg32(IntelIommu.IECTL)).isEqualTo(IntelIommu.IECTL_IM);
    }

    @Test
    void aWaitWithStatusWriteAndInterruptFlagDoesBothInOrder() {
        VtdGuestQueue queue = m.enableQueue();
        long[] both = waitStatus(STATUS, 9);
        both[0] |= VtdInvalidationQueue.WAIT_IF;
        queue.submit(both);
        assertThat(memory.ldlLe(STATUS)).isEqualTo(9);
        assertThat(m.reg32(IntelIommu.ICS)).isEqualTo(IntelIommu.ICS_IWC);
        assertThat(queueError()).isFalse();
    }

    // ------------------------------------------------------------ context and IOTLB descriptors

    @Test
    void contextDescriptorsSwitchTheSpacesTheySelect() {
        VtdGuestQueue queue = m.enableQueue();
        assertThat(iommu.space(NET_DEVFN).isDmarEnabled()).isTrue();
        tables.passThrough(NET_DEVFN, DOMAIN);
        tables.passThrough(0xfa, DOMAIN);
        queue.submit(contextDevice(NET_DEVFN, 0));
        assertThat(iommu.space(NET_DEVFN).isDmarEnabled()).isFalse();
        assertThat(iommu.space(0xfa).isDmarEnabled()).isTrue();

        queue.submit(contextDevice(0xf8, 3));
        assertThat(iommu.space(0xfa).isDmarEnabled()).as("function mask 3 covers 1f.0-1f.7").isFalse();

        tables.context(NET_DEVFN, DOMAIN);
        queue.submit(contextDomain(DOMAIN));
        assertThat(iommu.space(NET_DEVFN).isDmarEnabled()).as("domain-selective acts globally").isTrue();
        tables.passThrough(NET_DEVFN, DOMAIN);
        queue.submit(contextGlobal());
        assertThat(iommu.space(NET_DEVFN).isDmarEnabled()).isFalse();
        assertThat(queueError()).isFalse();
    }

    @Test
    void iotlbDescriptorsNotifyAsTheRegistersDo() {
        tables.context(NET_DEVFN, DOMAIN);
        VtdGuestQueue queue = m.enableQueue();
        List<IommuTlbEvent> events = listen(NET_DEVFN, IommuNotifierFlag.UNMAP);

        queue.submit(iotlbPage(DOMAIN, 0x5000, 1, true));
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo(IommuNotifierFlag.UNMAP);
            assertThat(e.entry().iova()).isEqualTo(0x4000);
            assertThat(e.entry().addrMask()).isEqualTo(0x1fff);
        });

        events.clear();
        queue.submit(iotlbDomain(DOMAIN + 1), iotlbPage(DOMAIN + 1, 0x5000, 0, false));
        assertThat(events).isEmpty();
        queue.submit(iotlbDomain(DOMAIN));
        assertThat(events).extracting(e -> e.entry().lastIova()).containsExactly(-1L);
        queue.submit(iotlbGlobal());
        assertThat(events).hasSize(2);
        assertThat(queueError()).isFalse();

        queue.submit(iotlbPage(DOMAIN, 0, 19, false));
        assertThat(queueError()).as("AM above MAMV").isTrue();
        assertThat(queue.head()).isEqualTo(5);
        assertThat(events).hasSize(2);
    }

    // ------------------------------------------------------------ device-IOTLB descriptors

    @Test
    void aDeviceIotlbDescriptorSendsDeviotlbUnmapOfTheRangeTheSizeBitGives() {
        VtdGuestQueue queue = m.enableQueue();
        List<IommuTlbEvent> events = listen(NET_DEVFN, IommuNotifierFlag.DEVIOTLB_UNMAP);
        List<IommuTlbEvent> unmaps = listen(NET_DEVFN, IommuNotifierFlag.UNMAP);
        queue.submit(deviceIotlb(NET_DEVFN, 0x5000, false),  // 4 KiB
                deviceIotlb(NET_DEVFN, 0x4000, true),         // page number ...100: 8 KiB
                deviceIotlb(NET_DEVFN, 0x17000, true),        // ...10111: three trailing ones, 64 KiB
                deviceIotlb(NET_DEVFN, -0x1000L, true));      // all ones: everything
        assertThat(events).extracting(e -> e.type()).containsOnly(IommuNotifierFlag.DEVIOTLB_UNMAP);
        assertThat(events).extracting(e -> e.entry().iova()).containsExactly(0x5000L, 0x4000L, 0x10000L, 0L);
        assertThat(events).extracting(e -> e.entry().addrMask()).containsExactly(0xfffL, 0x1fffL, 0xffffL, -1L);
        assertThat(events.getFirst().entry().targetAs()).isSameAs(iommu.space(NET_DEVFN).addressSpace());
        assertThat(unmaps).isEmpty();
    }

    @Test
    void aDeviceIotlbDescriptorForAnotherOrAMissingFunctionNotifiesNothingAndCompletes() {
        VtdGuestQueue queue = m.enableQueue();
        List<IommuTlbEvent> events = listen(NET_DEVFN, IommuNotifierFlag.DEVIOTLB_UNMAP);
        queue.submit(deviceIotlb(0xf8, 0x5000, false), deviceIotlb(0x0108, 0x5000, false),
                deviceIotlb(0x40, 0x5000, false));
        assertThat(events).isEmpty();
        assertThat(queue.head()).isEqualTo(3);
        assertThat(queueError()).isFalse();
    }

    // ------------------------------------------------------------ queue errors

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"wait reserved lo", "wait reserved hi", "wait without SW or IF", "context hi",
            "context reserved", "context granularity 0", "iotlb reserved", "iotlb granularity 0",
            "device-iotlb reserved lo", "device-iotlb reserved hi", "type 0", "type 8", "type 15"})
    void aMalformedDescriptorStopsTheQueueWithIqeAndTheHeadOnIt(String which) {
        long[] bad = switch (which) {
            case "wait reserved lo" -> new long[] {waitStatus(STATUS, 1)[0] | 1L << 7, STATUS};
            case "wait reserved hi" -> new long[] {waitStatus(STATUS, 1)[0], STATUS | 2};
            case "wait without SW or IF" -> new long[] {VtdInvalidationQueue.Type.WAIT.code(), 0};
            case "context hi" -> new long[] {contextGlobal()[0], 1};
            case "context reserved" -> new long[] {contextGlobal()[0] | 1L << 6, 0};
            case "context granularity 0" -> new long[] {VtdInvalidationQueue.Type.CONTEXT.code(), 0};
            case "iotlb reserved" -> new long[] {iotlbGlobal()[0] | 1L << 8, 0};
            case "iotlb granularity 0" -> new long[] {VtdInvalidationQueue.Type.IOTLB.code(), 0};
            case "device-iotlb reserved lo" -> new long[] {deviceIotlb(NET_DEVFN, 0, false)[0] | 1L << 48, 0};
            case "device-iotlb reserved hi" -> new long[] {deviceIotlb(NET_DEVFN, 0, false)[0], 2};
            case "type 0" -> new long[] {0, 0};
            case "type 8" -> new long[] {8, 0};
            default -> new long[] {15, 0};
        };
        VtdGuestQueue queue = m.enableQueue();
        queue.submit(waitStatus(STATUS, 1), bad, waitStatus(STATUS, 2));
        assertThat(queueError()).isTrue();
        assertThat(queue.head()).isEqualTo(1);
        assertThat(memory.ldlLe(STATUS)).isEqualTo(1);
    }

    @Test
    void afterIqeNothingRunsUntilTheGuestClearsItAndWritesTheTailAgain() {
        VtdGuestQueue queue = m.enableQueue();
        queue.submit(new long[] {9, 0}, waitStatus(STATUS, 2));
        assertThat(queueError()).isTrue();
        queue.submit(waitStatus(STATUS + 4, 3));
        assertThat(memory.ldlLe(STATUS + 4)).as("IQE blocks the queue").isZero();

        queue.rewrite(0, waitStatus(STATUS + 8, 1));
        m.writeReg32(IntelIommu.FSTS, IntelIommu.FSTS_IQE);
        assertThat(queueError()).isFalse();
        assertThat(memory.ldlLe(STATUS + 8)).as("clearing IQE alone does not resume").isZero();
        queue.publish();
        assertThat(memory.ldlLe(STATUS + 8)).isEqualTo(1);
        assertThat(memory.ldlLe(STATUS)).isEqualTo(2);
        assertThat(memory.ldlLe(STATUS + 4)).isEqualTo(3);
        assertThat(queue.head()).isEqualTo(3);
    }

    @Test
    void aQueueErrorRaisesTheFaultEventAndNoOtherFollowsWhileIqeIsSet() {
        List<Long> messages = m.messageProbe();
        m.writeReg32(IntelIommu.FEDATA, 0x71);
        m.writeReg32(IntelIommu.FEADDR, (int) VtdTestMachine.PROBE);
        m.writeReg32(IntelIommu.FECTL, 0);
        VtdGuestQueue queue = m.enableQueue();

        queue.submit(new long[] {9, 0});
        assertThat(queueError()).isTrue();
        assertThat(messages).containsExactly(0x71L);
        assertThat(m.reg32(IntelIommu.FECTL)).isZero();

        assertThat(m.netDma().read(0x1000, MemTxAttrs.UNSPECIFIED, new byte[1], 0, 1))
                .isEqualTo(MemTxResult.DECODE_ERROR);
        assertThat(m.reg32(IntelIommu.FSTS) & IntelIommu.FSTS_PPF).as("the fault is recorded").isNotZero();
        assertThat(messages).as("IQE was pending: no event for the fault").hasSize(1);
    }

    @Test
    void aTailPastTheQueueIsAQueueError() {
        m.enableQueue();
        m.writeReg(IntelIommu.IQT, 256L << 4);
        assertThat(queueError()).isTrue();
        assertThat(m.reg(IntelIommu.IQH)).isZero();
    }

    @Test
    void aDescriptorThatCannotBeReadIsAQueueError() {
        new VtdGuestQueue(memory, 0x40_0000_0000L, 0);
        m.writeReg(IntelIommu.IQT, 1 << 4);
        assertThat(queueError()).isTrue();
        assertThat(m.reg(IntelIommu.IQH)).isZero();
    }

    @Test
    void aStatusWriteThatFailsIsAQueueError() {
        VtdGuestQueue queue = m.enableQueue();
        queue.submit(waitStatus(0x40_0000_0000L, 1));
        assertThat(queueError()).isTrue();
        assertThat(queue.head()).isZero();
    }

    @Test
    void interruptEntryCacheAndPasidDescriptorsAreAcceptedAsQemu72Does() {
        VtdGuestQueue queue = m.enableQueue();
        queue.submit(new long[] {VtdInvalidationQueue.Type.IEC.code() | 1 << 4, 0},
                new long[] {VtdInvalidationQueue.Type.PASID_IOTLB.code(), 0},
                new long[] {VtdInvalidationQueue.Type.PASID_CACHE.code(), 0});
        assertThat(queueError()).isFalse();
        assertThat(queue.head()).isEqualTo(3);
    }

    // ------------------------------------------------------------ the ring

    @Test
    void theQueueWrapsAroundItsEnd() {
        VtdGuestQueue queue = m.enableQueue();
        for (int batch = 0; batch < 25; batch++) {
            for (int i = 0; i < 10; i++) {
                queue.put(waitStatus(STATUS, batch * 10 + i));
            }
            queue.publish();
        }
        assertThat(queue.head()).isEqualTo(250);
        for (int i = 0; i < 10; i++) {
            queue.put(waitStatus(STATUS + 4L * i, 1000 + i));
        }
        queue.publish();
        assertThat(queue.tail()).isEqualTo(4);
        assertThat(queue.head()).isEqualTo(4);
        for (int i = 0; i < 10; i++) {
            assertThat(memory.ldlLe(STATUS + 4L * i)).isEqualTo(1000 + i);
        }
        assertThat(queueError()).isFalse();
    }

    @Test
    void queueSizeFollowsQsAndDescriptorsStay128BitsWithDwSetWithoutScalableMode() {
        m.writeReg(IntelIommu.RTADDR, tables.rootTable);
        m.writeReg(IntelIommu.IQA, QUEUE | 1L << 11 | 1);
        VtdGuestQueue.command(memory, IntelIommu.GCMD_QIE, true);
        assertThat(m.reg(IntelIommu.IQA) & 1L << 11).as("DW is stored").isNotZero();
        memory.stqLe(QUEUE + 16, waitStatus(STATUS, 0x77)[0]);
        memory.stqLe(QUEUE + 24, STATUS);
        memory.stqLe(QUEUE, iotlbGlobal()[0]);
        m.writeReg(IntelIommu.IQT, 2 << 4);
        assertThat(memory.ldlLe(STATUS)).as("second descriptor 16 bytes on").isEqualTo(0x77);
        for (int i = 2; i < 300; i++) {
            memory.stqLe(QUEUE + 16L * i, waitStatus(STATUS, i)[0]);
            memory.stqLe(QUEUE + 16L * i + 8, STATUS);
        }
        m.writeReg(IntelIommu.IQT, 300L << 4);
        assertThat(queueError()).as("512 entries with QS=1").isFalse();
        assertThat(memory.ldlLe(STATUS)).isEqualTo(299);
        assertThat(m.reg(IntelIommu.IQH)).isEqualTo(300L << 4);
    }
}
