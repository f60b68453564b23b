package dev.physmem.models.x86;

import dev.physmem.MemorySystem;
import dev.physmem.models.pci.PciConfigSpace;
import dev.physmem.models.pci.PciFunction;
import dev.physmem.region.AliasRegion;
import dev.physmem.region.ContainerRegion;
import dev.physmem.region.IoRegion;
import dev.physmem.region.MemoryRegion;
import dev.physmem.region.Owner;
import java.util.Objects;

/**
 * SMRAM of the Q35 MCH: the compatible SMRAM of {@link Smram}, plus high SMRAM (the same RAM
 * seen at {@code 0xfeda0000}), TSEG (the top of RAM below 4 GiB, hidden from non-SMM code by a
 * blackhole) and QEMU's SMRAM at SMBASE ({@code 0x30000-0x4ffff}, likewise). QEMU counterpart:
 * the SMRAM parts of {@code mch_realize}, {@code mch_update_smram} and
 * {@code mch_update_smbase_smram} (hw/pci-host/q35.c).
 *
 * <h2>Regions</h2>
 * In system memory, all at priority 1: {@code smram-region} (alias of PCI over 0xa0000),
 * {@code smram-open-high} (alias of RAM 0xa0000 at 0xfeda0000), {@code tseg-blackhole} and
 * {@code smbase-blackhole}. In the {@code smram} container that the SMM view overlays:
 * {@code smram-low}, {@code smram-high}, {@code tseg-window} and {@code smbase-window}, all
 * aliases of RAM.
 *
 * <h2>Registers</h2>
 * {@code SMRAM} (see {@link Smram}); {@code ESMRAMC}: bit 7 {@code H_SMRAME}, bits 2:1
 * {@code TSEG_SZ}, bit 0 {@code T_EN} writable until {@code D_LCK}, bits 5:3 read as 1, reset
 * value {@code 0x38}; {@code F_SMBASE}: QEMU's SMBASE negotiation register (write {@code 0xff}
 * to query, then {@code 0x02} to lock); {@code EXT_TSEG_MBYTES}: QEMU's extended-TSEG query
 * (write {@code 0xffff}, read back the size in MiB). All are bytes of the MCH's configuration
 * space (0x9d, 0x9e, 0x9c, 0x50) whose write masks carry the locks, as in QEMU; a guest's
 * configuration write and the typed methods take the same path. An ESMRAMC value that asks
 * for a TSEG larger than the RAM below 4 GiB is stored, but maps no TSEG (QEMU would place it
 * at a wrapped-around address; the typed methods refuse it).
 */
public final class MchSmram extends Smram {
    /** ESMRAMC: high SMRAM enable. */
    public static final int H_SMRAME = 0x80;
    /** ESMRAMC: the TSEG size field ({@link TsegSize}). */
    public static final int TSEG_SZ = 0x06;
    /** ESMRAMC: TSEG enable. */
    public static final int T_EN = 0x01;
    /** ESMRAMC's value after reset. */
    public static final int ESMRAMC_RESET_VALUE = 0x38;
    /** Where high SMRAM and {@code smram-open-high} appear. */
    public static final long HIGH_BASE = 0xfeda_0000L;
    /** Start of QEMU's SMRAM at SMBASE. */
    public static final long SMBASE_ADDR = 0x3_0000L;
    /** Size of QEMU's SMRAM at SMBASE. */
    public static final long SMBASE_SIZE = 0x2_0000L;
    /** F_SMBASE: the value that asks whether SMRAM at SMBASE is available. */
    public static final int F_SMBASE_QUERY = 0xff;
    /** F_SMBASE: the answer that it is, and the value that locks it. */
    public static final int F_SMBASE_IN_RAM = 0x01;
    /** F_SMBASE: lock bit. */
    public static final int F_SMBASE_LCK = 0x02;

