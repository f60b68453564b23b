package dev.physmem.models.x86;

import dev.physmem.MemorySystem;
import dev.physmem.models.Regions;
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
 * <p>Bases are port numbers aligned to 64 bytes, as the registers store them. Every mutator
 * changes the region tree inside one transaction.
 */
public final class Piix4Pm {
    /** The SMBus base QEMU's {@code pc} board gives PIIX4 at reset. */
    public static final int RESET_SMBUS_BASE = 0xb100;
    private static final int BASE_ALIGN = 0x40;

    private final MemorySystem system;
    private final PciFunction function;
    private final ContainerRegion pm;
    private final IoRegion smbus;
    private int pmBase;
    private boolean pmEnabled;
    private int smbusBase = RESET_SMBUS_BASE;
    private boolean smbusEnabled = true;

    Piix4Pm(PcBoard board, Owner owner) {
        system = board.system;
        function = board.pciBus.addFunction("PIIX4_PM", owner, 0x0b);
        IoRegion io = board.memory.io();
        AcpiRegions.apm(io, owner);
        smbus = Regions.map(io, smbusBase, owner, "pm-smbus", 0x40);
        pm = AcpiRegions.pmBlock(io, owner, "piix4-pm", 0x40);
        Regions.map(io, 0xafe0, owner, "acpi-gpe0", 4);
        AcpiRegions.hotplug(io, owner, 0xae00, 0xaf00);
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
        pmBase = checkBase("pmBase", port);
        applyPm();
    }

    /** Sets PMREGMISC's enable bit: whether the ACPI PM block decodes. */
    public void setPmEnabled(boolean enabled) {
        pmEnabled = enabled;
        applyPm();
    }

    /**
     * Programs SMBBA, the base port of the SMBus host.
     *
     * @throws IllegalArgumentException if {@code port} is not a 64-byte aligned port number
     */
    public void setSmbusBase(int port) {
        smbusBase = checkBase("smbusBase", port);
        applySmbus();
    }

    /** Sets SMBHSTCFG's enable bit: whether the SMBus host decodes. */
    public void setSmbusEnabled(boolean enabled) {
        smbusEnabled = enabled;
        applySmbus();
    }

    /** PMBA. */
    public int pmBase() {
        return pmBase;
    }

    /** SMBBA. */
    public int smbusBase() {
        return smbusBase;
    }

    private void applyPm() {
        try (var _ = system.transaction()) {
            pm.setEnabled(pmEnabled);
            pm.setAddress(pmBase);
        }
    }

    private void applySmbus() {
        try (var _ = system.transaction()) {
            smbus.setEnabled(smbusEnabled);
            smbus.setAddress(smbusBase);
        }
    }

    private static int checkBase(String what, int port) {
        if (port < 0 || port > 0xffff || port % BASE_ALIGN != 0) {
            throw new IllegalArgumentException(what + " must be a 64-byte aligned port: " + what + "=0x"
                    + Integer.toHexString(port));
        }
        return port;
    }
}
