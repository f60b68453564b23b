package dev.physmem.models.pci;

import java.util.Objects;

/**
 * The configuration space of one PCI function: its bytes, which bits a write may change
 * ({@code wmask}) and which bits a write of 1 clears ({@code w1cmask}). QEMU counterpart: the
 * {@code config}, {@code wmask} and {@code w1cmask} arrays of {@code PCIDevice} with
 * {@code pci_default_read_config} and the byte loop of {@code pci_default_write_config}
 * (hw/pci/pci.c).
 *
 * <h2>Layout</h2>
 * {@link #CONVENTIONAL_SIZE} bytes for a conventional function, {@link #EXPRESS_SIZE} for a PCI
 * Express one. Offsets are bytes from the start of the space; multi-byte values are
 * little-endian. After construction the header's writable bits are QEMU's
 * ({@code pci_init_wmask}, {@code pci_init_w1cmask}): cache line size, interrupt line, the
 * command register's I/O, memory, bus master, SERR and INTx-disable bits, the status
 * register's error bits (write 1 to clear), and every byte after the 64-byte header.
 *
 * <h2>Invariants</h2>
 * {@code (wmask[i] & w1cmask[i]) == 0} for every byte.
 *
 * <h2>Thread safety</h2>
 * None of its own: the owning {@link PciFunction} serialises accesses.
 */
public final class PciConfigSpace {
    /** Size of a conventional function's space. QEMU: {@code PCI_CONFIG_SPACE_SIZE}. */
    public static final int CONVENTIONAL_SIZE = 0x100;
    /** Size of a PCI Express function's space. QEMU: {@code PCIE_CONFIG_SPACE_SIZE}. */
    public static final int EXPRESS_SIZE = 0x1000;
    /** Size of the type 0 header. QEMU: {@code PCI_CONFIG_HEADER_SIZE}. */
    public static final int HEADER_SIZE = 0x40;

    /** Vendor ID (word). */
    public static final int VENDOR_ID = 0x00;
    /** Device ID (word). */
    public static final int DEVICE_ID = 0x02;
    /** Command (word). */
    public static final int COMMAND = 0x04;
    /** Status (word). */
    public static final int STATUS = 0x06;
    /** Revision ID (byte). */
    public static final int REVISION_ID = 0x08;
    /** Programming interface, the low byte of the 24-bit class code. */
    public static final int CLASS_PROG = 0x09;
    /** Sub-class and base class (word). */
    public static final int CLASS_DEVICE = 0x0a;
    /** Cache line size (byte). */
    public static final int CACHE_LINE_SIZE = 0x0c;
    /** Header type (byte); bit 7 marks a multi-function device. */
    public static final int HEADER_TYPE = 0x0e;
    /** BAR 0 (dword); BAR {@code n} is at {@code BASE_ADDRESS_0 + 4 * n}. */
    public static final int BASE_ADDRESS_0 = 0x10;
    /** Subsystem vendor ID (word). */
    public static final int SUBSYSTEM_VENDOR_ID = 0x2c;
    /** Subsystem ID (word). */
    public static final int SUBSYSTEM_ID = 0x2e;
    /** Expansion ROM base address (dword). */
    public static final int ROM_ADDRESS = 0x30;
    /** Interrupt line (byte). */
    public static final int INTERRUPT_LINE = 0x3c;
    /** Interrupt pin (byte). */
    public static final int INTERRUPT_PIN = 0x3d;

    /** Command: I/O space decoding. */
    public static final int COMMAND_IO = 0x1;
    /** Command: memory space decoding. */
    public static final int COMMAND_MEMORY = 0x2;
    /** Command: bus mastering. */
    public static final int COMMAND_MASTER = 0x4;
    /** Command: SERR# enable. */
    public static final int COMMAND_SERR = 0x100;
    /** Command: INTx emulation disable. */
    public static final int COMMAND_INTX_DISABLE = 0x400;
    /** Header type: multi-function device. */
    public static final int HEADER_TYPE_MULTI_FUNCTION = 0x80;
    /** BAR bit 0: the BAR decodes in I/O space. */
    public static final int BAR_SPACE_IO = 0x1;
    /** Memory BAR bits 2:1 = 10: a 64-bit BAR, using the next BAR's dword for bits 63:32. */
    public static final int BAR_MEM_TYPE_64 = 0x4;
    /** Memory BAR bit 3: prefetchable. */
    public static final int BAR_MEM_PREFETCH = 0x8;
    /** Expansion ROM bit 0: the ROM decodes. */
    public static final int ROM_ADDRESS_ENABLE = 0x1;