    /** SMRAM's offset in the MCH's configuration space ({@code MCH_HOST_BRIDGE_SMRAM}). */
    static final int SMRAM_OFFSET = 0x9d;
    /** ESMRAMC's offset ({@code MCH_HOST_BRIDGE_ESMRAMC}). */
    static final int ESMRAMC_OFFSET = 0x9e;
    /** F_SMBASE's offset ({@code MCH_HOST_BRIDGE_F_SMBASE}). */
    static final int F_SMBASE_OFFSET = 0x9c;
    /** EXT_TSEG_MBYTES's offset, a word ({@code MCH_HOST_BRIDGE_EXT_TSEG_MBYTES}). */
    static final int EXT_TSEG_MBYTES_OFFSET = 0x50;
    /** EXT_TSEG_MBYTES: the value that asks for the extended TSEG's size. */
    public static final int EXT_TSEG_MBYTES_QUERY = 0xffff;
    private static final int ESMRAMC_WRITABLE = H_SMRAME | TSEG_SZ | T_EN;

    private final MemoryRegion systemMemory;
    private final long below4g;
    private final int extendedTsegMbytes;
    private final AliasRegion smramRegion;
    private final AliasRegion openHigh;
    private final ContainerRegion smram;
    private final AliasRegion low;
    private final AliasRegion high;
    private final IoRegion tsegBlackhole;
    private final AliasRegion tsegWindow;
    private final IoRegion smbaseBlackhole;
    private final AliasRegion smbaseWindow;
    private final PciConfigSpace config;

    MchSmram(MemorySystem system, Owner owner, PcMemoryMap memory, int extendedTsegMbytes, PciFunction function) {
        super("mch", function, SMRAM_OFFSET);
        config = function.config();
        config.set(ESMRAMC_OFFSET, ESMRAMC_RESET_VALUE, 1);
        config.setWriteMask(ESMRAMC_OFFSET, ESMRAMC_WRITABLE, 1);
        config.set(F_SMBASE_OFFSET, 0, 1);
        if (extendedTsegMbytes > 0) {
            config.set(EXT_TSEG_MBYTES_OFFSET, EXT_TSEG_MBYTES_QUERY, 2);
        }
        this.systemMemory = memory.systemMemory();
        this.below4g = memory.split().below4g();
        this.extendedTsegMbytes = extendedTsegMbytes;
        MemoryRegion ram = memory.ram();
        smramRegion = system.initAlias(owner, "smram-region", memory.pci(), C_BASE, C_SIZE);
        openHigh = system.initAlias(owner, "smram-open-high", ram, C_BASE, C_SIZE);
        smram = system.initContainer(owner, "smram", RamSplit.FOUR_GIB);
        low = system.initAlias(owner, "smram-low", ram, C_BASE, C_SIZE);
        high = system.initAlias(owner, "smram-high", ram, C_BASE, C_SIZE);
        tsegBlackhole = system.initIo(owner, Blackhole.INSTANCE, "tseg-blackhole", 0);
        tsegWindow = system.initAlias(owner, "tseg-window", ram, below4g, 0);
        smbaseBlackhole = system.initIo(owner, Blackhole.INSTANCE, "smbase-blackhole", SMBASE_SIZE);
        smbaseWindow = system.initAlias(owner, "smbase-window", ram, SMBASE_ADDR, SMBASE_SIZE);
        try (var _ = system.transaction()) {
            systemMemory.addSubregionOverlap(C_BASE, smramRegion, 1);
            systemMemory.addSubregionOverlap(HIGH_BASE, openHigh, 1);
            smram.addSubregion(C_BASE, low);
            smram.addSubregion(HIGH_BASE, high);
            systemMemory.addSubregionOverlap(below4g, tsegBlackhole, 1);
            smram.addSubregion(below4g, tsegWindow);
            systemMemory.addSubregionOverlap(SMBASE_ADDR, smbaseBlackhole, 1);
            smram.addSubregion(SMBASE_ADDR, smbaseWindow);
            update();
            updateSmbase();
        }
    }

