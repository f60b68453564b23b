package dev.physmem.models.x86;

import dev.physmem.models.pci.PciFunction;
import dev.physmem.region.MemoryRegion;

/**
 * The SMRAM control register of a PC host bridge and the regions it switches: whether the
 * compatible SMRAM at {@code 0xa0000-0xbffff} is visible to SMM code ({@code G_SMRAME}), also to
 * ordinary code ({@code D_OPEN}), and whether the setting is frozen until reset ({@code D_LCK}).
 * QEMU counterpart: the {@code SMRAM} configuration byte (i440FX offset 0x72, MCH offset 0x9d)
 * and the SMRAM half of {@code i440fx_update_memory_mappings} / {@code mch_update_smram}.
 *
 * <h2>Register</h2>
 * Bit 6 {@code D_OPEN}, bit 5 {@code D_CLS}, bit 4 {@code D_LCK}, bit 3 {@code G_SMRAME}, bits
 * 2:0 {@code C_BASE_SEG} (read-only {@code 010}). Reset value {@code 0x02}. Setting
 * {@code D_LCK} clears {@code D_OPEN} and leaves only {@code D_CLS} writable until reset, as the
 * 440FX and MCH data sheets describe. ({@code D_CLS} is stored but, as in QEMU, does not change
 * the map.) The register is a byte of the host bridge's configuration space and the lock is its
 * write mask, as QEMU's {@code mch_update_smram} does it; a guest's configuration write and
 * {@link #writeRegister} take the same path. QEMU 7.2 implements the lock (and the read-only
 * bits 7 and 2:0) for the MCH only; this model implements them for both.
 *
 * <h2>Typed operations</h2>
 * {@link #writeRegister} behaves like the hardware and silently keeps locked bits. The typed
 * operations ({@link #open()}, {@link #close()}, {@link #setEnabled}, {@link #lock()}) state an
 * intent, and an intent the lock forbids is a caller's error: they throw
 * {@link IllegalStateException} instead of doing nothing. Every change updates the region tree in
 * one transaction.
 */
public abstract sealed class Smram permits I440fxSmram, MchSmram {
    /** SMRAM open: SMRAM visible to non-SMM accesses. */
    public static final int D_OPEN = 0x40;
    /** SMRAM closed: SMM data accesses go to PCI (stored, not modelled). */
    public static final int D_CLS = 0x20;
    /** SMRAM locked until reset. */
    public static final int D_LCK = 0x10;
    /** Global SMRAM enable. */
    public static final int G_SMRAME = 0x08;
    /** The read-only compatible-SMRAM base segment field and its value (0xa0000). */
    public static final int C_BASE_SEG = 0x02;
    /** The register's value after reset. */
    public static final int RESET_VALUE = C_BASE_SEG;
    /** Guest-physical start of the compatible SMRAM. */
    public static final long C_BASE = 0xa_0000L;
    /** Size of the compatible SMRAM. */
    public static final long C_SIZE = 0x2_0000L;

    private static final int WRITABLE = D_OPEN | D_CLS | D_LCK | G_SMRAME;
    private static final int WRITABLE_LOCKED = D_CLS;

    final PciFunction function;
    private final String chipset;
    private final int offset;

    /** Puts the register at {@code offset} of {@code function}'s configuration space, at its reset value. */
    Smram(String chipset, PciFunction function, int offset) {
        this.chipset = chipset;
        this.function = function;
        this.offset = offset;
        function.config().set(offset, RESET_VALUE, 1);
        function.config().setWriteMask(offset, WRITABLE, 1);
    }

    /** The {@code smram} region that the CPUs' SMM address spaces overlay on system memory. */
    public abstract MemoryRegion region();

    /** Applies the registers to the region tree; called inside a transaction. */
    abstract void update();

    /** The SMRAM register's current value. */
    public final int register() {
        return (int) function.config().get(offset, 1);
    }

    /**
     * After a configuration write that touched the SMRAM registers: the lock (D_LCK clears
     * D_OPEN and write-protects the registers), then the map. Called in a transaction. QEMU:
     * {@code mch_update_smram}.
     */
    final void registersWritten() {
        if (isLocked()) {
            function.config().set(offset, register() & ~D_OPEN, 1);
            function.config().setWriteMask(offset, WRITABLE_LOCKED, 1);
            lockExtendedRegisters();
        }
        update();
    }

    /** Write-protects a chipset's further SMRAM registers once D_LCK is set. */
    void lockExtendedRegisters() {
    }

    /**
     * Writes the SMRAM register as firmware does through configuration space: bits the lock
     * protects keep their value, and the map follows in one transaction.
     *
     * @throws IllegalArgumentException if {@code newValue} is not a byte
     */
    public final void writeRegister(int newValue) {
        if (newValue < 0 || newValue > 0xff) {
            throw new IllegalArgumentException("SMRAM register value is a byte: chipset=" + chipset
                    + " value=" + newValue);
        }
        function.configWrite(offset, newValue, 1);
    }

    /** Whether SMRAM is open to non-SMM accesses ({@code D_OPEN}). */
    public final boolean isOpen() {
        return (register() & D_OPEN) != 0;
    }

    /** Whether SMRAM is globally enabled ({@code G_SMRAME}). */
    public final boolean isEnabled() {
        return (register() & G_SMRAME) != 0;
    }

    /** Whether the register is locked until reset ({@code D_LCK}). */
    public final boolean isLocked() {
        return (register() & D_LCK) != 0;
    }

    /**
     * Opens SMRAM to non-SMM accesses, as firmware does to install its SMM handler.
     *
     * @throws IllegalStateException if SMRAM is locked
     */
    public final void open() {
        requireUnlocked("open");
        writeRegister(register() | D_OPEN);
    }

    /** Closes SMRAM to non-SMM accesses. Allowed when locked (a locked SMRAM is closed). */
    public final void close() {
        writeRegister(register() & ~D_OPEN);
    }

    /**
     * Sets or clears the global SMRAM enable.
     *
     * @throws IllegalStateException if SMRAM is locked
     */
    public final void setEnabled(boolean enabled) {
        requireUnlocked("setEnabled");
        writeRegister(enabled ? register() | G_SMRAME : register() & ~G_SMRAME);
    }

    /** Locks the SMRAM configuration until reset; closes SMRAM. Locking again does nothing. */
    public final void lock() {
        writeRegister(register() | D_LCK);
    }

    final void requireUnlocked(String operation) {
        if (isLocked()) {
            throw new IllegalStateException("SMRAM is locked: chipset=" + chipset + " operation=" + operation
                    + " register=0x" + Integer.toHexString(register()));
        }
    }
}
