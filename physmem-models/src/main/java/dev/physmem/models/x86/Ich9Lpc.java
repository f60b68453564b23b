package dev.physmem.models.x86;

import dev.physmem.MemorySystem;
import dev.physmem.models.Regions;
import dev.physmem.models.pci.PciConfigSpace;
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
 * <h2>Configuration registers</h2>
 * PMBASE (0x40, dword: base in bits 15:7, reset 0x1; QEMU's write mask leaves bits 15:7 and,
 * by a quirk of {@code ich9_lpc_realize}, bits 7 and 2:0 writable), ACPI_CNTL (0x44, bit 7
 * ACPI_EN) and RCBA (0xf0, dword: base in bits 31:14, bit 0 enable); a guest's configuration
 * write and the typed setters take the same path ({@code ich9_lpc_config_write},
 * {@code ich9_lpc_pmbase_sci_update}, {@code ich9_lpc_rcba_update}). Header: 8086:2918,
 * revision 2, class 0x0601, multi-function.
 *
 * <p>Every mutator changes the region tree inside one transaction.
 */
public final class Ich9Lpc {
    /** The reset control port. */
    public static final int RESET_CONTROL_PORT = 0xcf9;
    /** Size of the root complex register block. */
    public static final long RCRB_SIZE = 0x4000;
    /** PMBASE's offset. */
    public static final int PMBASE = 0x40;
    /** ACPI_CNTL's offset. */
    public static final int ACPI_CNTL = 0x44;
    /** ACPI_CNTL's ACPI_EN bit. */
    public static final int ACPI_EN = 0x80;
    /** RCBA's offset. */
    public static final int RCBA = 0xf0;
    /** RCBA's enable bit. */
    public static final int RCBA_EN = 0x1;
    private static final int PMBASE_ALIGN = 0x80;
    private static final int PMBASE_MASK = 0xff80;
    private static final long RCBA_MASK = 0xffff_c000L;

    private final MemorySystem system;
    private final PcMemoryMap memory;
    private final PciFunction function;
    private final PciConfigSpace config;
    private final ContainerRegion pm;
    private final IoRegion rcrb;
    private boolean rcrbMapped;

    Ich9Lpc(PcBoard board, Owner owner) {
        system = board.system;
        memory = board.memory;
        function = board.pciBus.addFunction("ICH9-LPC", owner, 0xf8);
        function.initHeader(0x8086, 0x2918, 0x02, 0x06_0100, true);
        config = function.config();
        config.setWriteMask(PMBASE, PMBASE_MASK | ACPI_EN | 0x7, 4);
        config.set(PMBASE, 0x1, 4);
        IoRegion io = memory.io();
        pm = AcpiRegions.pmBlock(io, owner, "ich9-pm", 0x80);
        Regions.map(pm, 0x20, owner, "acpi-gpe0", 0x10);
        Regions.map(pm, 0x30, owner, "acpi-smi", 8);
        Regions.map(pm, 0x60, owner, "sm-tco", 0x20);
        AcpiRegions.apm(io, owner);
        AcpiRegions.hotplug(io, owner, 0xcc0, 0xcd8);
        io.addSubregionOverlap(RESET_CONTROL_PORT, Regions.registers(system, owner, "lpc-reset-control", 1), 1);
        rcrb = Regions.registers(system, owner, "lpc-rcrb-mmio", RCRB_SIZE);
        function.setConfigWriteHandler(this::configWritten);
    }

    /** QEMU: {@code ich9_lpc_config_write}. */
    private void configWritten(int offset, int length) {
        if (PciConfigSpace.overlaps(offset, length, PMBASE, 4) || PciConfigSpace.overlaps(offset, length, ACPI_CNTL, 1)) {
            applyPm();
        }
        if (PciConfigSpace.overlaps(offset, length, RCBA, 4)) {
            applyRcba();
        }
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
        function.configWrite(PMBASE, (config.get(PMBASE, 4) & ~PMBASE_MASK) | port, 4);
    }

    /** Sets ACPI_CNTL's ACPI_EN: whether the ACPI PM block decodes at PMBASE. */
    public void setAcpiEnabled(boolean enabled) {
        long value = config.get(ACPI_CNTL, 1);
        function.configWrite(ACPI_CNTL, enabled ? value | ACPI_EN : value & ~ACPI_EN, 1);
    }

    /** PMBASE's base. */
    public int pmBase() {
        return (int) config.get(PMBASE, 4) & PMBASE_MASK;
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
        function.configWrite(RCBA, base | (enabled ? RCBA_EN : 0), 4);
    }

    /** Maps the root complex register block as RCBA says; called in a transaction. QEMU: {@code ich9_lpc_rcba_update}. */
    private void applyRcba() {
        long rcba = config.get(RCBA, 4);
        if (rcrbMapped) {
            memory.systemMemory().delSubregion(rcrb);
            rcrbMapped = false;
        }
        if ((rcba & RCBA_EN) != 0) {
            memory.systemMemory().addSubregionOverlap(rcba & RCBA_MASK, rcrb, 1);
            rcrbMapped = true;
        }
    }

    /** Whether the root complex register block is mapped. */
    public boolean isRcbaEnabled() {
        return rcrbMapped;
    }

    /** QEMU: {@code ich9_lpc_pmbase_sci_update} and {@code ich9_pm_iospace_update}; called in a transaction. */
    private void applyPm() {
        int base = (config.get(ACPI_CNTL, 1) & ACPI_EN) != 0 ? pmBase() : 0;
        pm.setEnabled(base != 0);
        pm.setAddress(base);
    }
}
