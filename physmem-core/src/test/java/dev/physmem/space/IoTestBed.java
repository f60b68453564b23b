package dev.physmem.space;

import dev.physmem.MemorySystem;
import dev.physmem.attr.MemTxAttrs;
import dev.physmem.region.ContainerRegion;
import dev.physmem.region.MemoryRegion;
import dev.physmem.region.MemoryRegionOps;
import java.nio.ByteOrder;

/** A machine with one device mapped at {@link #BASE}, and typed ld/st helpers for tests. */
final class IoTestBed {
    static final long BASE = 0x1000;

    final MemorySystem system;
    final ContainerRegion root;
    final AddressSpace as;

    IoTestBed(ByteOrder target, MemoryRegionOps ops, long size) {
        system = new MemorySystem(target);
        root = system.initContainer(null, "root", MemoryRegion.SIZE_2_64);
        root.addSubregion(BASE, system.initIo(null, ops, "dev", size));
        as = system.addressSpace(root, "memory");
    }

    /** Loads {@code size} bytes (1, 2, 4, 8) in the given order through the matching ld method. */
    static long ld(AddressSpace as, long addr, int size, boolean big, MemTxAttrs attrs, MemTxResultHolder result) {
        return switch (size) {
            case 1 -> as.ldub(addr, attrs, result);
            case 2 -> big ? as.lduwBe(addr, attrs, result) : as.lduwLe(addr, attrs, result);
            case 4 -> Integer.toUnsignedLong(big ? as.ldlBe(addr, attrs, result) : as.ldlLe(addr, attrs, result));
            case 8 -> big ? as.ldqBe(addr, attrs, result) : as.ldqLe(addr, attrs, result);
            default -> throw new IllegalArgumentException("size=" + size);
        };
    }

    /** Stores {@code size} bytes (1, 2, 4, 8) in the given order through the matching st method. */
    static void st(AddressSpace as, long addr, int size, boolean big, long value, MemTxAttrs attrs,
            MemTxResultHolder result) {
        switch (size) {
            case 1 -> as.stb(addr, (int) value, attrs, result);
            case 2 -> {
                if (big) {
                    as.stwBe(addr, (int) value, attrs, result);
                } else {
                    as.stwLe(addr, (int) value, attrs, result);
                }
            }
            case 4 -> {
                if (big) {
                    as.stlBe(addr, (int) value, attrs, result);
                } else {
                    as.stlLe(addr, (int) value, attrs, result);
                }
            }
            case 8 -> {
                if (big) {
                    as.stqBe(addr, value, attrs, result);
                } else {
                    as.stqLe(addr, value, attrs, result);
                }
            }
            default -> throw new IllegalArgumentException("size=" + size);
        }
    }

    /** The bytes of the low {@code size} bytes of {@code value} in the given order. */
    static byte[] bytesOf(long value, int size, boolean big) {
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) {
            b[big ? size - 1 - i : i] = (byte) (value >>> (8 * i));
        }
        return b;
    }

    /** {@code bytes} read as a number in the given order. */
    static long valueOf(byte[] bytes, int from, int size, boolean big) {
        long v = 0;
        for (int i = 0; i < size; i++) {
            v = (v << 8) | (bytes[from + (big ? i : size - 1 - i)] & 0xffL);
        }
        return v;
    }
}
