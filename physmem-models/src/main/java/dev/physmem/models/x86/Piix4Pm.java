package dev.physmem.models.x86;

import dev.physmem.MemorySystem;
import dev.physmem.models.Regions;
import dev.physmem.models.pci.PciConfigSpace;
import dev.physmem.models.pci.PciFunction;
import dev.physmem.region.ContainerRegion;
import dev.physmem.region.IoRegion;
import dev.physmem.region.Owner;

/**
 * The PIIX4 power management function (01.3) of the {@code pc} machine: the ACPI PM block
 * ({@code piix4-pm}, relocated by the PMBA register and switched by PMREGMISC), the SMBus host
 * ({@code pm-smbus}, relocated by SMBBA and switched by SMBHSTCFG; QEMU starts it at 0xb100,
 * enabled), the APM ports, the GPE0 block and the hot-plug registers. QEMU counterpart:
 * {@code PIIX4PMState} with {@code pm_io_space_update} and {@code smbus_io_space_update}
 * (hw/acpi/piix4.c).
 *
 * <h2>Configuration registers</h2>
 * PMBA (0x40, dword, base in bits 15:6), PMREGMISC (0x80, bit 0 enables the PM block), SMBBA
 * (0x90, dword, base in bits 15:6) and SMBHSTCFG (0xd2, bit 0 enables the SMBus host), all
 * writable in full as in QEMU; a guest's configuration write and the typed setters take the
 * same path ({@code pm_write_config}, {@code pm_io_space_update}, {@code smbus_io_space_update}).
 * Header: 8086:7113, revision 3, class 0x0680, status 0x0280, interrupt pin A.
 *
 * <p>Bases are port numbers aligned to 64 bytes, as the registers store them. Every mutator
 * changes the region tree inside one transaction.
 */
public final class Piix4Pm {
    /** The SMBus base QEMU's {@code pc} board gives PIIX4 at reset. */
    public static final int RESET_SMBUS_BASE = 0xb100;
    /** PMBA's offset. */
    public static final int PMBA = 0x40;
    /** PMREGMISC's offset. */
    public static final int PMREGMISC = 0x80;
    /** SMBBA's offset. */
    public static final int SMBBA = 0x90;
    /** SMBHSTCFG's offset. */
    public static final int SMBHSTCFG = 0xd2;
    private static final int BASE_ALIGN = 0x40;
    private static final int BASE_MASK = 0xffc0;

    private final MemorySystem system;
    private final PciFunction function;
    private final PciConfigSpace config;
    private final ContainerRegion pm;
    private final IoRegion smbus;

    Piix4Pm(PcBoard board, Owner owner) {
        system = board.system;
        function = board.pciBus.addFunction("PIIX4_PM", owner, 0x0b);
        function.initHeader(0x8086, 0x7113, 0x03, 0x06_8000, false);
        config = function.config();
        config.set(PciConfigSpace.STATUS, 0x0280, 2);
        config.set(PciConfigSpace.INTERRUPT_PIN, 1, 1);
        config.set(PMBA, 0x01, 4);
        config.set(SMBBA, RESET_SMBUS_BASE | 1, 4);
        config.set(SMBHSTCFG, 0x09, 1);
        IoRegion io = board.memory.io();
        AcpiRegions.apm(io, owner);
        smbus = Regions.map(io, smbusBase(), owner, "pm-smbus", 0x40);
        pm = AcpiRegions.pmBlock(io, owner, "piix4-pm", 0x40);
        Regions.map(io, 0xafe0, owner, "acpi-gpe0", 4);
        AcpiRegions.hotplug(io, owner, 0xae00, 0xaf00);
        function.setConfigWriteHandler(this::configWritten);
    }

    /** QEMU: {@code pm_write_config}. */
    private void configWritten(int offset, int length) {
        if (PciConfigSpace.overlaps(offset, length, PMREGMISC, 1) || PciConfigSpace.overlaps(offset, length, PMBA, 4)) {
            applyPm();
        }
        if (PciConfigSpace.overlaps(offset, length, SMBHSTCFG, 1) || PciConfigSpace.overlaps(offset, length, SMBBA, 4)) {
            applySmbus();
        }
    }

    /** The PCI function. */
    public PciFunction function() {
        return function;
    }

    /**
     * Programs PMBA, the base port of the ACPI PM block.
     *
     * @throws IllegalArgumentException if {@code port} is not a 64-byte aligned port number
     */
    public void setPmBase(int port) {
        writeBase(PMBA, checkBase("pmBase", port));
    }

    /** Sets PMREGMISC's enable bit: whether the ACPI PM block decodes. */
    public void setPmEnabled(boolean enabled) {
        writeEnable(PMREGMISC, enabled);
    }

    /**
     * Programs SMBBA, the base port of the SMBus host.
     *
     * @throws IllegalArgumentException if {@code port} is not a 64-byte aligned port number
     */
    public void setSmbusBase(int port) {
        writeBase(SMBBA, checkBase("smbusBase", port));
    }

    /** Sets SMBHSTCFG's enable bit: whether the SMBus host decodes. */
    public void setSmbusEnabled(boolean enabled) {
        writeEnable(SMBHSTCFG, enabled);
    }

    /** PMBA's base. */
    public int pmBase() {
        return (int) config.get(PMBA, 4) & BASE_MASK;
    }

    /** SMBBA's base. */
    public int smbusBase() {
        return (int) config.get(SMBBA, 4) & BASE_MASK;
    }

    private void writeBase(int offset, int port) {
        function.configWrite(offset, (config.get(offset, 4) & ~BASE_MASK) | port, 4);
    }

    private void writeEnable(int offset, boolean enabled) {
        long value = config.get(offset, 1);
        function.configWrite(offset, enabled ? value | 1 : value & ~1, 1);
    }

    /** QEMU: {@code pm_io_space_update}; called in a transaction. */
    private void applyPm() {
        pm.setEnabled((config.get(PMREGMISC, 1) & 1) != 0);
        pm.setAddress(pmBase());
    }

    /** QEMU: {@code smbus_io_space_update}; called in a transaction. */
    private void applySmbus() {
        smbus.setEnabled((config.get(SMBHSTCFG, 1) & 1) != 0);
        smbus.setAddress(smbusBase());
    }

    private static int checkBase(String what, int port) {
        if (port < 0 || port > 0xffff || port % BASE_ALIGN != 0) {
            throw new IllegalArgumentException(what + " must be a 64-byte aligned port: " + what + "=0x"
                    + Integer.toHexString(port));
        }
        return port;
    }
}
