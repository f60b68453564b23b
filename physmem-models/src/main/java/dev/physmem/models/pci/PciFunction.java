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
 * One function on a PCI bus: its configuration space as the guest sees it, its BARs, the
 * decode and bus master bits of its command register, and its bus-master address space. QEMU
 * counterpart: {@code PCIDevice} with {@code pci_register_bar}, {@code pci_default_write_config},
 * {@code pci_update_mappings}, {@code pci_bar_address} and {@code pci_init_bus_master} /
 * {@code bus_master_enable_region} (hw/pci/pci.c).
 *
 * <h2>Configuration space</h2>
 * The {@link PciConfigSpace} bytes are the only state of the header: the typed methods
 * ({@link #setBarAddress}, {@link #setIoDecode}, {@link #setMemoryDecode},
 * {@link #setBusMaster}, {@link #setRomEnabled}) store into it and run the same update as a
 * guest's {@link #configWrite}. A guest write is QEMU's {@code pci_default_write_config}: the
 * masked store, then {@code pci_update_mappings} if it touched a BAR, the ROM BAR or the command
 * register's low byte, then the bus-master switch if it touched that byte, then the device's own
 * handler (a host bridge's PAM and SMRAM, a PM function's I/O bases).
 *
 * <h2>BARs</h2>
 * A BAR maps its region into the bus's memory or I/O space at priority 1 while the command
 * register decodes its space and its address is valid ({@code pci_bar_address}): not 0, and
 * the BAR's last byte neither wraps nor reaches 0xffffffff for an I/O or 32-bit memory BAR;
 * otherwise it is unmapped. BAR sizes are powers of two; the BAR register's bits below the size
 * are read-only (its type bits), so writing all ones reads back the size mask. The expansion ROM
 * is slot {@link #ROM_SLOT}: a memory BAR that also needs its enable bit
 * ({@code PCI_ROM_ADDRESS_ENABLE}). A 64-bit memory BAR ({@link #registerBar64}) also uses the
 * next BAR's dword for address bits 63:32.
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
    /** Subsystem vendor ID QEMU gives functions that name none. QEMU: {@code PCI_SUBVENDOR_ID_REDHAT_QUMRANET}. */
    public static final int DEFAULT_SUBSYSTEM_VENDOR_ID = 0x1af4;
    /** Subsystem ID QEMU gives functions that name none. QEMU: {@code PCI_SUBDEVICE_ID_QEMU}. */
    public static final int DEFAULT_SUBSYSTEM_ID = 0x1100;
    private static final long UNMAPPED = -1L;
    private static final long UINT32_MAX = 0xffff_ffffL;

    /**
     * What a device does after QEMU's default handling of a configuration write. QEMU: the part of
     * a device's {@code config_write} after its call of {@code pci_default_write_config}.
     */
    @FunctionalInterface
    public interface ConfigWriteHandler {
        /** Called once per guest write, after the masked store and the BAR/command updates. */
        void written(int offset, int length);
    }

    private final MemorySystem system;
    private final PciBus bus;
    private final String name;
    private final Owner owner;
    private final int devfn;
    private final PciConfigSpace config = new PciConfigSpace(PciConfigSpace.CONVENTIONAL_SIZE);
    private final Bar[] bars = new Bar[BARS + 1];
    private ConfigWriteHandler writeHandler = (offset, length) -> { };
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
        config.set(PciConfigSpace.SUBSYSTEM_VENDOR_ID, DEFAULT_SUBSYSTEM_VENDOR_ID, 2);
        config.set(PciConfigSpace.SUBSYSTEM_ID, DEFAULT_SUBSYSTEM_ID, 2);
        try (var _ = system.transaction()) {
            busMasterContainer = system.initContainer(owner, "bus master container", MemoryRegion.SIZE_2_64);
            busMasterAddressSpace = system.addressSpace(busMasterContainer, name);
        }
    }

    /**
     * Sets the identification header fields as the device's class declares them; a function
     * whose vendor ID stays 0 is invisible to firmware that probes the bus. QEMU: the
     * {@code pci_config_set_*} calls of {@code do_pci_register_device} and
     * {@code pci_init_multifunction}.
     *
     * @param classCode base class, sub-class and programming interface, {@code 0xBBSSPP}
     */
    public void initHeader(int vendorId, int deviceId, int revision, int classCode, boolean multifunction) {
        config.set(PciConfigSpace.VENDOR_ID, vendorId, 2);
        config.set(PciConfigSpace.DEVICE_ID, deviceId, 2);
        config.set(PciConfigSpace.REVISION_ID, revision, 1);
        config.set(PciConfigSpace.CLASS_PROG, classCode, 3);
        config.set(PciConfigSpace.HEADER_TYPE, multifunction ? PciConfigSpace.HEADER_TYPE_MULTI_FUNCTION : 0, 1);
    }

    /**
     * The configuration space, for the device model that owns the function: it sets its reset
     * values and write masks here; a guest goes through {@link #configRead}/{@link #configWrite}.
     */
    public PciConfigSpace config() {
        return config;
    }

    /** Installs the device's handler of configuration writes (one per function; a later one replaces it). */
    public void setConfigWriteHandler(ConfigWriteHandler handler) {
        writeHandler = Objects.requireNonNull(handler, "handler");
    }

    /** The size of the configuration space in bytes. QEMU: {@code pci_config_size}. */
    public int configSize() {
        return config.size();
    }

    /**
     * Reads {@code length} bytes (1 to 4) of configuration space at {@code offset}, as the host
     * bridge hands a guest's read to the function. QEMU: {@code pci_default_read_config}.
     *
     * @throws IllegalArgumentException if the bytes are outside the space or the length is not 1 to 4
     */
    public long configRead(int offset, int length) {
        checkConfigAccess(offset, length);
        return config.get(offset, length);
    }

    /**
     * Writes {@code length} bytes (1 to 4) of configuration space at {@code offset}, as the host
     * bridge hands a guest's write to the function: read-only bits keep their value, status error
     * bits written as 1 clear, and the memory map follows. QEMU: the device's
     * {@code config_write}, which starts with {@code pci_default_write_config}.
     *
     * @throws IllegalArgumentException if the bytes are outside the space or the length is not 1 to 4
     */
    public void configWrite(int offset, long value, int length) {
        checkConfigAccess(offset, length);
        try (var _ = system.transaction()) {
            config.writeMasked(offset, value, length);
            boolean commandLow = offset <= PciConfigSpace.COMMAND && PciConfigSpace.COMMAND < offset + length;
            if (PciConfigSpace.overlaps(offset, length, PciConfigSpace.BASE_ADDRESS_0, 4 * BARS)
                    || PciConfigSpace.overlaps(offset, length, PciConfigSpace.ROM_ADDRESS, 4) || commandLow) {
                updateMappings();
            }
            if (commandLow) {
                updateBusMaster();
            }
            writeHandler.written(offset, length);
        }
    }

    private void checkConfigAccess(int offset, int length) {
        if (length < 1 || length > 4 || offset < 0 || offset > config.size() - length) {
            throw new IllegalArgumentException("config access outside the space: function=" + name + " offset=0x"
                    + Integer.toHexString(offset) + " length=" + length);
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
        declare(index, space, region, false);
    }

    /**
     * Declares BAR {@code index} as a 64-bit memory BAR ({@code PCI_BASE_ADDRESS_MEM_TYPE_64}),
     * unassigned; BAR {@code index + 1} holds its address bits 63:32.
     *
     * @throws IllegalArgumentException if {@code space} is {@link PciBarSpace#IO}, {@code index}
     *     is not in [0, 5), the region's size is not a power of two, or either BAR is declared
     */
    public void registerBar64(int index, PciBarSpace space, MemoryRegion region) {
        if (!space.isMemory() || index < 0 || index >= BARS - 1 || bars[index + 1] != null) {
            throw new IllegalArgumentException("a 64-bit BAR is a memory BAR with a free BAR after it: function="
                    + name + " bar=" + index + " space=" + space);
        }
        declare(index, space, region, true);
    }

    /**
     * Declares the expansion ROM (slot {@link #ROM_SLOT}), unassigned and disabled. QEMU:
     * {@code pci_register_bar(pdev, PCI_ROM_SLOT, 0, &pdev->rom)}.
     *
     * @throws IllegalArgumentException if the region's size is not a power of two, or the ROM is
     *     already declared
     */
    public void registerRomBar(MemoryRegion rom) {
        declare(ROM_SLOT, PciBarSpace.MEMORY, rom, false);
    }

    private void declare(int index, PciBarSpace space, MemoryRegion region, boolean is64) {
        checkBar(index);
        Objects.requireNonNull(space, "space");
        Objects.requireNonNull(region, "region");
        if (bars[index] != null || (index > 0 && index < BARS && bars[index - 1] != null && bars[index - 1].is64)) {
            throw new IllegalArgumentException("BAR already registered: function=" + name + " bar=" + index);
        }
        if (region.size() == 0 || Long.bitCount(region.size()) != 1) {
            throw new IllegalArgumentException("BAR size must be a power of two: function=" + name + " bar=" + index
                    + " size=0x" + Long.toHexString(region.size()));
        }
        Bar bar = new Bar(space, region, is64, index == ROM_SLOT ? 0 : typeBits(space, is64));
        bars[index] = bar;
        long wmask = -region.size();
        if (index == ROM_SLOT) {
            wmask |= PciConfigSpace.ROM_ADDRESS_ENABLE;
        }
        int width = is64 ? 8 : 4;
        config.set(barOffset(index), bar.typeBits, width);
        config.setWriteMask(barOffset(index), is64 ? wmask : wmask & UINT32_MAX, width);
    }

    private static int typeBits(PciBarSpace space, boolean is64) {
        return switch (space) {
            case IO -> PciConfigSpace.BAR_SPACE_IO;
            case MEMORY -> is64 ? PciConfigSpace.BAR_MEM_TYPE_64 : 0;
            case MEMORY_PREFETCH -> PciConfigSpace.BAR_MEM_PREFETCH | (is64 ? PciConfigSpace.BAR_MEM_TYPE_64 : 0);
        };
    }

    /** The configuration-space offset of BAR {@code index} ({@link #ROM_SLOT}: the ROM BAR). QEMU: {@code pci_bar}. */
    public static int barOffset(int index) {
        return index == ROM_SLOT ? PciConfigSpace.ROM_ADDRESS : PciConfigSpace.BASE_ADDRESS_0 + 4 * index;
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

    /** Whether BAR {@code index} is a 64-bit memory BAR. */
    public boolean isBar64(int index) {
        return bar(index).is64;
    }

    /** The size of BAR {@code index} in bytes. */
    public long barSize(int index) {
        return bar(index).region.size();
    }

    /** The region behind BAR {@code index}. */
    public MemoryRegion barRegion(int index) {
        return bar(index).region;
    }

    /** The address programmed into BAR {@code index} (its register without the low type bits), 0 while unassigned. */
    public long barAddress(int index) {
        Bar bar = bar(index);
        return rawBar(index, bar) & -bar.region.size();
    }

    /** Where BAR {@code index} is mapped in its bus space now, or -1 while it is not. */
    public long barMappedAddress(int index) {
        return bar(index).mappedAt;
    }

    private long rawBar(int index, Bar bar) {
        return bar.is64 ? config.get(barOffset(index), 8) : config.get(barOffset(index), 4);
    }

    /**
     * Programs BAR {@code index} with {@code address} (0 unassigns it) and updates the mapping.
     *
     * @throws IllegalArgumentException if the BAR is not registered or {@code address} is not
     *     aligned to its size, or does not fit the BAR (32 bits unless it is a 64-bit BAR)
     */
    public void setBarAddress(int index, long address) {
        Bar bar = bar(index);
        if ((address & (bar.region.size() - 1)) != 0 || (!bar.is64 && address >>> 32 != 0)) {
            throw new IllegalArgumentException("BAR address not aligned to its size or out of range: function="
                    + name + " bar=" + index + " address=0x" + Long.toHexString(address)
                    + " size=0x" + Long.toHexString(bar.region.size()));
        }
        long keep = index == ROM_SLOT ? rawBar(index, bar) & PciConfigSpace.ROM_ADDRESS_ENABLE : bar.typeBits;
        config.set(barOffset(index), address | keep, bar.is64 ? 8 : 4);
        try (var _ = system.transaction()) {
            updateMappings();
        }
    }

    /**
     * Sets the expansion ROM's {@code PCI_ROM_ADDRESS_ENABLE} bit: whether the ROM decodes (with
     * an address and memory decoding on).
     *
     * @throws IllegalArgumentException if the function has no ROM
     */
    public void setRomEnabled(boolean enabled) {
        Bar rom = bar(ROM_SLOT);
        long raw = rawBar(ROM_SLOT, rom) & ~(long) PciConfigSpace.ROM_ADDRESS_ENABLE;
        config.set(PciConfigSpace.ROM_ADDRESS, raw | (enabled ? PciConfigSpace.ROM_ADDRESS_ENABLE : 0), 4);
        try (var _ = system.transaction()) {
            updateMappings();
        }
    }

    /** Whether the expansion ROM's enable bit is set. */
    public boolean isRomEnabled() {
        bar(ROM_SLOT);
        return (config.get(PciConfigSpace.ROM_ADDRESS, 1) & PciConfigSpace.ROM_ADDRESS_ENABLE) != 0;
    }

    /** Sets {@code PCI_COMMAND_IO}: whether I/O BARs decode. */
    public void setIoDecode(boolean enabled) {
        setCommandBit(PciConfigSpace.COMMAND_IO, enabled);
    }

    /** Sets {@code PCI_COMMAND_MEMORY}: whether memory BARs decode. */
    public void setMemoryDecode(boolean enabled) {
        setCommandBit(PciConfigSpace.COMMAND_MEMORY, enabled);
    }

    /** Sets {@code PCI_COMMAND_MASTER}: whether the function's DMA reaches system memory. QEMU: {@code pci_set_master}. */
    public void setBusMaster(boolean enabled) {
        setCommandBit(PciConfigSpace.COMMAND_MASTER, enabled);
    }

    /** The command register. */
    public int command() {
        return (int) config.get(PciConfigSpace.COMMAND, 2);
    }

    /** Whether I/O BARs decode. */
    public boolean isIoDecode() {
        return (command() & PciConfigSpace.COMMAND_IO) != 0;
    }

    /** Whether memory BARs decode. */
    public boolean isMemoryDecode() {
        return (command() & PciConfigSpace.COMMAND_MEMORY) != 0;
    }

    /** Whether bus mastering is on. */
    public boolean isBusMaster() {
        return (command() & PciConfigSpace.COMMAND_MASTER) != 0;
    }

    private void setCommandBit(int bit, boolean enabled) {
        int command = command();
        config.set(PciConfigSpace.COMMAND, enabled ? command | bit : command & ~bit, 2);
        try (var _ = system.transaction()) {
            updateMappings();
            updateBusMaster();
        }
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
            busMasterAlias.setEnabled(isBusMaster());
        }
    }

    /** Enables the bus-master alias exactly while {@code PCI_COMMAND_MASTER} is set. QEMU: the end of {@code pci_default_write_config}. */
    private void updateBusMaster() {
        if (busMasterAlias != null) {
            busMasterAlias.setEnabled(isBusMaster());
        }
    }

    /** Maps, moves or unmaps every BAR whose effective address changed; called in a transaction. QEMU: {@code pci_update_mappings}. */
    private void updateMappings() {
        for (int i = 0; i <= ROM_SLOT; i++) {
            Bar bar = bars[i];
            if (bar == null) {
                continue;
            }
            long target = effectiveAddress(i, bar);
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

    /** Where BAR {@code index} decodes now, or {@link #UNMAPPED}. QEMU: {@code pci_bar_address} (no 0 address on x86). */
    private long effectiveAddress(int index, Bar bar) {
        int command = command();
        long size = bar.region.size();
        long raw = rawBar(index, bar);
        if (bar.space == PciBarSpace.IO) {
            if ((command & PciConfigSpace.COMMAND_IO) == 0) {
                return UNMAPPED;
            }
            long address = raw & -size;
            long last = address + size - 1;
            return Long.compareUnsigned(last, address) <= 0 || last >= UINT32_MAX || address == 0 ? UNMAPPED : address;
        }
        if ((command & PciConfigSpace.COMMAND_MEMORY) == 0
                || (index == ROM_SLOT && (raw & PciConfigSpace.ROM_ADDRESS_ENABLE) == 0)) {
            return UNMAPPED;
        }
        long address = raw & -size;
        long last = address + size - 1;
        if (Long.compareUnsigned(last, address) <= 0 || last == UNMAPPED || address == 0
                || (!bar.is64 && Long.compareUnsigned(last, UINT32_MAX) >= 0)) {
            return UNMAPPED;
        }
        return address;
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

    /** One BAR: its region, width, read-only type bits and where it is mapped now. */
    private static final class Bar {
        final PciBarSpace space;
        final MemoryRegion region;
        final boolean is64;
        final long typeBits;
        long mappedAt = UNMAPPED;

        Bar(PciBarSpace space, MemoryRegion region, boolean is64, long typeBits) {
            this.space = space;
            this.region = region;
            this.is64 = is64;
            this.typeBits = typeBits;
        }
    }
}