    /** Status bits a write of 1 clears (QEMU's {@code pci_init_w1cmask}). */
    private static final int STATUS_W1C = 0x0100 | 0x0800 | 0x1000 | 0x2000 | 0x4000 | 0x8000;
    private static final int COMMAND_WRITABLE =
            COMMAND_IO | COMMAND_MEMORY | COMMAND_MASTER | COMMAND_SERR | COMMAND_INTX_DISABLE;

    private final byte[] config;
    private final byte[] wmask;
    private final byte[] w1cmask;

    /**
     * A zeroed space of {@code size} bytes with QEMU's header masks.
     *
     * @throws IllegalArgumentException if {@code size} is neither {@link #CONVENTIONAL_SIZE} nor
     *     {@link #EXPRESS_SIZE}
     */
    public PciConfigSpace(int size) {
        if (size != CONVENTIONAL_SIZE && size != EXPRESS_SIZE) {
            throw new IllegalArgumentException("config space is 256 or 4096 bytes: size=" + size);
        }
        config = new byte[size];
        wmask = new byte[size];
        w1cmask = new byte[size];
        wmask[CACHE_LINE_SIZE] = (byte) 0xff;
        wmask[INTERRUPT_LINE] = (byte) 0xff;
        store(wmask, COMMAND, COMMAND_WRITABLE, 2);
        store(w1cmask, STATUS, STATUS_W1C, 2);
        for (int i = HEADER_SIZE; i < size; i++) {
            wmask[i] = (byte) 0xff;
        }
    }

    /** The number of bytes in the space. */
    public int size() {
        return config.length;
    }

    /**
     * Reads {@code length} bytes (1 to 8) at {@code offset}, little-endian. QEMU:
     * {@code pci_default_read_config}.
     *
     * @throws IllegalArgumentException if the bytes are not inside the space
     */
    public long get(int offset, int length) {
        return load(config, checkRange(offset, length), length);
    }

    /**
     * Stores {@code length} bytes of {@code value} at {@code offset} as the device itself does,
     * ignoring the write masks.
     *
     * @throws IllegalArgumentException if the bytes are not inside the space
     */
    public void set(int offset, long value, int length) {
        store(config, checkRange(offset, length), value, length);
    }

    /**
     * Writes {@code length} bytes of {@code value} at {@code offset} as the guest does: only
     * bits in {@code wmask} change, and bits in {@code w1cmask} written as 1 clear. QEMU: the
     * loop at the start of {@code pci_default_write_config}.
     *
     * @throws IllegalArgumentException if the bytes are not inside the space
     */
    public void writeMasked(int offset, long value, int length) {
        checkRange(offset, length);
        for (int i = 0; i < length; i++) {
            int at = offset + i;
            int b = (int) (value >>> (8 * i)) & 0xff;
            int w = wmask[at] & 0xff;
            int cleared = b & w1cmask[at];
            config[at] = (byte) (((config[at] & ~w) | (b & w)) & ~cleared);
        }
    }

    /** The write mask of {@code length} bytes at {@code offset}. */
    public long writeMask(int offset, int length) {
        return load(wmask, checkRange(offset, length), length);
    }

    /**
     * Sets the write mask of {@code length} bytes at {@code offset}; clears their write-1-to-clear
     * bits where the new mask has writable bits, so the invariant holds.
     */
    public void setWriteMask(int offset, long mask, int length) {
        checkRange(offset, length);
        store(wmask, offset, mask, length);
        for (int i = 0; i < length; i++) {
            w1cmask[offset + i] &= (byte) ~wmask[offset + i];
        }
    }

    /** The little-endian value of {@code length} bytes of {@code array} at {@code offset}. */
    private static long load(byte[] array, int offset, int length) {
        long value = 0;
        for (int i = length - 1; i >= 0; i--) {
            value = (value << 8) | (array[offset + i] & 0xff);
        }
        return value;
    }

    /** Stores {@code length} bytes of {@code value} little-endian into {@code array} at {@code offset}. */
    private static void store(byte[] array, int offset, long value, int length) {
        for (int i = 0; i < length; i++) {
            array[offset + i] = (byte) (value >>> (8 * i));
        }
    }

    /** Returns {@code offset} once {@code [offset, offset + length)} is known to be inside the space. */
    private int checkRange(int offset, int length) {
        if (length < 1 || length > 8 || offset < 0 || offset > config.length - length) {
            throw new IllegalArgumentException("config access outside the space: offset=0x" + Integer.toHexString(offset)
                    + " length=" + length + " size=0x" + Integer.toHexString(config.length));
        }
        return offset;
    }

    /** Whether {@code [offset, offset + length)} and {@code [start, start + count)} share a byte. QEMU: {@code ranges_overlap}. */
    public static boolean overlaps(int offset, int length, int start, int count) {
        return offset < start + count && start < offset + length;
    }
}