    @Override
    public MemoryRegion region() {
        return smram;
    }

    /** The ESMRAMC register's current value. */
    public int esmramcRegister() {
        return (int) config.get(ESMRAMC_OFFSET, 1);
    }

    @Override
    void lockExtendedRegisters() {
        config.setWriteMask(ESMRAMC_OFFSET, 0, 1);
    }

    /** Whether a configuration write touched SMRAM or ESMRAMC ({@code MCH_HOST_BRIDGE_SMRAM_SIZE} is 2). */
    static boolean coversSmram(int offset, int length) {
        return PciConfigSpace.overlaps(offset, length, SMRAM_OFFSET, 2);
    }

    /**
     * After a configuration write that touched EXT_TSEG_MBYTES: a query reads back the extended
     * TSEG's size in MiB. QEMU: {@code mch_update_ext_tseg_mbytes}.
     */
    void extTsegWritten() {
        if (extendedTsegMbytes > 0 && config.get(EXT_TSEG_MBYTES_OFFSET, 2) == EXT_TSEG_MBYTES_QUERY) {
            config.set(EXT_TSEG_MBYTES_OFFSET, extendedTsegMbytes, 2);
        }
    }

    /**
     * Writes ESMRAMC as firmware does; read-only once SMRAM is locked.
     *
     * @throws IllegalArgumentException if {@code value} is not a byte, or it enables a TSEG
     *     larger than the RAM below 4 GiB (which no firmware can mean)
     */
    public void writeEsmramcRegister(int value) {
        if (value < 0 || value > 0xff) {
            throw new IllegalArgumentException("ESMRAMC register value is a byte: value=" + value);
        }
        int writable = (int) config.writeMask(ESMRAMC_OFFSET, 1);
        int next = (esmramcRegister() & ~writable) | (value & writable);
        long size = (next & T_EN) == 0 ? 0 : TsegSize.ofRegister(next).bytes(extendedTsegMbytes);
        if (size > below4g) {
            throw new IllegalArgumentException("TSEG larger than RAM below 4 GiB: tseg=0x" + Long.toHexString(size)
                    + " below4g=0x" + Long.toHexString(below4g));
        }
        function.configWrite(ESMRAMC_OFFSET, value, 1);
    }

    /** Whether high SMRAM is enabled ({@code H_SMRAME}). */
    public boolean isHighSmramEnabled() {
        return (esmramcRegister() & H_SMRAME) != 0;
    }

    /**
     * Moves SMRAM to high SMRAM ({@code H_SMRAME}): SMM code then sees it at 0xfeda0000 instead
     * of 0xa0000.
     *
     * @throws IllegalStateException if SMRAM is locked
     */
    public void setHighSmramEnabled(boolean enabled) {
        requireUnlocked("setHighSmramEnabled");
        int esmramc = esmramcRegister();
        writeEsmramcRegister(enabled ? esmramc | H_SMRAME : esmramc & ~H_SMRAME);
    }

    /**
     * Enables TSEG of {@code size} at the top of RAM below 4 GiB. TSEG takes effect only while
     * {@code G_SMRAME} is set.
     *
     * @throws IllegalStateException if SMRAM is locked
     * @throws IllegalArgumentException if TSEG would be larger than the RAM below 4 GiB
     */
    public void enableTseg(TsegSize size) {
        Objects.requireNonNull(size, "size");
        requireUnlocked("enableTseg");
        writeEsmramcRegister((esmramcRegister() & ~TSEG_SZ) | size.bits() | T_EN);
    }

    /**
     * Disables TSEG.
     *
     * @throws IllegalStateException if SMRAM is locked
     */
    public void disableTseg() {
        requireUnlocked("disableTseg");
        writeEsmramcRegister(esmramcRegister() & ~T_EN);
    }

