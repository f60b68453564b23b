package dev.physmem.models.x86;

import dev.physmem.MemorySystem;
import dev.physmem.attr.IommuAccessFlags;
import dev.physmem.attr.MemTxAttrs;
import dev.physmem.iommu.IommuNotifierFlag;
import dev.physmem.models.pci.PciBus;
import dev.physmem.region.AccessConstraints;
import dev.physmem.region.AliasRegion;
import dev.physmem.region.ContainerRegion;
import dev.physmem.region.Endianness;
import dev.physmem.region.IoRegion;
import dev.physmem.region.MemoryRegion;
import dev.physmem.region.MemoryRegionOps;
import dev.physmem.region.Owner;
import dev.physmem.space.AddressSpace;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Intel VT-d ({@code -device intel-iommu,intremap=on,device-iotlb=on} on {@code q35}): the DMA
 * remapping registers at {@link #DMAR_BASE}, the shared {@code vtd-nodmar} and {@code vtd-ir}
 * regions, and one {@link VtdAddressSpace} per PCI function, which the function's bus-master
 * alias targets. QEMU counterpart: {@code IntelIOMMUState} ({@code vtd_realize},
 * {@code vtd_host_dma_iommu}, {@code vtd_mem_write}; hw/i386/intel_iommu.c, 7.2).
 *
 * <h2>Regions, as QEMU names and places them</h2>
 * <ul>
 *   <li>{@code intel_iommu}: the 0x230-byte register block in system memory at 0xfed90000.
 *   <li>{@code vtd-nodmar}: a container holding {@code vtd-sys-alias} (all of system memory) and,
 *       at priority 1 over 0xfee00000, {@code vtd-ir} (the interrupt window): where DMA goes
 *       while translation is off.
 *   <li>Per function {@code SS.F}: the address space {@code vtd-root} over {@code vtd-SS.F}; see
 *       {@link VtdAddressSpace}. The IOAPIC's pseudo device (devfn 0 of the root bus, QEMU's
 *       {@code Q35_PSEUDO_DEVFN_IOAPIC}) creates {@code vtd-00.0} at realize, which the host
 *       bridge then shares.
 * </ul>
 *
 * <h2>Registers (legacy mode)</h2>
 * <ul>
 *   <li>GCMD/GSTS: TE switches every function's space between {@code vtd-nodmar} and its IOMMU
 *       region ({@code vtd_handle_gcmd_te}); SRTP latches RTADDR; QIE enables or disables queued
 *       invalidation (below); IRE, SIRTP only set their status bits. One write is handled in
 *       QEMU's order: TE, SRTP, QIE, SIRTP, IRE.
 *   <li>CCMD with ICC: a context-cache invalidation; global and domain-selective unmap every
 *       notifier, re-switch every space (pass-through may have changed) and resync the watched
 *       ones; device-selective does the last two for the selected functions. CAIG reports global
 *       for a domain request, as QEMU's; an invalid granularity does nothing and reports 0.
 *   <li>IOTLB (at 0xf8, with IVA at 0xf0) with IVT: global, domain- and page-selective
 *       invalidation as {@code vtd_iotlb_*_invalidate} does it: a space with a MAP notifier
 *       resyncs from the tables ({@link VtdAddressSpace#sync}); one with only UNMAP notifiers gets
 *       UNMAP of everything (global, domain) or of the invalidated range (page). IVA.AM above
 *       MAMV (18) or an invalid granularity does nothing and reports IAIG 0.
 *   <li>While QIE is set, a write of CCMD.ICC or IOTLB.IVT is stored and ignored (QEMU: "should
 *       not use register-based invalidation"): the bit stays set.
 *   <li>FSTS (PFO and IQE write-1-to-clear) and one fault recording register at 0x220
 *       (CAP.NFR = 0, FRO = 0x22).
 *   <li>Fault events: FECTL (IM writable, IP; reset: IM set), FEDATA (bits 15:0), FEADDR (bits
 *       31:2; an 8-byte write keeps the low half), FEUADDR (reads 0). A new fault condition (a
 *       recorded fault setting PPF, or IQE) raises the event unless FSTS already had PPF, PFO or
 *       IQE before it ({@code vtd_generate_fault_event}): IP is set and, unless IM masks it,
 *       FEDATA is written to FEADDR and IP clears; clearing IM while IP is set sends it then. An
 *       FSTS write that leaves none of PPF, PFO, IQE set clears IP (clearing a record alone does
 *       not).
 * </ul>
 *
 * <h2>Queued invalidation (ECAP.QI)</h2>
 * IQA (base, QS; DW is stored but means nothing without scalable mode), IQT (bits 18:4), IQH
 * (read-only, bits 18:4), ICS (IWC, write-1-to-clear), IECTL (IM writable, IP; reset: IM set),
 * IEDATA, IEADDR (IEUADDR reads 0). Setting GCMD.QIE latches IQA and sets GSTS.QIES (and
 * processes at once if IQT is not 0, as QEMU does for Windows); clearing it is refused unless the
 * queue is empty and its last descriptor was a wait. Writing IQT while QIE is set and FSTS.IQE is
 * clear processes the descriptors up to the tail ({@link VtdInvalidationQueue}): the context and
 * IOTLB descriptors run the same invalidations as the registers; a device-IOTLB descriptor sends
 * DEVIOTLB_UNMAP over the function's IOMMU region; a wait descriptor writes its status or raises
 * the completion event. A tail past the queue, a descriptor that cannot be read, an unknown type
 * or a reserved bit sets FSTS.IQE (a fault event, above) and stops with IQH on the offending descriptor; processing
 * resumes at the next IQT write after the guest clears IQE. The completion event (ICS.IWC was
 * clear): sets IWC and IECTL.IP, and unless IECTL.IM is set writes IEDATA to IEADDR through
 * {@code memory} (an MSI to the APIC window) and clears IP; clearing IM while IP is set sends it
 * then. Both events send through the same code. Registers QEMU writes only 32 bits at a time
 * (FSTS, FECTL, FEDATA, FEUADDR, ICS, IECTL, IEDATA, IEADDR) take the low 32 bits of an 8-byte
 * write (QEMU asserts).
 *
 * <p>Not modelled: the IOTLB and context caches (translation always reads the tables), interrupt
 * remapping (the {@code vtd-ir} window forwards writes to the APIC's MSI window untranslated, and
 * interrupt-entry-cache descriptors do nothing), scalable mode (so 128-bit descriptors only),
 * FSTS.ICE/ITE (device-IOTLB timeouts and invalidation completion errors never happen here).
 *
 * <h2>Caching mode</h2>
 * Off by default, as in QEMU: then a MAP notifier (VFIO) cannot register
 * ({@link VtdAddressSpace#notifyFlagChanged}); UNMAP-only consumers (vhost) can. With
 * {@code cachingMode} on, CAP.CM is set and invalidations report MAP of new leaves too.
 *
 * <h2>Thread safety</h2>
 * Register accesses are serialised on the instance and change the region tree, so they run on
 * the machine's writer thread. Translation may run on any thread; a fault it records sends the
 * fault event's message from that thread, under the instance's lock.
 */
public final class IntelIommu {
    /** Guest-physical base of the register block ({@code Q35_HOST_BRIDGE_IOMMU_ADDR}). */
    public static final long DMAR_BASE = 0xfed9_0000L;
    /** Size of the register block ({@code DMAR_REG_SIZE}). */
    public static final long DMAR_REG_SIZE = 0x230;
    /** QEMU's default {@code aw-bits}. */
    public static final int DEFAULT_AW_BITS = 39;

    /** Version register. */
    public static final int VER = 0x00;
    /** Capability register. */
    public static final int CAP = 0x08;
    /** Extended capability register. */
    public static final int ECAP = 0x10;
    /** Global command register. */
    public static final int GCMD = 0x18;
    /** Global status register. */
    public static final int GSTS = 0x1c;
    /** Root table address register. */
    public static final int RTADDR = 0x20;
    /** Context command register. */
    public static final int CCMD = 0x28;
    /** Fault status register. */
    public static final int FSTS = 0x34;
    /** Fault event control register. */
    public static final int FECTL = 0x38;
    /** Fault event data register (bits 15:0 writable). */
    public static final int FEDATA = 0x3c;
    /** Fault event address register. */
    public static final int FEADDR = 0x40;
    /** Fault event upper address register (reserved without ECAP.EIM: reads 0). */
    public static final int FEUADDR = 0x44;
    /** Invalidation queue head register. */
    public static final int IQH = 0x80;
    /** Invalidation queue tail register. */
    public static final int IQT = 0x88;
    /** Invalidation queue address register. */
    public static final int IQA = 0x90;
    /** Invalidation completion status register. */
    public static final int ICS = 0x9c;
    /** Invalidation event control register. */
    public static final int IECTL = 0xa0;
    /** Invalidation event data register. */
    public static final int IEDATA = 0xa4;
    /** Invalidation event address register. */
    public static final int IEADDR = 0xa8;
    /** Invalidation event upper address register (reserved: reads 0). */
    public static final int IEUADDR = 0xac;
    /** Invalidate address register. */
    public static final int IVA = 0xf0;
    /** IOTLB invalidate register. */
    public static final int IOTLB = 0xf8;
    /** The fault recording register (128 bits). */
    public static final int FRCD = 0x220;

    /** GCMD/GSTS: translation enable. */
    public static final int GCMD_TE = 1 << 31;
    /** GCMD/GSTS: set root table pointer. */
    public static final int GCMD_SRTP = 1 << 30;
    /** GCMD/GSTS: queued invalidation enable. */
    public static final int GCMD_QIE = 1 << 26;
    /** GCMD/GSTS: interrupt remapping enable. */
    public static final int GCMD_IRE = 1 << 25;
    /** GCMD/GSTS: set interrupt remapping table pointer. */
    public static final int GCMD_SIRTP = 1 << 24;
    /** CCMD: invalidate context cache. */
    public static final long CCMD_ICC = 1L << 63;
    /** CCMD granularity (bits 62:61): global. */
    public static final long CCMD_GLOBAL = 1L << 61;
    /** CCMD granularity: device-selective (source id in bits 31:16, function mask in 33:32). */
    public static final long CCMD_DEVICE_SELECTIVE = 3L << 61;
    /** IOTLB: invalidate IOTLB. */
    public static final long IOTLB_IVT = 1L << 63;
    /** IOTLB granularity (bits 61:60): global. */
    public static final long IOTLB_GLOBAL = 1L << 60;
    /** IOTLB granularity: domain-selective (domain id in bits 47:32). */
    public static final long IOTLB_DOMAIN = 2L << 60;
    /** IOTLB granularity: page-selective (IVA gives address and address mask). */
    public static final long IOTLB_PAGE = 3L << 60;
    /** FSTS: primary pending fault. */
    public static final int FSTS_PPF = 1 << 1;
    /** FSTS: primary fault overflow. */
    public static final int FSTS_PFO = 1;
    /** FSTS: invalidation queue error. */
    public static final int FSTS_IQE = 1 << 4;
    /** ICS: invalidation wait descriptor complete. */
    public static final int ICS_IWC = 1;
    /** IECTL: interrupt mask. */
    public static final int IECTL_IM = 1 << 31;
    /** IECTL: interrupt pending. */
    public static final int IECTL_IP = 1 << 30;
    /** FECTL: interrupt mask. */
    public static final int FECTL_IM = 1 << 31;
    /** FECTL: interrupt pending. */
    public static final int FECTL_IP = 1 << 30;

    private static final long CAP_FRO = (long) (FRCD >> 4) << 24;
    private static final long CAP_ND = 6;
    private static final long CAP_PSI = 1L << 39;
    private static final long CAP_SLLPS = 3L << 34;
    private static final long CAP_MAMV = 18L << 48;
    private static final long CAP_CM = 1L << 7;
    private static final long CAP_DWD = 1L << 54;
    private static final long CAP_DRD = 1L << 55;
    private static final long ECAP_QI = 1L << 1;
    private static final long ECAP_DT = 1L << 2;
    private static final long ECAP_IR = 1L << 3;
    private static final long ECAP_PT = 1L << 6;
    private static final long ECAP_IRO = (long) (IVA >> 4) << 8;
    private static final long ECAP_MHMV = 15L << 20;
    private static final long IQT_WMASK = 0x7fff0;
    private static final long IQA_WMASK = 0xffff_ffff_ffff_f807L;
    private static final long IQH_MASK = 0x7fff0;
    private static final long CCMD_CAIG = 3L << 59;
    private static final long IOTLB_IAIG = 3L << 57;
    private static final long FRCD_F = 1L << 63;
    private static final long FRCD_T = 1L << 62;
    /** The FSTS conditions software must service before a new fault event is generated. */
    private static final int FSTS_EVENT_CONDITIONS = FSTS_PPF | FSTS_PFO | FSTS_IQE;
    /** An event's data register follows its control register, its address register follows that. */
    private static final int EVENT_DATA = 4;
    private static final int EVENT_ADDR = 8;
    private static final int GRANULARITY_GLOBAL = 1;
    /** Device-selective (context) or page-selective (IOTLB). */
    private static final int GRANULARITY_SELECTIVE = 3;
    /** Which devfn bits a device-selective invalidation compares, by function mask ({@code vtd_fm_mask}-like). */
    private static final int[] FUNCTION_MASKS = {0xff, 0xfb, 0xf9, 0xf8};
    private static final int PAGE_LEVELS_39 = 1 << 3;
    private static final int PAGE_LEVELS_48 = 1 << 4;

    private final MemorySystem system;
    private final Owner owner;
    private final AddressSpace memory;
    private final VtdTables tables;
    private final VtdInvalidationQueue queue;
    private final boolean cachingMode;
    private final int pageLevels;
    private final ByteBuffer regs = ByteBuffer.allocate((int) DMAR_REG_SIZE).order(ByteOrder.LITTLE_ENDIAN);
    private final IoRegion csr;
    private final ContainerRegion nodmar;
    private final IoRegion interruptWindow;
    private final Map<Integer, VtdAddressSpace> spaces = new TreeMap<>();
    private volatile boolean translationEnabled;
    private volatile long rootTable;

    /**
     * Realizes the IOMMU as device {@code owner} on {@code bus}: the registers mapped into
     * {@code systemMemory}, the shared regions, {@code vtd-00.0} for the IOAPIC, and the bus's
     * IOMMU hook. Page tables are read through {@code memory}. QEMU: {@code vtd_realize}.
     *
     * @param awBits the guest address width, 39 (3-level tables) or 48 (3- and 4-level)
     * @param cachingMode QEMU's {@code caching-mode} property
     * @throws IllegalArgumentException if {@code awBits} is not 39 or 48
     */
    IntelIommu(PciBus bus, Owner owner, MemoryRegion systemMemory, AddressSpace memory, int awBits,
            boolean cachingMode) {
        if (awBits != 39 && awBits != 48) {
            throw new IllegalArgumentException("aw-bits must be 39 or 48: awBits=" + awBits);
        }
        this.system = systemMemory.system();
        this.owner = owner;
        this.memory = memory;
        this.tables = new VtdTables(memory);
        this.queue = new VtdInvalidationQueue(this, memory, awBits);
        this.cachingMode = cachingMode;
        this.pageLevels = awBits == 48 ? PAGE_LEVELS_39 | PAGE_LEVELS_48 : PAGE_LEVELS_39;
        initRegisters(awBits);
        try (var _ = system.transaction()) {
            csr = system.initIo(owner, MemoryRegionOps.of(this::readRegister, this::writeRegister, Endianness.LITTLE,
                    AccessConstraints.sizes(4, 8), AccessConstraints.sizes(4, 8)), "intel_iommu", DMAR_REG_SIZE);
            nodmar = system.initContainer(owner, "vtd-nodmar", MemoryRegion.SIZE_2_64);
            interruptWindow = system.initIo(owner, MemoryRegionOps.of(
                    (offset, size) -> 0,
                    (offset, value, size) -> memory.store(VtdAddressSpace.INTERRUPT_ADDR_FIRST + offset, size, false,
                            value, MemTxAttrs.UNSPECIFIED, null),
                    Endianness.LITTLE, AccessConstraints.sizes(4, 4), AccessConstraints.sizes(4, 4)),
                    "vtd-ir", VtdAddressSpace.INTERRUPT_ADDR_SIZE);
            AliasRegion sysAlias = system.initAlias(owner, "vtd-sys-alias", systemMemory, 0, systemMemory.size());
            nodmar.addSubregionOverlap(0, sysAlias, 0);
            nodmar.addSubregionOverlap(VtdAddressSpace.INTERRUPT_ADDR_FIRST, interruptWindow, 1);
            systemMemory.addSubregion(DMAR_BASE, csr);
            bus.setIommu(this::dmaRoot);
            space(0);
        }
    }

    /**
     * QEMU: {@code vtd_init}'s capability values for {@code intremap=on,device-iotlb=on} (with
     * TCG, so no EIM); with the defaults CAP reads 0x00d2008c22260206 and ECAP 0xf00f4e, as QEMU
     * 7.2 answered a qtest {@code readq}.
     */
    private void initRegisters(int awBits) {
        long sagaw = awBits == 48 ? 3L << 9 : 1L << 9;
        regs.putInt(VER, 0x10);
        regs.putLong(CAP, CAP_FRO | CAP_ND | CAP_PSI | CAP_SLLPS | CAP_MAMV | CAP_DWD | CAP_DRD | sagaw | (long) (awBits - 1) << 16
                | (cachingMode ? CAP_CM : 0));
        regs.putLong(ECAP, ECAP_QI | ECAP_DT | ECAP_IR | ECAP_PT | ECAP_IRO | ECAP_MHMV);
        regs.putInt(IECTL, IECTL_IM);
        regs.putInt(FECTL, FECTL_IM);
    }

    MemorySystem system() {
        return system;
    }

    /** The device that owns the IOMMU's regions. */
    public Owner owner() {
        return owner;
    }

    /** The address space the tables are read from and translations lead into ({@code memory}). */
    public AddressSpace memory() {
        return memory;
    }

    VtdTables tables() {
        return tables;
    }

    /** The register block {@code intel_iommu}. */
    public IoRegion registers() {
        return csr;
    }

    ContainerRegion nodmar() {
        return nodmar;
    }

    IoRegion interruptWindow() {
        return interruptWindow;
    }

    /** Whether GSTS.TES is set. */
    public boolean isTranslationEnabled() {
        return translationEnabled;
    }

    /** Whether GSTS.QIES is set: invalidations come through the queue, not the registers. */
    public synchronized boolean isQueuedInvalidationEnabled() {
        return queue.isEnabled();
    }

    /** Whether caching mode is on. */
    public boolean cachingMode() {
        return cachingMode;
    }

    boolean passThroughSupported() {
        return (regs.getLong(ECAP) & ECAP_PT) != 0;
    }

    /** The per-function spaces made so far, by devfn. */
    public synchronized List<VtdAddressSpace> spaces() {
        return Collections.unmodifiableList(new ArrayList<>(spaces.values()));
    }

    /** The space of root-bus function {@code devfn}, made on first use. QEMU: {@code vtd_find_add_as}. */
    public synchronized VtdAddressSpace space(int devfn) {
        return spaces.computeIfAbsent(devfn, d -> new VtdAddressSpace(this, 0, d));
    }

    private MemoryRegion dmaRoot(PciBus bus, int devfn) {
        return space(devfn).root();
    }

    /** The context entry of {@code bus:devfn} under the latched root table. */
    VtdTables.Context context(int bus, int devfn) {
        return tables.context(rootTable, bus, devfn, pageLevels);
    }

    // ---------------------------------------------------------------- registers

    /** A guest read of the register block; QEMU: {@code vtd_mem_read}. */
    public synchronized long readRegister(long offset, int size) {
        if (offset + size > DMAR_REG_SIZE) {
            return 0;
        }
        return size == 8 ? regs.getLong((int) offset) : regs.getInt((int) offset) & 0xffff_ffffL;
    }

    /** A guest write of the register block; QEMU: {@code vtd_mem_write}. */
    public synchronized void writeRegister(long offset, long value, int size) {
        if (offset + size > DMAR_REG_SIZE) {
            return;
        }
        int at = (int) offset;
        switch (at) {
            case GCMD -> handleGcmd((int) value);
            case RTADDR, RTADDR + 4, IVA, IVA + 4 -> put(at, value, size);
            case CCMD, CCMD + 4 -> {
                put(at, value, size);
                if (at + size == CCMD + 8 && (regs.getLong(CCMD) & CCMD_ICC) != 0 && !queue.isEnabled()) {
                    handleContextInvalidation();
                }
            }
            case IOTLB, IOTLB + 4 -> {
                put(at, value, size);
                if (at + size == IOTLB + 8 && (regs.getLong(IOTLB) & IOTLB_IVT) != 0 && !queue.isEnabled()) {
                    handleIotlbInvalidation();
                }
            }
            case FSTS -> {
                putMasked32(FSTS, value, 0, FSTS_PFO | FSTS_IQE);
                if ((regs.getInt(FSTS) & FSTS_EVENT_CONDITIONS) == 0) {
                    regs.putInt(FECTL, regs.getInt(FECTL) & ~FECTL_IP);
                }
            }
            case FECTL -> writeEventControl(FECTL, value);
            case FEDATA -> putMasked32(FEDATA, value, 0xffff, 0);
            case FEADDR -> putMasked32(FEADDR, value, ~3, 0);
            case IQT, IQT + 4 -> {
                putMasked64(IQT, at, value, size, IQT_WMASK);
                if (at == IQT) {
                    handleTailWrite();
                }
            }
            case IQA, IQA + 4 -> putMasked64(IQA, at, value, size, IQA_WMASK);
            case ICS -> {
                putMasked32(ICS, value, 0, ICS_IWC);
                if ((regs.getInt(IECTL) & IECTL_IP) != 0 && (regs.getInt(ICS) & ICS_IWC) == 0) {
                    regs.putInt(IECTL, regs.getInt(IECTL) & ~IECTL_IP);
                }
            }
            case IECTL -> writeEventControl(IECTL, value);
            case IEDATA -> putMasked32(IEDATA, value, -1, 0);
            case IEADDR -> putMasked32(IEADDR, value, ~3, 0);
            case FRCD + 12 -> clearFault(value << 32);
            case FRCD + 8 -> clearFault(size == 8 ? value : 0);
            default -> {
                // read-only or unmodelled register: the write is dropped
            }
        }
    }

    private void put(int at, long value, int size) {
        if (size == 8) {
            regs.putLong(at, value);
        } else {
            regs.putInt(at, (int) value);
        }
    }

    /**
     * A write of the 64-bit register at {@code reg} ({@code at} is it or its upper half): only
     * {@code wmask} bits change. QEMU: {@code vtd_set_quad}/{@code vtd_set_long} with the
     * register's write mask.
     */
    private void putMasked64(int reg, int at, long value, int size, long wmask) {
        int shift = (at - reg) * 8;
        long lanes = (size == 8 ? -1L : 0xffff_ffffL) << shift;
        long mask = wmask & lanes;
        regs.putLong(reg, (regs.getLong(reg) & ~mask) | (value << shift & mask));
    }

    /**
     * A write of the 32-bit register {@code reg} (the low 32 bits of {@code value}): {@code wmask}
     * bits take the value, {@code w1c} bits written as 1 clear. QEMU: {@code vtd_set_long}.
     */
    private void putMasked32(int reg, long value, int wmask, int w1c) {
        int v = (int) value;
        regs.putInt(reg, ((regs.getInt(reg) & ~wmask) | (v & wmask)) & ~(w1c & v));
    }

    /**
     * QEMU: {@code vtd_handle_gcmd_write}, in its order: a TE change (which refreshes every space
     * under the root table latched so far), then SRTP (latch, refresh again), QIE, SIRTP, IRE. A
     * write setting TE and SRTP together thus switches with the old root first and ends under the
     * new one.
     */
    private void handleGcmd(int value) {
        int status = regs.getInt(GSTS);
        int changed = status ^ value;
        regs.putInt(GCMD, value);
        if ((changed & GCMD_TE) != 0) {
            translationEnabled = (value & GCMD_TE) != 0;
            regs.putInt(GSTS, (regs.getInt(GSTS) & ~GCMD_TE) | (value & GCMD_TE));
            refreshAll();
        }
        if ((value & GCMD_SRTP) != 0) {
            rootTable = regs.getLong(RTADDR) & ~0xfffL;
            regs.putInt(GSTS, regs.getInt(GSTS) | GCMD_SRTP);
            refreshAll();
        }
        if ((changed & GCMD_QIE) != 0) {
            handleQueuedInvalidationEnable((value & GCMD_QIE) != 0);
        }
        if ((value & GCMD_SIRTP) != 0) {
            regs.putInt(GSTS, regs.getInt(GSTS) | GCMD_SIRTP);
        }
        if ((changed & GCMD_IRE) != 0) {
            regs.putInt(GSTS, (regs.getInt(GSTS) & ~GCMD_IRE) | (value & GCMD_IRE));
        }
    }

    /**
     * QEMU: {@code vtd_handle_gcmd_qie}. Enabling latches IQA and, if the guest wrote IQT first
     * (a spec violation Windows commits), processes at once; disabling is refused (QIES stays set)
     * unless the queue drained through a wait descriptor, and resets IQH.
     */
    private void handleQueuedInvalidationEnable(boolean enable) {
        if (enable) {
            queue.enable(regs.getLong(IQA));
            regs.putInt(GSTS, regs.getInt(GSTS) | GCMD_QIE);
            if (queue.tail() != 0 && (regs.getInt(FSTS) & FSTS_IQE) == 0) {
                processQueue();
            }
        } else if (queue.disable()) {
            regs.putLong(IQH, 0);
            regs.putInt(GSTS, regs.getInt(GSTS) & ~GCMD_QIE);
        }
    }

    /** QEMU: {@code vtd_handle_iqt_write}. */
    private void handleTailWrite() {
        queue.setTail(regs.getLong(IQT));
        if (queue.isEnabled() && (regs.getInt(FSTS) & FSTS_IQE) == 0) {
            processQueue();
        }
    }

    /**
     * Processes descriptors from the head to the tail, keeping IQH current after each; an
     * invalid tail or descriptor sets FSTS.IQE and stops. QEMU: {@code vtd_fetch_inv_desc}.
     */
    private void processQueue() {
        if (!queue.processToTail(head -> regs.putLong(IQH, ((long) head << 4) & IQH_MASK))) {
            int before = regs.getInt(FSTS);
            regs.putInt(FSTS, before | FSTS_IQE);
            faultEvent(before);
        }
    }

    /**
     * The invalidation completion event of a wait descriptor with IF. QEMU:
     * {@code vtd_generate_completion_event}: nothing while ICS.IWC is set; else IWC and IECTL.IP
     * are set and, unless IECTL.IM masks it, the interrupt is sent.
     */
    void completionEvent() {
        if ((regs.getInt(ICS) & ICS_IWC) != 0) {
            return;
        }
        regs.putInt(ICS, regs.getInt(ICS) | ICS_IWC);
        raiseEvent(IECTL);
    }

    /**
     * The fault event after a new fault condition, given FSTS as it was before the condition was
     * recorded. QEMU: {@code vtd_generate_fault_event}: nothing while an earlier condition (PPF,
     * PFO, IQE) awaits software; else FECTL.IP is set and, unless FECTL.IM masks it, the
     * interrupt is sent.
     */
    private void faultEvent(int fstsBefore) {
        if ((fstsBefore & FSTS_EVENT_CONDITIONS) == 0) {
            raiseEvent(FECTL);
        }
    }

    /**
     * Sets IP in the event control register {@code control} (FECTL or IECTL, whose IM and IP are
     * the same bits) and, unless its IM is set, sends the event's interrupt.
     */
    private void raiseEvent(int control) {
        regs.putInt(control, regs.getInt(control) | FECTL_IP);
        if ((regs.getInt(control) & FECTL_IM) == 0) {
            sendInterrupt(control);
        }
    }

    /**
     * A guest write of FECTL or IECTL: only IM is writable; clearing it while IP is set sends the
     * pending interrupt. QEMU: {@code vtd_handle_fectl_write}, {@code vtd_handle_iectl_write}.
     */
    private void writeEventControl(int control, long value) {
        putMasked32(control, value, FECTL_IM, 0);
        if ((regs.getInt(control) & (FECTL_IP | FECTL_IM)) == FECTL_IP) {
            sendInterrupt(control);
        }
    }

    /**
     * Writes the event's data register to its address register (FEDATA to FEADDR, IEDATA to
     * IEADDR) as a 32-bit memory write through {@code memory}, an MSI reaching the APIC window,
     * and clears IP in {@code control}. QEMU: {@code vtd_generate_interrupt}, which hands the
     * message to the APIC.
     */
    private void sendInterrupt(int control) {
        long addr = regs.getInt(control + EVENT_ADDR) & 0xffff_ffffL;
        memory.stlLe(addr, regs.getInt(control + EVENT_DATA), MemTxAttrs.UNSPECIFIED, null);
        regs.putInt(control, regs.getInt(control) & ~FECTL_IP);
    }

    /** Unmaps every notifier, then switches every space. QEMU: {@code vtd_address_space_refresh_all}. */
    private void refreshAll() {
        try (var _ = system.transaction()) {
            for (VtdAddressSpace s : spaces.values()) {
                s.unmapAll();
                s.switchAddressSpace();
            }
        }
    }

    /**
     * A CCMD write with ICC: the invalidation, then ICC cleared and CAIG reporting what was done
     * (global for a domain request, 0 for an invalid one). QEMU: {@code vtd_handle_ccmd_write},
     * {@code vtd_context_cache_invalidate}.
     */
    private void handleContextInvalidation() {
        long ccmd = regs.getLong(CCMD);
        int granularity = (int) (ccmd >>> 61) & 3;
        boolean done = invalidateContextCache(granularity, (int) (ccmd >>> 16) & 0xffff, (int) (ccmd >>> 32) & 3);
        long caig = !done ? 0 : granularity == GRANULARITY_SELECTIVE ? 3 : 1;
        regs.putLong(CCMD, (ccmd & ~CCMD_ICC & ~CCMD_CAIG) | caig << 59);
    }

    /**
     * A context-cache invalidation, as both the register and the queue ask for it (granularity
     * 1 global, 2 domain, 3 device). Global and domain-selective (which QEMU treats as global):
     * unmap every notifier, re-switch every space, then resync those with notifiers
     * ({@code vtd_context_global_invalidate}). Device-selective: re-switch and resync the
     * functions the source id and function mask select ({@code vtd_context_device_invalidate}).
     *
     * @return false for granularity 0 (nothing done)
     */
    boolean invalidateContextCache(int granularity, int sourceId, int functionMask) {
        if (granularity == 0) {
            return false;
        }
        try (var _ = system.transaction()) {
            if (granularity == GRANULARITY_SELECTIVE) {
                int mask = FUNCTION_MASKS[functionMask];
                for (VtdAddressSpace s : spaces.values()) {
                    if (sourceId >>> 8 == 0 && (s.devfn() & mask) == (sourceId & mask)) {
                        s.switchAddressSpace();
                        s.syncAll();
                    }
                }
            } else {
                refreshAll();
                for (VtdAddressSpace s : spaces.values()) {
                    if (s.hasNotifiers()) {
                        s.syncAll();
                    }
                }
            }
        }
        return true;
    }

    /**
     * An IOTLB write with IVT: the invalidation (page-selective takes address and mask from
     * IVA), then IVT cleared and IAIG reporting the granularity done, or 0. QEMU:
     * {@code vtd_handle_iotlb_write}, {@code vtd_iotlb_flush}.
     */
    private void handleIotlbInvalidation() {
        long iotlb = regs.getLong(IOTLB);
        int granularity = (int) (iotlb >>> 60) & 3;
        long iva = regs.getLong(IVA);
        boolean done = invalidateIotlb(granularity, (int) (iotlb >>> 32) & 0xffff, iva & ~0xfffL, (int) iva & 0x3f);
        regs.putLong(IOTLB, (iotlb & ~IOTLB_IVT & ~IOTLB_IAIG) | (done ? (long) granularity << 57 : 0));
    }

    /**
     * An IOTLB invalidation, as both the register and the queue ask for it (granularity 1
     * global, 2 domain, 3 page with {@code addr} and address mask {@code am}: 2<sup>am</sup>
     * pages, the address rounded down to them). QEMU: {@code vtd_iotlb_global_invalidate},
     * {@code vtd_iotlb_domain_invalidate}, {@code vtd_iotlb_page_invalidate}: a watched space of
     * the domain resyncs (MAP notifiers) or gets UNMAP of everything (global, domain) or of the
     * pages (page).
     *
     * @return false for granularity 0 or {@code am} above MAMV (nothing done)
     */
    boolean invalidateIotlb(int granularity, int domainId, long addr, int am) {
        if (granularity == 0 || granularity == GRANULARITY_SELECTIVE && am > VtdInvalidationQueue.MAMV) {
            return false;
        }
        long mask = (0x1000L << am) - 1;
        long first = addr & ~mask;
        for (VtdAddressSpace s : spaces.values()) {
            if (!s.hasNotifiers() || granularity != GRANULARITY_GLOBAL && s.domainId() != domainId) {
                continue;
            }
            if (granularity != GRANULARITY_SELECTIVE) {
                s.syncAll();
            } else if (s.hasMapNotifier()) {
                s.sync(first, first | mask);
            } else {
                s.unmapRange(IommuNotifierFlag.UNMAP, memory, first, mask);
            }
        }
        return true;
    }

    /**
     * A device-IOTLB invalidation of {@code [addr, addr | mask]}: DEVIOTLB_UNMAP over the IOMMU
     * region of the function {@code sourceId} names (the event's target is the function's own
     * space, as QEMU's), nothing if there is none. QEMU: the notification in
     * {@code vtd_process_device_iotlb_desc}.
     */
    void invalidateDeviceIotlb(int sourceId, long addr, long mask) {
        VtdAddressSpace s = sourceId >>> 8 == 0 ? spaces.get(sourceId & 0xff) : null;
        if (s != null) {
            s.unmapRange(IommuNotifierFlag.DEVIOTLB_UNMAP, s.addressSpace(), addr, mask);
        }
    }

    // ---------------------------------------------------------------- faults

    /**
     * Records a primary fault in the single fault recording register (setting PPF, which raises
     * the fault event), or sets PFO if it is full. QEMU: {@code vtd_report_dmar_fault}.
     */
    synchronized void recordFault(int sourceId, int reason, long addr, IommuAccessFlags flag, boolean disabled) {
        if (disabled || flag == IommuAccessFlags.NONE) {
            return;
        }
        long hi = regs.getLong(FRCD + 8);
        if ((hi & FRCD_F) != 0) {
            regs.putInt(FSTS, regs.getInt(FSTS) | FSTS_PFO);
            return;
        }
        regs.putLong(FRCD, addr & ~0xfffL);
        regs.putLong(FRCD + 8, FRCD_F | (flag == IommuAccessFlags.WO ? 0 : FRCD_T) | (long) reason << 32 | sourceId);
        int before = regs.getInt(FSTS);
        regs.putInt(FSTS, before | FSTS_PPF);
        faultEvent(before);
    }

    /** Writing 1 to FRCD.F clears the record (and PPF with it). */
    private void clearFault(long hiWrite) {
        if ((hiWrite & FRCD_F) != 0) {
            regs.putLong(FRCD + 8, 0);
            regs.putInt(FSTS, regs.getInt(FSTS) & ~FSTS_PPF);
        }
    }

    @Override
    public String toString() {
        return "IntelIommu[" + owner + "]";
    }
}
