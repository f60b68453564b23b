package dev.physmem.models.pci;

import dev.physmem.MemorySystem;
import dev.physmem.region.MemoryRegion;
import dev.physmem.region.Owner;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * A PCI root bus: the memory and I/O spaces its functions' BARs decode in, the region their DMA
 * reaches, and the functions in the order they were created. QEMU counterpart: {@code PCIBus}
 * ({@code address_space_mem}, {@code address_space_io}) and {@code pcibus_machine_done}.
 */
public final class PciBus {
    /** Device/function numbers on a bus: 32 slots of 8 functions. */
    public static final int DEVFNS = 256;
    /** Functions per slot. */
    public static final int FUNCTIONS_PER_SLOT = 8;

    private final MemorySystem system;
    private final MemoryRegion memorySpace;
    private final MemoryRegion ioSpace;
    private final MemoryRegion dmaRoot;
    private final List<PciFunction> functions = new ArrayList<>();
    private PciIommu iommu;
    private boolean machineDone;

    /**
     * A root bus whose memory BARs map into {@code memorySpace}, I/O BARs into {@code ioSpace},
     * and whose functions' DMA reaches {@code dmaRoot} (until an IOMMU is set up).
     */
    public PciBus(MemorySystem system, MemoryRegion memorySpace, MemoryRegion ioSpace, MemoryRegion dmaRoot) {
        this.system = system;
        this.memorySpace = memorySpace;
        this.ioSpace = ioSpace;
        this.dmaRoot = dmaRoot;
    }

    /** Where memory BARs map. */
    public MemoryRegion memorySpace() {
        return memorySpace;
    }

    /** Where I/O BARs map. */
    public MemoryRegion ioSpace() {
        return ioSpace;
    }

    /**
     * Plugs a function named {@code name} (the device's type name, which also names its
     * bus-master address space) into function 0 of the first slot that has no function, as QEMU
     * places a {@code -device} without {@code addr}. See {@link #addFunction(String, Owner, int)}.
     *
     * @throws IllegalArgumentException if a function of that name exists or every slot is taken
     */
    public PciFunction addFunction(String name, Owner owner) {
        for (int devfn = 0; devfn < DEVFNS; devfn += FUNCTIONS_PER_SLOT) {
            if (slotIsFree(devfn)) {
                return addFunction(name, owner, devfn);
            }
        }
        throw new IllegalArgumentException("no free PCI slot: name=" + name);
    }

    /**
     * Plugs a function named {@code name} at device/function number {@code devfn}
     * ({@code slot << 3 | function}). After {@link #machineDone()} its address space is created
     * at once, as for a hot-plugged device.
     *
     * @throws IllegalArgumentException if a function of that name exists, or {@code devfn} is out
     *     of [0, 256) or taken
     */
    public PciFunction addFunction(String name, Owner owner, int devfn) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(owner, "owner");
        if (devfn < 0 || devfn >= DEVFNS) {
            throw new IllegalArgumentException("devfn out of range [0, 256): name=" + name + " devfn=" + devfn);
        }
        for (PciFunction f : functions) {
            if (f.name().equals(name) || f.devfn() == devfn) {
                throw new IllegalArgumentException("PCI function already on the bus: name=" + name
                        + " devfn=0x" + Integer.toHexString(devfn) + " existing=" + f.name());
            }
        }
        PciFunction function = new PciFunction(system, this, name, owner, devfn);
        functions.add(function);
        if (machineDone) {
            function.initBusMaster(dmaRoot(devfn));
        }
        return function;
    }

    /**
     * Puts an IOMMU in front of the bus's DMA: from now on a function's bus-master alias targets
     * {@link PciIommu#dmaRoot the root the IOMMU gives for its devfn} instead of system memory.
     * QEMU: {@code pci_setup_iommu}.
     *
     * @throws IllegalStateException if the bus already has an IOMMU or the machine is done
     */
    public void setIommu(PciIommu iommu) {
        Objects.requireNonNull(iommu, "iommu");
        if (this.iommu != null || machineDone) {
            throw new IllegalStateException("an IOMMU is set up once, before machine-done: existing=" + this.iommu
                    + " machineDone=" + machineDone);
        }
        this.iommu = iommu;
    }

    /** The region a function's DMA reaches. QEMU: {@code pci_device_iommu_address_space}. */
    private MemoryRegion dmaRoot(int devfn) {
        return iommu == null ? dmaRoot : iommu.dmaRoot(this, devfn);
    }

    private boolean slotIsFree(int devfn) {
        for (PciFunction f : functions) {
            if (f.devfn() / FUNCTIONS_PER_SLOT == devfn / FUNCTIONS_PER_SLOT) {
                return false;
            }
        }
        return true;
    }

    /** The functions in creation order. */
    public List<PciFunction> functions() {
        return Collections.unmodifiableList(functions);
    }

    /**
     * The function a configuration cycle to bus {@code busNumber}, device/function {@code devfn}
     * reaches, or null: this is bus 0 and has no secondary buses. QEMU: {@code pci_find_device}.
     */
    PciFunction find(int busNumber, int devfn) {
        if (busNumber != 0) {
            return null;
        }
        for (PciFunction f : functions) {
            if (f.devfn() == devfn) {
                return f;
            }
        }
        return null;
    }

    /**
     * The function named {@code name}.
     *
     * @throws IllegalArgumentException if there is none
     */
    public PciFunction function(String name) {
        for (PciFunction f : functions) {
            if (f.name().equals(name)) {
                return f;
            }
        }
        throw new IllegalArgumentException("no PCI function: name=" + name);
    }

    /**
     * Gives every function its bus-master alias, in device/function order (which is also the
     * order in which an IOMMU is asked for their roots). QEMU: {@code pcibus_machine_done}.
     *
     * @throws IllegalStateException if called twice
     */
    public void machineDone() {
        if (machineDone) {
            throw new IllegalStateException("PCI bus already done");
        }
        machineDone = true;
        List<PciFunction> byDevfn = new ArrayList<>(functions);
        byDevfn.sort(Comparator.comparingInt(PciFunction::devfn));
        try (var _ = system.transaction()) {
            for (PciFunction f : byDevfn) {
                f.initBusMaster(dmaRoot(f.devfn()));
            }
        }
    }
}