    /** Bytes of TSEG in effect now: 0 unless {@code T_EN} and {@code G_SMRAME} are both set. */
    public long tsegBytes() {
        int esmramc = esmramcRegister();
        if ((esmramc & T_EN) == 0 || !isEnabled()) {
            return 0;
        }
        return TsegSize.ofRegister(esmramc).bytes(extendedTsegMbytes);
    }

    /** The F_SMBASE register's current value. */
    public int smbaseRegister() {
        return (int) config.get(F_SMBASE_OFFSET, 1);
    }

    /**
     * Writes QEMU's F_SMBASE register as firmware does: {@code 0xff} queries the feature (it
     * answers {@code 0x01}), and after a query {@code 0x02} locks SMRAM at SMBASE until reset;
     * any other write before a query reads back 0.
     *
     * @throws IllegalArgumentException if {@code value} is not a byte
     */
    public void writeSmbaseRegister(int value) {
        if (value < 0 || value > 0xff) {
            throw new IllegalArgumentException("F_SMBASE register value is a byte: value=" + value);
        }
        function.configWrite(F_SMBASE_OFFSET, value, 1);
    }

    /**
     * After a configuration write that touched F_SMBASE: a query answers and leaves only the
     * lock bit writable; a write before any query is discarded; the lock bit locks. Called in a
     * transaction. QEMU: {@code mch_update_smbase_smram}.
     */
    void smbaseWritten() {
        int reg = smbaseRegister();
        int writable = (int) config.writeMask(F_SMBASE_OFFSET, 1);
        if (reg == F_SMBASE_QUERY) {
            config.setWriteMask(F_SMBASE_OFFSET, F_SMBASE_LCK, 1);
            config.set(F_SMBASE_OFFSET, F_SMBASE_IN_RAM, 1);
            return;
        }
        if (writable == 0xff) {
            reg = 0;
        }
        if ((reg & F_SMBASE_LCK) != 0) {
            config.setWriteMask(F_SMBASE_OFFSET, writable & ~F_SMBASE_LCK, 1);
            reg = F_SMBASE_LCK;
        }
        config.set(F_SMBASE_OFFSET, reg, 1);
        updateSmbase();
    }

    /** Whether SMRAM at SMBASE is locked (hidden from non-SMM code). */
    public boolean isSmbaseLocked() {
        return (smbaseRegister() & F_SMBASE_LCK) != 0;
    }

    /** Negotiates and locks SMRAM at SMBASE, as OVMF does; locking again does nothing. */
    public void lockSmbase() {
        if (isSmbaseLocked()) {
            return;
        }
        if (config.writeMask(F_SMBASE_OFFSET, 1) == 0xff) {
            writeSmbaseRegister(F_SMBASE_QUERY);
        }
        writeSmbaseRegister(F_SMBASE_LCK);
    }

    @Override
    void update() {
        boolean highSmram = isHighSmramEnabled();
        if (isOpen()) {
            smramRegion.setEnabled(highSmram);
            openHigh.setEnabled(highSmram);
        } else {
            smramRegion.setEnabled(true);
            openHigh.setEnabled(false);
        }
        low.setEnabled(isEnabled() && !highSmram);
        high.setEnabled(isEnabled() && highSmram);
        long tseg = tsegBytes() <= below4g ? tsegBytes() : 0;
        systemMemory.delSubregion(tsegBlackhole);
        tsegBlackhole.setEnabled(tseg != 0);
        tsegBlackhole.setSize(tseg);
        systemMemory.addSubregionOverlap(below4g - tseg, tsegBlackhole, 1);
        tsegWindow.setEnabled(tseg != 0);
        tsegWindow.setSize(tseg);
        tsegWindow.setAddress(below4g - tseg);
        tsegWindow.setAliasOffset(below4g - tseg);
    }

    private void updateSmbase() {
        boolean locked = isSmbaseLocked();
        smbaseBlackhole.setEnabled(locked);
        smbaseWindow.setEnabled(locked);
    }
}
