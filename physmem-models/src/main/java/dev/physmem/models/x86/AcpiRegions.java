package dev.physmem.models.x86;

import dev.physmem.models.Regions;
import dev.physmem.region.ContainerRegion;
import dev.physmem.region.MemoryRegion;
import dev.physmem.region.Owner;

/**
 * The ACPI register blocks that PIIX4 PM and ICH9 LPC share. QEMU counterpart:
 * {@code acpi_pm1_evt_init}, {@code acpi_pm1_cnt_init}, {@code acpi_pm_tmr_init},
 * {@code apm_init}, {@code acpi_pcihp_init} and {@code cpu_hotplug_hw_init} (hw/acpi).
 */
final class AcpiRegions {
    /** The APM control/status ports. */
    static final int APM_PORT = 0xb2;

    private AcpiRegions() {
    }

    /**
     * A pure container {@code name} of {@code size} bytes with the PM1 event, PM1 control and PM
     * timer blocks at offsets 0, 4 and 8, mapped disabled at port 0 (where it stays until
     * firmware programs the PM base).
     */
    static ContainerRegion pmBlock(MemoryRegion io, Owner owner, String name, long size) {
        ContainerRegion pm = io.system().initContainer(owner, name, size);
        Regions.map(pm, 0x0, owner, "acpi-evt", 4);
        Regions.map(pm, 0x4, owner, "acpi-cnt", 2);
        Regions.map(pm, 0x8, owner, "acpi-tmr", 4);
        io.addSubregion(0, pm);
        pm.setEnabled(false);
        return pm;
    }

    /** The APM ports at 0xb2. */
    static void apm(MemoryRegion io, Owner owner) {
        Regions.map(io, APM_PORT, owner, "apm-io", 2);
    }

    /** The PCI and CPU hot-plug register blocks at the given ports. */
    static void hotplug(MemoryRegion io, Owner owner, int pciHotplugPort, int cpuHotplugPort) {
        Regions.map(io, pciHotplugPort, owner, "acpi-pci-hotplug", 0x18);
        Regions.map(io, cpuHotplugPort, owner, "acpi-cpu-hotplug", 0x20);
    }
}
