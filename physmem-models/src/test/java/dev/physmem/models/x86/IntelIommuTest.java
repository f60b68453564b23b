package dev.physmem.models.x86;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.physmem.MemorySystem;
import dev.physmem.attr.IommuAccessFlags;
import dev.physmem.attr.MemTxAttrs;
import dev.physmem.attr.MemTxResult;
import dev.physmem.iommu.IommuNotifier;
import dev.physmem.iommu.IommuNotifierFlag;
import dev.physmem.iommu.IommuTlbEvent;
import dev.physmem.models.iommu.VfioContainer;
import dev.physmem.region.MemoryRegion;
import dev.physmem.region.MemoryRegionOps;
import dev.physmem.space.AddressSpace;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class IntelIommuTest {
    private static final long TABLES = 0x10_0000L;
    private static final int NET_DEVFN = 0x08;
    private static final int DOMAIN = 7;

    private static Q35Machine machine(int awBits, boolean cachingMode) {
        return Q35Machine.builder().ramSize(256L << 20).intelIommu(true).iommuAwBits(awBits)
                .iommuCachingMode(cachingMode).virtioNet(true).build(new MemorySystem());
    }

    private static IntelIommu iommu(Q35Machine q35) {
        return q35.intelIommu().orElseThrow();
    }

    private static void writeReg(Q35Machine q35, int reg, long value) {
        q35.memory().stqLe(IntelIommu.DMAR_BASE + reg, value);
    }

    private static void writeGcmd(Q35Machine q35, int value) {
        q35.memory().stlLe(IntelIommu.DMAR_BASE + IntelIommu.GCMD, value);
    }

    private static long readReg(Q35Machine q35, int reg) {
        return q35.memory().ldqLe(IntelIommu.DMAR_BASE + reg);
    }

    private static int readReg32(Q35Machine q35, int reg) {
        return q35.memory().ldlLe(IntelIommu.DMAR_BASE + reg);
    }

    /** Latches the root table and turns translation on, as a guest driver does. */
    private static void enable(Q35Machine q35, VtdGuestTables tables) {
        writeReg(q35, IntelIommu.RTADDR, tables.rootTable);
        writeGcmd(q35, IntelIommu.GCMD_SRTP);
        writeGcmd(q35, IntelIommu.GCMD_TE);
    }

    private static AddressSpace netDma(Q35Machine q35) {
        VirtioNetPci net = q35.virtioNet().orElseThrow();
        net.function().setBusMaster(true);
        return net.dma();
    }

    @Test
    void everyFunctionGetsItsOwnVtdSpaceAndTheIoapicSharesTheHostBridges() {
        Q35Machine q35 = machine(39, false);
        assertThat(iommu(q35).spaces()).extracting(s -> s.root().name())
                .containsExactly("vtd-00.0", "vtd-01.0", "vtd-1f.0", "vtd-1f.2", "vtd-1f.3");
        assertThat(iommu(q35).space(NET_DEVFN).addressSpace().name()).isEqualTo("vtd-root");
        assertThat(readReg32(q35, IntelIommu.VER)).isEqualTo(0x10);
        // what QEMU 7.2 answers a qtest readq for this command line
        assertThat(readReg(q35, IntelIommu.CAP)).isEqualTo(0x00d2_008c_2226_0206L);
        assertThat(readReg(q35, IntelIommu.ECAP)).isEqualTo(0xf0_0f4eL);
    }

    @Test
    void translationEnableSwitchesEverySpaceFromNodmarToDmarAndBack() {
        Q35Machine q35 = machine(39, false);
        AddressSpace dma = netDma(q35);
        assertThat(iommu(q35).spaces()).noneMatch(VtdAddressSpace::isDmarEnabled);
        assertThat(dma.view().root().name()).isEqualTo("vtd-nodmar");

        writeGcmd(q35, IntelIommu.GCMD_TE);
        assertThat(readReg32(q35, IntelIommu.GSTS) & IntelIommu.GCMD_TE).isNotZero();
        assertThat(iommu(q35).spaces()).allMatch(VtdAddressSpace::isDmarEnabled);
        assertThat(dma.view().root().name()).isEqualTo("vtd-01.0-dmar");

        writeGcmd(q35, 0);
        assertThat(iommu(q35).spaces()).noneMatch(VtdAddressSpace::isDmarEnabled);
        assertThat(dma.view().root().name()).isEqualTo("vtd-nodmar");
    }

    @Test
    void oneWriteOfTeAndSrtpSwitchesUnderTheOldRootFirstThenEndsUnderTheNew() {
        Q35Machine q35 = machine(39, false);
        // The old root table is a device in the PCI hole counting reads (and answering zeroes:
        // nothing present), latched while TE is off, which reads no table.
        long oldRoot = 0x4000_0000L;
        int[] oldRootReads = {0};
        MemoryRegion probe = q35.memory().root().system().initIo(null,
                MemoryRegionOps.of((o, size) -> {
                    oldRootReads[0]++;
                    return 0;
                }, (o, v, size) -> {}), "old-root", 0x1000);
        q35.memory().root().addSubregionOverlap(oldRoot, probe, 1);
        writeReg(q35, IntelIommu.RTADDR, oldRoot);
        writeGcmd(q35, IntelIommu.GCMD_SRTP);
        assertThat(oldRootReads[0]).isZero();

        VtdGuestTables tables = new VtdGuestTables(q35.memory(), TABLES, 3);
        mapOnePage(tables);
        writeReg(q35, IntelIommu.RTADDR, tables.rootTable);
        writeGcmd(q35, IntelIommu.GCMD_TE | IntelIommu.GCMD_SRTP);

        assertThat(oldRootReads[0]).as("TE is handled before SRTP: its switch reads the old root").isPositive();
        assertThat(readReg32(q35, IntelIommu.GSTS) & (IntelIommu.GCMD_TE | IntelIommu.GCMD_SRTP))
                .isEqualTo(IntelIommu.GCMD_TE | IntelIommu.GCMD_SRTP);
        assertThat(iommu(q35).space(NET_DEVFN).isDmarEnabled()).isTrue();
        netDma(q35).stlLe(0x5010, 0x1234_5678);
        assertThat(q35.memory().ldlLe(0x30_0010L)).isEqualTo(0x1234_5678);
    }

    @Test
    void aPassThroughContextKeepsItsFunctionOnNodmar() {
        Q35Machine q35 = machine(39, false);
        VtdGuestTables tables = new VtdGuestTables(q35.memory(), TABLES, 3);
        tables.passThrough(NET_DEVFN, DOMAIN);
        enable(q35, tables);
        assertThat(iommu(q35).space(NET_DEVFN).isDmarEnabled()).isFalse();
        assertThat(iommu(q35).space(0xf8).isDmarEnabled()).isTrue();
    }

    @Test
    void aDeviceSelectiveContextInvalidationSwitchesOnlyTheFunctionItNames() {
        Q35Machine q35 = machine(39, false);
        VtdGuestTables tables = new VtdGuestTables(q35.memory(), TABLES, 3);
        enable(q35, tables);
        assertThat(iommu(q35).space(NET_DEVFN).isDmarEnabled()).isTrue();
        tables.passThrough(NET_DEVFN, DOMAIN);
        tables.passThrough(0xfa, DOMAIN);
        writeReg(q35, IntelIommu.CCMD, IntelIommu.CCMD_ICC | IntelIommu.CCMD_DEVICE_SELECTIVE
                | (long) NET_DEVFN << 16);
        assertThat(iommu(q35).space(NET_DEVFN).isDmarEnabled()).isFalse();
        assertThat(iommu(q35).space(0xfa).isDmarEnabled()).isTrue();
        assertThat(readReg(q35, IntelIommu.CCMD) & IntelIommu.CCMD_ICC).isZero();
        writeReg(q35, IntelIommu.CCMD, IntelIommu.CCMD_ICC | IntelIommu.CCMD_GLOBAL);
        assertThat(iommu(q35).space(0xfa).isDmarEnabled()).isFalse();
    }

    @ParameterizedTest(name = "aw-bits {0}")
    @ValueSource(ints = {39, 48})
    void deviceDmaReachesTheGuestPageTheTablesMapAndFaultsElsewhere(int awBits) {
        Q35Machine q35 = machine(awBits, false);
        VtdGuestTables tables = new VtdGuestTables(q35.memory(), TABLES, awBits == 48 ? 4 : 3);
        long table = tables.context(NET_DEVFN, DOMAIN);
        long iova = awBits == 48 ? 0x7f_1234_5000L : 0x12_3456_7000L;
        tables.map(table, iova, 0x30_0000L, 1, VtdGuestTables.RW);
        enable(q35, tables);
        AddressSpace dma = netDma(q35);

        assertThat(dma.write(iova + 0x10, MemTxAttrs.UNSPECIFIED, new byte[] {1, 2, 3, 4}, 0, 4))
                .isEqualTo(MemTxResult.OK);
        assertThat(q35.memory().ldlLe(0x30_0010L)).isEqualTo(0x0403_0201);
        assertThat(dma.ldlLe(iova + 0x10)).isEqualTo(0x0403_0201);

        byte[] buf = new byte[4];
        assertThat(dma.read(iova + 0x1000, MemTxAttrs.UNSPECIFIED, buf, 0, 4)).isEqualTo(MemTxResult.DECODE_ERROR);
        assertThat(readReg32(q35, IntelIommu.FSTS) & IntelIommu.FSTS_PPF).isNotZero();
        long frcdHi = readReg(q35, IntelIommu.FRCD + 8);
        assertThat((frcdHi >>> 32) & 0xff).isEqualTo(VtdTables.FR_READ);
        assertThat(frcdHi & 0xffff).isEqualTo(NET_DEVFN);
        assertThat(readReg(q35, IntelIommu.FRCD)).isEqualTo(iova + 0x1000);
    }

    @Test
    void largePagesTranslateWithTheirOwnMaskAndPermissionsAccumulateOverLevels() {
        Q35Machine q35 = machine(48, false);
        VtdGuestTables tables = new VtdGuestTables(q35.memory(), TABLES, 4);
        long table = tables.context(NET_DEVFN, DOMAIN);
        tables.map(table, 0x4000_0000L, 0x0L, 3, VtdGuestTables.RW);
        tables.map(table, 0x20_0000_0000L, 0x40_0000L, 2, VtdGuestTables.R);
        enable(q35, tables);
        var dmar = iommu(q35).space(NET_DEVFN).dmar();

        var giga = dmar.translate(0x4123_4567L, IommuAccessFlags.RO, 0);
        assertThat(giga.addrMask()).isEqualTo((1L << 30) - 1);
        assertThat(giga.translatedAddr()).isZero();
        var mega = dmar.translate(0x20_0012_3456L, IommuAccessFlags.RO, 0);
        assertThat(mega.addrMask()).isEqualTo((1L << 21) - 1);
        assertThat(mega.translatedAddr()).isEqualTo(0x40_0000L);
        assertThat(mega.perm()).isEqualTo(IommuAccessFlags.RO);

        AddressSpace dma = netDma(q35);
        assertThat(dma.write(0x20_0000_0000L, MemTxAttrs.UNSPECIFIED, new byte[4], 0, 4))
                .isEqualTo(MemTxResult.DECODE_ERROR);
        assertThat((readReg(q35, IntelIommu.FRCD + 8) >>> 32) & 0xff).isEqualTo(VtdTables.FR_WRITE);
    }

    @Test
    void aMissingContextEntryFaultsWithItsReasonAndTheRecordClearsByWritingF() {
        Q35Machine q35 = machine(39, false);
        VtdGuestTables tables = new VtdGuestTables(q35.memory(), TABLES, 3);
        enable(q35, tables);
        assertThat(netDma(q35).read(0x1000, MemTxAttrs.UNSPECIFIED, new byte[1], 0, 1))
                .isEqualTo(MemTxResult.DECODE_ERROR);
        assertThat((readReg(q35, IntelIommu.FRCD + 8) >>> 32) & 0xff).isEqualTo(VtdTables.FR_CONTEXT_ENTRY_P);
        writeReg(q35, IntelIommu.FRCD + 8, 1L << 63);
        assertThat(readReg32(q35, IntelIommu.FSTS) & IntelIommu.FSTS_PPF).isZero();
    }

    @Test
    void aContextEntryWhoseLowHalfCannotBeReadFaultsThoughItsHighHalfCan() {
        Q35Machine q35 = machine(39, false);
        VtdGuestTables tables = new VtdGuestTables(q35.memory(), TABLES, 3);
        enable(q35, tables);
        // Bus 0's context table at 1 GiB, in the PCI hole: only the high half of virtio-net's
        // entry is readable (an 8-byte device answering zeroes).
        long contextTable = 0x4000_0000L;
        MemoryRegion probe = q35.memory().root().system()
                .initIo(null, MemoryRegionOps.of((o, size) -> 0, (o, v, size) -> {}), "probe", 8);
        q35.memory().root().addSubregionOverlap(contextTable + 16L * NET_DEVFN + 8, probe, 1);
        q35.memory().stqLe(tables.rootTable, contextTable | 1);
        writeReg(q35, IntelIommu.CCMD, IntelIommu.CCMD_ICC | IntelIommu.CCMD_GLOBAL);

        assertThat(netDma(q35).read(0x1000, MemTxAttrs.UNSPECIFIED, new byte[1], 0, 1))
                .isEqualTo(MemTxResult.DECODE_ERROR);
        assertThat((readReg(q35, IntelIommu.FRCD + 8) >>> 32) & 0xff).isEqualTo(VtdTables.FR_CONTEXT_TABLE_INV);
    }

    // ------------------------------------------------------------ fault events

    /** A read by virtio-net that faults (translation on, no context entry): a new fault condition. */
    private static void fault(VtdTestMachine m) {
        assertThat(m.netDma().read(0x1000, MemTxAttrs.UNSPECIFIED, new byte[1], 0, 1))
                .isEqualTo(MemTxResult.DECODE_ERROR);
    }

    /**
     * Points the fault event's message ({@code data}) at the probe, masked or not, and turns
     * translation on with no context entries; returns the messages the probe receives.
     */
    private static List<Long> faultEventsToProbe(VtdTestMachine m, int data, boolean masked) {
        List<Long> messages = m.messageProbe();
        m.writeReg32(IntelIommu.FEDATA, data);
        m.writeReg32(IntelIommu.FEADDR, (int) VtdTestMachine.PROBE);
        m.writeReg32(IntelIommu.FECTL, masked ? IntelIommu.FECTL_IM : 0);
        m.enableTranslation();
        return messages;
    }

    @Test
    void theFaultEventRegistersResetMaskedAndKeepOnlyTheirWritableBits() {
        VtdTestMachine m = new VtdTestMachine();
        assertThat(m.reg32(IntelIommu.FECTL)).isEqualTo(IntelIommu.FECTL_IM);
        m.writeReg32(IntelIommu.FECTL, -1);
        assertThat(m.reg32(IntelIommu.FECTL)).as("IP is read-only").isEqualTo(IntelIommu.FECTL_IM);
        m.writeReg32(IntelIommu.FEDATA, -1);
        assertThat(m.reg32(IntelIommu.FEDATA)).isEqualTo(0xffff);
        m.writeReg32(IntelIommu.FEADDR, -1);
        assertThat(m.reg32(IntelIommu.FEADDR)).isEqualTo(0xffff_fffc);
        m.writeReg32(IntelIommu.FEUADDR, -1);
        assertThat(m.reg32(IntelIommu.FEUADDR)).isZero();
        m.writeReg(IntelIommu.FEADDR, 0x1234_5678_0000_1000L);
        assertThat(m.reg(IntelIommu.FEADDR)).as("an 8-byte write leaves FEUADDR reserved").isEqualTo(0x1000);
    }

    @Test
    void anUnmaskedFaultSendsFedataToFeaddrOnceUntilSoftwareServicesTheStatus() {
        VtdTestMachine m = new VtdTestMachine();
        List<Long> messages = faultEventsToProbe(m, 0x4041, false);

        fault(m);
        assertThat(messages).containsExactly(0x4041L);
        assertThat(m.reg32(IntelIommu.FECTL)).as("IP clears once the message is sent").isZero();

        fault(m);
        assertThat(m.reg32(IntelIommu.FSTS)).isEqualTo(IntelIommu.FSTS_PPF | IntelIommu.FSTS_PFO);
        assertThat(messages).as("PPF still set: no new event").hasSize(1);

        m.writeReg(IntelIommu.FRCD + 8, 1L << 63);
        m.writeReg32(IntelIommu.FSTS, IntelIommu.FSTS_PFO);
        assertThat(m.reg32(IntelIommu.FSTS)).isZero();
        m.writeReg32(IntelIommu.FEDATA, 0x4042);
        fault(m);
        assertThat(messages).containsExactly(0x4041L, 0x4042L);
    }

    @Test
    void aMaskedFaultSetsIpAndClearingImSendsThePendingMessage() {
        VtdTestMachine m = new VtdTestMachine();
        List<Long> messages = faultEventsToProbe(m, 0x51, true);

        fault(m);
        assertThat(m.reg32(IntelIommu.FECTL)).isEqualTo(IntelIommu.FECTL_IM | IntelIommu.FECTL_IP);
        assertThat(messages).isEmpty();

        m.writeReg32(IntelIommu.FECTL, 0);
        assertThat(messages).containsExactly(0x51L);
        assertThat(m.reg32(IntelIommu.FECTL)).isZero();
        m.writeReg32(IntelIommu.FECTL, IntelIommu.FECTL_IM);
        m.writeReg32(IntelIommu.FECTL, 0);
        assertThat(messages).as("nothing pending: unmasking sends nothing").hasSize(1);
    }

    @Test
    void aPendingFaultEventClearsWhenAnFstsWriteLeavesNoConditionSet() {
        VtdTestMachine m = new VtdTestMachine();
        List<Long> messages = faultEventsToProbe(m, 0x61, true);
        fault(m);
        fault(m);
        assertThat(m.reg32(IntelIommu.FSTS)).isEqualTo(IntelIommu.FSTS_PPF | IntelIommu.FSTS_PFO);

        m.writeReg32(IntelIommu.FSTS, IntelIommu.FSTS_PFO);
        assertThat(m.reg32(IntelIommu.FECTL)).as("PPF still set").isEqualTo(IntelIommu.FECTL_IM | IntelIommu.FECTL_IP);
        m.writeReg(IntelIommu.FRCD + 8, 1L << 63);
        assertThat(m.reg32(IntelIommu.FECTL)).as("clearing the record alone keeps IP")
                .isEqualTo(IntelIommu.FECTL_IM | IntelIommu.FECTL_IP);
        m.writeReg32(IntelIommu.FSTS, 0);
        assertThat(m.reg32(IntelIommu.FECTL)).isEqualTo(IntelIommu.FECTL_IM);

        m.writeReg32(IntelIommu.FECTL, 0);
        assertThat(messages).as("the cleared event is not sent on unmasking").isEmpty();
    }

    /** 3-level tables in which virtio-net's iova 0x5000 maps guest page 0x300000 read-write; returns the page table. */
    private static long mapOnePage(VtdGuestTables tables) {
        long table = tables.context(NET_DEVFN, DOMAIN);
        tables.map(table, 0x5000, 0x30_0000L, 1, VtdGuestTables.RW);
        return table;
    }

    @Test
    void withoutCachingModeMapNotifiersAreRefusedAndInvalidationsSendUnmaps() {
        Q35Machine q35 = machine(39, false);
        VtdGuestTables tables = new VtdGuestTables(q35.memory(), TABLES, 3);
        mapOnePage(tables);
        enable(q35, tables);
        var dmar = iommu(q35).space(NET_DEVFN).dmar();
        assertThatThrownBy(() -> dmar.registerNotifier(new IommuNotifier(e -> { },
                EnumSet.of(IommuNotifierFlag.MAP, IommuNotifierFlag.UNMAP), 0, -1L, 0)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("caching-mode");

        List<IommuTlbEvent> events = new ArrayList<>();
        dmar.registerNotifier(new IommuNotifier(events::add, EnumSet.of(IommuNotifierFlag.UNMAP), 0, 0xffff_ffffL, 0));
        writeReg(q35, IntelIommu.IVA, 0x4000 | 1);
        writeReg(q35, IntelIommu.IOTLB, IntelIommu.IOTLB_IVT | IntelIommu.IOTLB_PAGE | (long) DOMAIN << 32);
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo(IommuNotifierFlag.UNMAP);
            assertThat(e.entry().iova()).isEqualTo(0x4000);
            assertThat(e.entry().addrMask()).isEqualTo(0x1fff);
        });
        assertThat(readReg(q35, IntelIommu.IOTLB) & IntelIommu.IOTLB_IVT).isZero();

        events.clear();
        writeReg(q35, IntelIommu.IOTLB, IntelIommu.IOTLB_IVT | IntelIommu.IOTLB_DOMAIN | (long) (DOMAIN + 1) << 32);
        assertThat(events).isEmpty();
        writeReg(q35, IntelIommu.IOTLB, IntelIommu.IOTLB_IVT | IntelIommu.IOTLB_GLOBAL);
        assertThat(events).extracting(e -> e.entry().lastIova()).containsExactly(0xffff_ffffL);

        // an address mask above MAMV or granularity 0: nothing done, no granularity reported
        events.clear();
        writeReg(q35, IntelIommu.IVA, 19);
        writeReg(q35, IntelIommu.IOTLB, IntelIommu.IOTLB_IVT | IntelIommu.IOTLB_PAGE | (long) DOMAIN << 32);
        writeReg(q35, IntelIommu.IOTLB, IntelIommu.IOTLB_IVT | (long) DOMAIN << 32);
        writeReg(q35, IntelIommu.CCMD, IntelIommu.CCMD_ICC);
        assertThat(events).isEmpty();
        assertThat(readReg(q35, IntelIommu.IOTLB) & (IntelIommu.IOTLB_IVT | 3L << 57)).isZero();
        assertThat(readReg(q35, IntelIommu.CCMD) & (IntelIommu.CCMD_ICC | 3L << 59)).isZero();
        writeReg(q35, IntelIommu.CCMD, IntelIommu.CCMD_ICC | 2L << 61);
        assertThat(readReg(q35, IntelIommu.CCMD) >>> 59 & 3).as("domain request, global done").isEqualTo(1);
    }

    @Test
    void aVfioConsumerShadowsTheTablesThroughInvalidationsInCachingMode() {
        Q35Machine q35 = machine(39, true);
        VtdGuestTables tables = new VtdGuestTables(q35.memory(), TABLES, 3);
        long table = mapOnePage(tables);
        VfioContainer vfio = new VfioContainer();
        netDma(q35).registerListener(vfio);
        assertThat(vfio.mappings()).isEmpty();

        enable(q35, tables);
        assertThat(vfio.mappings()).containsOnlyKeys(0x5000L);
        assertThat(vfio.mappings().get(0x5000L).ramOffset()).isEqualTo(0x30_0000L);

        tables.map(table, 0x5000, 0, 1, 0);
        tables.map(table, 0x9000, 0x31_0000L, 1, VtdGuestTables.R);
        writeReg(q35, IntelIommu.IVA, 0x0000 | 4);
        writeReg(q35, IntelIommu.IOTLB, IntelIommu.IOTLB_IVT | IntelIommu.IOTLB_PAGE | (long) DOMAIN << 32);
        assertThat(vfio.mappings()).containsOnlyKeys(0x9000L);
        assertThat(vfio.mappings().get(0x9000L).readonly()).isTrue();

        writeGcmd(q35, 0);
        assertThat(vfio.mappings()).isEmpty();
        assertThat(vfio.errors()).isEmpty();
    }

    static LongStream seeds() {
        String replay = System.getProperty("physmem.seed");
        if (replay != null) {
            return LongStream.of(Long.decode(replay));
        }
        return LongStream.concat(LongStream.range(0, 8).map(i -> 0x7D0_0000L + i), LongStream.of(System.nanoTime()));
    }

    /**
     * Random edits of 4 KiB leaves, each followed by a global, domain- or page-selective
     * invalidation: the shadow (what MAP/UNMAP told the consumers) always equals the tables, and
     * translation agrees page by page. Replay a failure with {@code -Dphysmem.seed=<seed>}.
     */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void theShadowFollowsTheTablesThroughEveryKindOfInvalidation(long seed) {
        Random random = new Random(seed);
        Q35Machine q35 = machine(48, true);
        VtdGuestTables tables = new VtdGuestTables(q35.memory(), TABLES, 4);
        long table = tables.context(NET_DEVFN, DOMAIN);
        enable(q35, tables);
        VtdAddressSpace space = iommu(q35).space(NET_DEVFN);
        space.dmar().registerNotifier(new IommuNotifier(e -> { },
                EnumSet.of(IommuNotifierFlag.MAP, IommuNotifierFlag.UNMAP), 0, -1L, 0));
        Map<Long, Long> model = new TreeMap<>();
        for (int round = 0; round < 60; round++) {
            String where = "seed=" + seed + " (replay: -Dphysmem.seed=" + seed + ") round=" + round;
            long iova = (long) random.nextInt(64) << 12 | (random.nextBoolean() ? 1L << 39 : 0);
            long perm = random.nextInt(4);
            long addr = 0x40_0000L + ((long) random.nextInt(64) << 12);
            tables.map(table, iova, addr, 1, perm);
            if (perm == 0) {
                model.remove(iova);
            } else {
                model.put(iova, addr | perm);
            }
            switch (random.nextInt(3)) {
                case 0 -> writeReg(q35, IntelIommu.IOTLB, IntelIommu.IOTLB_IVT | IntelIommu.IOTLB_GLOBAL);
                case 1 -> writeReg(q35, IntelIommu.IOTLB, IntelIommu.IOTLB_IVT | IntelIommu.IOTLB_DOMAIN
                        | (long) DOMAIN << 32);
                default -> {
                    writeReg(q35, IntelIommu.IVA, iova);
                    writeReg(q35, IntelIommu.IOTLB, IntelIommu.IOTLB_IVT | IntelIommu.IOTLB_PAGE | (long) DOMAIN << 32);
                }
            }
            Map<Long, Long> shadow = new TreeMap<>();
            space.shadow().forEach((k, e) -> shadow.put(k, e.translatedAddr() | e.perm().bits()));
            assertThat(shadow).as(where).isEqualTo(model);
            var entry = space.dmar().translate(iova, IommuAccessFlags.NONE, 0);
            assertThat(entry.perm().bits() == 0 ? null : entry.translatedAddr() | entry.perm().bits())
                    .as(where).isEqualTo(model.get(iova));
        }
    }
}
