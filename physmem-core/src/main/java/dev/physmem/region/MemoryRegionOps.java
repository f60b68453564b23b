package dev.physmem.region;

import dev.physmem.attr.MemTxAttrs;
import dev.physmem.attr.MemTxResult;

/**
 * Callbacks of an I/O region (MMIO or port I/O) and of a ROM device out of romd mode.
 * QEMU counterpart: {@code MemoryRegionOps}.
 *
 * <p>Offsets are relative to the start of the region. The memory core calls the callbacks with
 * sizes inside {@link #impl()}, one at a time, under no lock of its own; values travel in the
 * low {@code size * 8} bits in host order (the core has already applied {@link #endianness()}).
 * A device that needs the attributes or wants to fail an access overrides the
 * {@code ...WithAttrs} variants; the plain ones are then never called.
 *
 * {@snippet :
 * MemoryRegionOps scratch = MemoryRegionOps.of(
 *         (offset, size) -> registers[(int) offset],
 *         (offset, value, size) -> registers[(int) offset] = value);
 * }
 */
public interface MemoryRegionOps {

    /** Reads {@code size} bytes at {@code offset}; the value is in the low bytes. */
    long read(long offset, int size);

    /** Writes the low {@code size} bytes of {@code value} at {@code offset}. */
    void write(long offset, long value, int size);

    /**
     * Reads with attributes; stores the value in {@code data} and returns the outcome. The default
     * calls {@link #read(long, int)} and returns {@link MemTxResult#OK}.
     */
    default MemTxResult readWithAttrs(long offset, int size, MemTxAttrs attrs, MemTxData data) {
        data.value = read(offset, size);
        return MemTxResult.OK;
    }

    /** Writes with attributes. The default calls {@link #write(long, long, int)}. */
    default MemTxResult writeWithAttrs(long offset, long value, int size, MemTxAttrs attrs) {
        write(offset, value, size);
        return MemTxResult.OK;
    }

    /** The byte order of the device's registers. Default: {@link Endianness#NATIVE}. */
    default Endianness endianness() {
        return Endianness.NATIVE;
    }

    /** Sizes the guest may use; an access outside them fails with DECODE_ERROR. */
    default AccessConstraints valid() {
        return AccessConstraints.DEFAULT;
    }

    /** Sizes the callbacks implement; the core splits or widens accesses to fit. */
    default AccessConstraints impl() {
        return AccessConstraints.DEFAULT;
    }

    /**
     * An extra check before the access (QEMU: {@code valid.accepts}); returning false fails the
     * access with DECODE_ERROR and calls nothing else. Default: accept.
     */
    default boolean accepts(long offset, int size, boolean isWrite, MemTxAttrs attrs) {
        return true;
    }

    /** Read and write callbacks without attributes. */
    @FunctionalInterface
    interface Reader {
        long read(long offset, int size);
    }

    /** A write callback without attributes. */
    @FunctionalInterface
    interface Writer {
        void write(long offset, long value, int size);
    }

    /** Ops from two lambdas, native endian, QEMU's default sizes. */
    static MemoryRegionOps of(Reader reader, Writer writer) {
        return of(reader, writer, Endianness.NATIVE, AccessConstraints.DEFAULT, AccessConstraints.DEFAULT);
    }

    /** Ops from two lambdas with the given byte order and size rules. */
    static MemoryRegionOps of(
            Reader reader, Writer writer, Endianness endianness, AccessConstraints valid, AccessConstraints impl) {
        return new MemoryRegionOps() {
            @Override
            public long read(long offset, int size) {
                return reader.read(offset, size);
            }

            @Override
            public void write(long offset, long value, int size) {
                writer.write(offset, value, size);
            }

            @Override
            public Endianness endianness() {
                return endianness;
            }

            @Override
            public AccessConstraints valid() {
                return valid;
            }

            @Override
            public AccessConstraints impl() {
                return impl;
            }
        };
    }
}
