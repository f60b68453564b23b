package dev.physmem.models.x86;

import dev.physmem.MemorySystem;
import dev.physmem.models.Regions;
import dev.physmem.models.pci.PciFunction;
import dev.physmem.region.ContainerRegion;
import dev.physmem.region.IoRegion;
import dev.physmem.region.Owner;

/**
 * The ICH9 LPC bridge (function 1f.0) of the {@code q35} machine: the ACPI PM block
 * ({@code ich9-pm}, placed by PMBASE and switched by ACPI_CNTL's ACPI_EN), the APM ports, the
 * hot-plug registers, the reset control port at 0xcf9 (priority 1) and the chipset
 * configuration registers ({@code lpc-rcrb-mmio}, placed by RCBA at priority 1 in system
 * memory). QEMU counterpart: {@code ICH9LPCState} with {@code ich9_lpc_pmbase_sci_update},
 * {@code ich9_pm_iospace_update} and {@code ich9_lpc_rcba_update} (hw/isa/lpc_ich9.c,
 * hw/acpi/ich9.c).
 *
 * <p>Every mutator changes the region tree inside one transaction.
 */
public final class Ich9Lpc {
    /** The reset control port. */
    public static final int RESET_CONTROL_PORT = 0xcf9;
    /** Size of the root complex register block. */
    public static final long RCRB_SIZE = 0x4000;
    private static final int PMBASE_ALIGN = 0x80;

    private final MemorySystem system;
    private final PcMemoryMap memory;
    private final PciFunction function;
    private final ContainerRegion pm;
    private final IoRegion rcrb;
    private int pmBase;
    private boolean acpiEnabled;
    private boolean rcrbMapped;

    Ich9Lpc(PcBoard board, Owner owner) {
        system = board.system;
        memory = board.memory;
        function = board.pciBus.addFunction("ICH9-LPC", owner, 0xf8);
        IoRegion io = memory.io();
        pm = AcpiRegions.pmBlock(io, owner, "ich9-pm", 0x80);
        Regions.map(pm, 0x20, owner, "acpi-gpe0", 0x10);
        Regions.map(pm, 0x30, owner, "acpi-smi", 8);
        Regions.map(pm, 0x60, owner, "sm-tco", 0x20);
        AcpiRegions.apm(io, owner);
        AcpiRegions.hotplug(io, owner, 0xcc0, 0xcd8);
        io.addSubregionOverlap(RESET_CONTROL_PORT, Regions.registers(system, owner, "lpc-reset-control", 1), 1);
        rcrb = Regions.registers(system, owner, "lpc-rcrb-mmio", RCRB_SIZE);
    }

    /** The PCI function. */
    public PciFunction function() {
        return function;
    }

    /**
     * Programs PMBASE, the base port of the ACPI PM block.
     *
     * @throws IllegalArgumentException if {@code port} is not a 128-byte aligned port number
     */
    public void setPmBase(int port) {
        if (port < 0 || port > 0xffff || port % PMBASE_ALIGN != 0) {
            throw new IllegalArgumentException("pmBase must be a 128-byte aligned port: pmBase=0x"
                    + Integer.toHexString(port));
        }
        pmBase = port;
        applyPm();
    }

    /** Sets ACPI_CNTL's ACPI_EN: whether the ACPI PM block decodes at PMBASE. */
    public void setAcpiEnabled(boolean enabled) {
        acpiEnabled = enabled;
        applyPm();
    }

    /** PMBASE. */
    public int pmBase() {
        return pmBase;
    }

    /**
     * Programs RCBA: the root complex register block at {@code base}, decoding while
     * {@code enabled}.
     *
     * @throws IllegalArgumentException if {@code base} is not a 16 KiB aligned address below 4 GiB
     */
    public void setRcba(long base, boolean enabled) {
        if (base < 0 || base >= RamSplit.FOUR_GIB || base % RCRB_SIZE != 0) {
            throw new IllegalArgumentException("RCBA must be a 16 KiB aligned address below 4 GiB: base=0x"
                    + Long.toHexString(base));
        }
        try (var _ = system.transaction()) {
            if (rcrbMapped) {
                memory.systemMemory().delSubregion(rcrb);
                rcrbMapped = false;
            }
            if (enabled) {
                memory.systemMemory().addSubregionOverlap(base, rcrb, 1);
                rcrbMapped = true;
            }
        }
    }

    /** Whether the root complex register block is mapped. */
    public boolean isRcbaEnabled() {
        return rcrbMapped;
    }

    private void applyPm() {
        int base = acpiEnabled ? pmBase : 0;
        try (var _ = system.transaction()) {
            pm.setEnabled(base != 0);
            pm.setAddress(base);
        }
    }
}
