package dev.physmem.models.pci;

import dev.physmem.MemorySystem;
import dev.physmem.region.AliasRegion;
import dev.physmem.region.ContainerRegion;
import dev.physmem.region.MemoryRegion;
import dev.physmem.region.Owner;
import dev.physmem.space.AddressSpace;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One function on a PCI bus, as far as the memory map sees it: its BARs, the decode and bus
 * master bits of its command register, and its bus-master address space. QEMU counterpart:
 * {@code PCIDevice} with {@code pci_register_bar}, {@code pci_update_mappings} and
 * {@code pci_init_bus_master} / {@code bus_master_enable_region} (hw/pci/pci.c).
 *
 * <h2>BARs</h2>
 * A BAR maps its region into the bus's memory or I/O space at priority 1 while its address is
 * assigned (not 0) and the command register decodes its space; otherwise it is unmapped. BAR
 * sizes are powers of two and addresses are aligned to them. The expansion ROM is slot
 * {@link #ROM_SLOT}: a memory BAR that also needs its enable bit ({@code PCI_ROM_ADDRESS_ENABLE}).
 *
 * <h2>Bus mastering</h2>
 * The function's DMA goes through the address space named after it, whose root is a
 * {@code bus master container}; the address space and its empty container exist from the
 * function's creation (QEMU's {@code do_pci_register_device}). Once the machine is done
 * ({@link PciBus#machineDone()}) the container holds one alias {@code bus master} of the
 * region the bus's DMA reaches: system memory, or the function's own IOMMU root when the bus
 * has an IOMMU ({@link PciBus#setIommu}). The alias is enabled exactly while
 * {@code PCI_COMMAND_MASTER} is set, so a function that is not mastering renders an empty view.
 *
 * <h2>Transactions</h2>
 * Every mutator changes the region tree inside one transaction.
 */
public final class PciFunction {
    /** Number of BARs of a type 0 function. */
    public static final int BARS = 6;
    /** The expansion ROM's slot, after the BARs. QEMU: {@code PCI_ROM_SLOT}. */
    public static final int ROM_SLOT = 6;
    private static final long UNMAPPED = -1L;

    private final MemorySystem system;
    private final PciBus bus;
    private final String name;
    private final Owner owner;
    private final int devfn;
    private final Bar[] bars = new Bar[BARS + 1];
    private boolean romEnabled;
    private boolean ioDecode;
    private boolean memoryDecode;
    private boolean busMaster;
    private final ContainerRegion busMasterContainer;
    private final AddressSpace busMasterAddressSpace;
    private AliasRegion busMasterAlias;

    /** Creates the function with its bus-master container and address space. QEMU: {@code do_pci_register_device}. */
    PciFunction(MemorySystem system, PciBus bus, String name, Owner owner, int devfn) {
        this.system = system;
        this.bus = bus;
        this.name = name;
        this.owner = owner;
        this.devfn = devfn;
        try (var _ = system.transaction()) {
            busMasterContainer = system.initContainer(owner, "bus master container", MemoryRegion.SIZE_2_64);
            busMasterAddressSpace = system.addressSpace(busMasterContainer, name);
        }
    }

    /** The device/function number on the bus, {@code slot << 3 | function}. */
    public int devfn() {
        return devfn;
    }

    /**
     * What the bus calls the function, the prefix of its RAM blocks' migration names:
     * {@code 0000:00:SS.F} (domain 0, root bus). QEMU: {@code pcibus_get_dev_path}.
     */
    public String devPath() {
        return String.format("0000:00:%02x.%x", devfn / PciBus.FUNCTIONS_PER_SLOT, devfn % PciBus.FUNCTIONS_PER_SLOT);
    }

    /** The device's name, which is also its bus-master address space's name. */
    public String name() {
        return name;
    }

    /** The device that owns the function's regions. */
    public Owner owner() {
        return owner;
    }

    /**
     * Declares BAR {@code index}, unassigned. QEMU: {@code pci_register_bar}.
     *
     * @throws IllegalArgumentException if {@code index} is not in [0, 6), the region's size is
     *     not a power of two, or the BAR is already declared
     */
    public void registerBar(int index, PciBarSpace space, MemoryRegion region) {
        if (index == ROM_SLOT) {
            throw new IllegalArgumentException("the ROM slot is registered with registerRomBar: function=" + name);
        }
        declare(index, space, region);
    }

    /**
     * Declares the expansion ROM (slot {@link #ROM_SLOT}), unassigned and disabled. QEMU:
     * {@code pci_register_bar(pdev, PCI_ROM_SLOT, 0, &pdev->rom)}.
     *
     * @throws IllegalArgumentException if the region's size is not a power of two, or the ROM is
     *     already declared
     */
    public void registerRomBar(MemoryRegion rom) {
        declare(ROM_SLOT, PciBarSpace.MEMORY, rom);
    }

    private void declare(int index, PciBarSpace space, MemoryRegion region) {
        checkBar(index);
        Objects.requireNonNull(space, "space");
        Objects.requireNonNull(region, "region");
        if (bars[index] != null) {
            throw new IllegalArgumentException("BAR already registered: function=" + name + " bar=" + index);
        }
        if (region.size() == 0 || Long.bitCount(region.size()) != 1) {
            throw new IllegalArgumentException("BAR size must be a power of two: function=" + name + " bar=" + index
                    + " size=0x" + Long.toHexString(region.size()));
        }
        bars[index] = new Bar(space, region);
    }

    /** The indexes of the registered BARs, ascending; {@link #ROM_SLOT} last if there is a ROM. */
    public List<Integer> barIndexes() {
        List<Integer> indexes = new ArrayList<>();
        for (int i = 0; i <= ROM_SLOT; i++) {
            if (bars[i] != null) {
                indexes.add(i);
            }
        }
        return indexes;
    }

    /** The space BAR {@code index} decodes in. */
    public PciBarSpace barSpace(int index) {
        return bar(index).space;
    }

    /** The size of BAR {@code index} in bytes. */
    public long barSize(int index) {
        return bar(index).region.size();
    }

    /** The region behind BAR {@code index}. */
    public MemoryRegion barRegion(int index) {
        return bar(index).region;
    }

    /** The address programmed into BAR {@code index}, 0 while unassigned. */
    public long barAddress(int index) {
        return bar(index).address;
    }

    /**
     * Programs BAR {@code index} with {@code address} (0 unassigns it) and updates the mapping.
     *
     * @throws IllegalArgumentException if the BAR is not registered or {@code address} is not
     *     aligned to its size
     */
    public void setBarAddress(int index, long address) {
        Bar bar = bar(index);
        if ((address & (bar.region.size() - 1)) != 0 || (bar.space == PciBarSpace.IO && address >>> 32 != 0)) {
            throw new IllegalArgumentException("BAR address not aligned to its size or out of range: function="
                    + name + " bar=" + index + " address=0x" + Long.toHexString(address)
                    + " size=0x" + Long.toHexString(bar.region.size()));
        }
        bar.address = address;
        updateMappings();
    }

    /**
     * Sets the expansion ROM's {@code PCI_ROM_ADDRESS_ENABLE} bit: whether the ROM decodes (with
     * an address and memory decoding on).
     *
     * @throws IllegalArgumentException if the function has no ROM
     */
    public void setRomEnabled(boolean enabled) {
        bar(ROM_SLOT);
        romEnabled = enabled;
        updateMappings();
    }

    /** Whether the expansion ROM's enable bit is set. */
    public boolean isRomEnabled() {
        return romEnabled;
    }

    /** Sets {@code PCI_COMMAND_IO}: whether I/O BARs decode. */
    public void setIoDecode(boolean enabled) {
        ioDecode = enabled;
        updateMappings();
    }

    /** Sets {@code PCI_COMMAND_MEMORY}: whether memory BARs decode. */
    public void setMemoryDecode(boolean enabled) {
        memoryDecode = enabled;
        updateMappings();
    }

    /** Whether I/O BARs decode. */
    public boolean isIoDecode() {
        return ioDecode;
    }

    /** Whether memory BARs decode. */
    public boolean isMemoryDecode() {
        return memoryDecode;
    }

    /** Sets {@code PCI_COMMAND_MASTER}: whether the function's DMA reaches system memory. QEMU: {@code pci_set_master}. */
    public void setBusMaster(boolean enabled) {
        busMaster = enabled;
        if (busMasterAlias != null) {
            busMasterAlias.setEnabled(enabled);
        }
    }

    /** Whether bus mastering is on. */
    public boolean isBusMaster() {
        return busMaster;
    }

    /**
     * The function's DMA address space; it renders nothing until the machine is done and bus
     * mastering is on.
     */
    public AddressSpace busMasterAddressSpace() {
        return busMasterAddressSpace;
    }

    /**
     * Adds the {@code bus master} alias of {@code dmaRoot} to the bus-master container. QEMU:
     * {@code pci_init_bus_master}.
     */
    void initBusMaster(MemoryRegion dmaRoot) {
        try (var _ = system.transaction()) {
            busMasterAlias = system.initAlias(owner, "bus master", dmaRoot, 0, dmaRoot.size());
            busMasterContainer.addSubregion(0, busMasterAlias);
            busMasterAlias.setEnabled(busMaster);
        }
    }

    /** Maps, moves or unmaps every BAR whose effective address changed. QEMU: {@code pci_update_mappings}. */
    private void updateMappings() {
        try (var _ = system.transaction()) {
            for (int i = 0; i <= ROM_SLOT; i++) {
                Bar bar = bars[i];
                if (bar == null) {
                    continue;
                }
                long target = i == ROM_SLOT && !romEnabled ? UNMAPPED : effectiveAddress(bar);
                if (target == bar.mappedAt) {
                    continue;
                }
                MemoryRegion space = bar.space == PciBarSpace.IO ? bus.ioSpace() : bus.memorySpace();
                if (bar.mappedAt != UNMAPPED) {
                    space.delSubregion(bar.region);
                }
                bar.mappedAt = target;
                if (target != UNMAPPED) {
                    space.addSubregionOverlap(target, bar.region, 1);
                }
            }
        }
    }

    private long effectiveAddress(Bar bar) {
        boolean decode = bar.space == PciBarSpace.IO ? ioDecode : memoryDecode;
        return decode && bar.address != 0 ? bar.address : UNMAPPED;
    }

    private Bar bar(int index) {
        checkBar(index);
        if (bars[index] == null) {
            throw new IllegalArgumentException("BAR not registered: function=" + name + " bar=" + index);
        }
        return bars[index];
    }

    private void checkBar(int index) {
        if (index < 0 || index > ROM_SLOT) {
            throw new IllegalArgumentException("BAR index out of range [0, 6]: function=" + name + " bar=" + index);
        }
    }

    @Override
    public String toString() {
        return "PciFunction[" + name + "]";
    }

    /** One BAR: its region, programmed address and where it is mapped now. */
    private static final class Bar {
        final PciBarSpace space;
        final MemoryRegion region;
        long address;
        long mappedAt = UNMAPPED;

        Bar(PciBarSpace space, MemoryRegion region) {
            this.space = space;
            this.region = region;
        }
    }
}
