package dev.physmem.cli.board;

import dev.physmem.attr.MemTxAttrs;
import dev.physmem.attr.MemTxResult;
import dev.physmem.region.AccessConstraints;
import dev.physmem.region.Endianness;
import dev.physmem.region.MemTxData;
import dev.physmem.region.MemoryRegionOps;
import java.util.Objects;

/**
 * A device's callbacks with the byte order and size rules a board file gives them: accesses go
 * to {@code delegate}, whose own {@code endianness}, {@code valid} and {@code impl} are replaced.
 *
 * @param delegate the behaviour (a {@code RegisterFile}, {@code UnassignedIo})
 * @param endianness the byte order of the registers
 * @param valid the sizes the guest may use
 * @param impl the sizes the callbacks implement
 */
record ConfiguredOps(MemoryRegionOps delegate, Endianness endianness, AccessConstraints valid,
        AccessConstraints impl) implements MemoryRegionOps {

    ConfiguredOps {
        Objects.requireNonNull(delegate, "delegate");
        Objects.requireNonNull(endianness, "endianness");
        Objects.requireNonNull(valid, "valid");
        Objects.requireNonNull(impl, "impl");
    }

    /** {@code delegate} with those of the overrides that are not null. */
    static MemoryRegionOps of(MemoryRegionOps delegate, Endianness endianness, AccessConstraints valid,
            AccessConstraints impl) {
        if (endianness == null && valid == null && impl == null) {
            return delegate;
        }
        return new ConfiguredOps(delegate,
                endianness != null ? endianness : delegate.endianness(),
                valid != null ? valid : delegate.valid(),
                impl != null ? impl : delegate.impl());
    }

    @Override
    public long read(long offset, int size) {
        return delegate.read(offset, size);
    }

    @Override
    public void write(long offset, long value, int size) {
        delegate.write(offset, value, size);
    }

    @Override
    public MemTxResult readWithAttrs(long offset, int size, MemTxAttrs attrs, MemTxData data) {
        return delegate.readWithAttrs(offset, size, attrs, data);
    }

    @Override
    public MemTxResult writeWithAttrs(long offset, long value, int size, MemTxAttrs attrs) {
        return delegate.writeWithAttrs(offset, value, size, attrs);
    }

    @Override
    public boolean accepts(long offset, int size, boolean isWrite, MemTxAttrs attrs) {
        return delegate.accepts(offset, size, isWrite, attrs);
    }
}
