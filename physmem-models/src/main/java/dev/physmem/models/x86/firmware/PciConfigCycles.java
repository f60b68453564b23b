package dev.physmem.models.x86.firmware;

import dev.physmem.space.AddressSpace;
import java.util.ArrayList;
import java.util.List;

/**
 * How SeaBIOS reaches PCI configuration space: mechanism #1 through ports 0xcf8/0xcfc of the
 * I/O address space, or, once {@link #enableMmconfig} names a window, MMCONFIG through the
 * memory address space. Addresses are {@code bdf} (bus {@code << 8 |} device/function) and a
 * register offset. SeaBIOS counterpart: {@code pci_config_read*}/{@code _write*},
 * {@code pci_enable_mmconfig} and {@code pci_next} (src/hw/pci.c).
 *
 * <p>Not thread-safe; firmware runs on one CPU.
 */
final class PciConfigCycles {
    /** Vendor ID offset. */
    static final int VENDOR_ID = 0x00;
    /** Device ID offset. */
    static final int DEVICE_ID = 0x02;
    /** Command register offset. */
    static final int COMMAND = 0x04;
    /** Sub-class and base class offset. */
    static final int CLASS_DEVICE = 0x0a;
    /** Header type offset. */
    static final int HEADER_TYPE = 0x0e;
    private static final int CONFIG_ADDRESS = 0xcf8;
    private static final int CONFIG_DATA = 0xcfc;

    private final AddressSpace io;
    private final AddressSpace memory;
    private long mmconfig = -1;

    /** Cycles through {@code io}'s ports; MMCONFIG, once enabled, through {@code memory}. */
    PciConfigCycles(AddressSpace io, AddressSpace memory) {
        this.io = io;
        this.memory = memory;
    }

    /** From now on, configuration cycles go through the MMCONFIG window at {@code base}. */
    void enableMmconfig(long base) {
        mmconfig = base;
    }

    /** Whether cycles go through MMCONFIG. */
    boolean usesMmconfig() {
        return mmconfig >= 0;
    }

    int readl(int bdf, int offset) {
        if (usesMmconfig()) {
            return memory.ldlLe(mmconfigAddress(bdf, offset));
        }
        io.stlLe(CONFIG_ADDRESS, ioCommand(bdf, offset));
        return io.ldlLe(CONFIG_DATA);
    }

    int readw(int bdf, int offset) {
        if (usesMmconfig()) {
            return memory.lduwLe(mmconfigAddress(bdf, offset));
        }
        io.stlLe(CONFIG_ADDRESS, ioCommand(bdf, offset));
        return io.lduwLe(CONFIG_DATA + (offset & 2));
    }

    int readb(int bdf, int offset) {
        if (usesMmconfig()) {
            return memory.ldub(mmconfigAddress(bdf, offset));
        }
        io.stlLe(CONFIG_ADDRESS, ioCommand(bdf, offset));
        return io.ldub(CONFIG_DATA + (offset & 3));
    }

    void writel(int bdf, int offset, int value) {
        if (usesMmconfig()) {
            memory.stlLe(mmconfigAddress(bdf, offset), value);
            return;
        }
        io.stlLe(CONFIG_ADDRESS, ioCommand(bdf, offset));
        io.stlLe(CONFIG_DATA, value);
    }

    void writew(int bdf, int offset, int value) {
        if (usesMmconfig()) {
            memory.stwLe(mmconfigAddress(bdf, offset), value);
            return;
        }
        io.stlLe(CONFIG_ADDRESS, ioCommand(bdf, offset));
        io.stwLe(CONFIG_DATA + (offset & 2), value);
    }

    void writeb(int bdf, int offset, int value) {
        if (usesMmconfig()) {
            memory.stb(mmconfigAddress(bdf, offset), value);
            return;
        }
        io.stlLe(CONFIG_ADDRESS, ioCommand(bdf, offset));
        io.stb(CONFIG_DATA + (offset & 3), value);
    }

    /** Sets and clears bits of the word at {@code offset}. SeaBIOS: {@code pci_config_maskw}. */
    void maskw(int bdf, int offset, int off, int on) {
        writew(bdf, offset, (readw(bdf, offset) & ~off) | on);
    }

    /**
     * The functions present on bus 0, in probe order: function 0 of each slot, and functions 1-7
     * only of multi-function devices. SeaBIOS: {@code foreachbdf} / {@code pci_next}.
     */
    List<Integer> probeBus0() {
        List<Integer> found = new ArrayList<>();
        for (int bdf = 0; bdf < 0x100; ) {
            int vendor = readw(bdf, VENDOR_ID);
            boolean present = vendor != 0x0000 && vendor != 0xffff;
            if (present) {
                found.add(bdf);
            }
            boolean functionZero = (bdf & 7) == 0;
            bdf += functionZero && (!present || (readb(bdf, HEADER_TYPE) & 0x80) == 0) ? 8 : 1;
        }
        return found;
    }

    /** The first function on bus 0 with {@code vendor}:{@code device}, or -1. SeaBIOS: {@code pci_find_device}. */
    int find(int vendor, int device) {
        for (int bdf : probeBus0()) {
            if (readw(bdf, VENDOR_ID) == vendor && readw(bdf, DEVICE_ID) == device) {
                return bdf;
            }
        }
        return -1;
    }

    /** The first function on bus 0 whose base class and sub-class are {@code classCode}, or -1. */
    int findClass(int classCode) {
        for (int bdf : probeBus0()) {
            if (readw(bdf, CLASS_DEVICE) == classCode) {
                return bdf;
            }
        }
        return -1;
    }

    private static int ioCommand(int bdf, int offset) {
        return 0x8000_0000 | (bdf << 8) | (offset & 0xfc);
    }

    private long mmconfigAddress(int bdf, int offset) {
        return mmconfig + ((long) bdf << 12) + offset;
    }
}
