package dev.physmem.space;

import dev.physmem.attr.MemTxAttrs;
import dev.physmem.attr.MemTxResult;
import dev.physmem.region.AccessConstraints;
import dev.physmem.region.Endianness;
import dev.physmem.region.MemTxData;
import dev.physmem.region.MemoryRegionOps;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * A device that behaves like memory: a read of {@code size} bytes at {@code offset} returns its
 * cells {@code [offset, offset + size)} as a number in the device's byte order, a write stores
 * them back. Through any correct access path it therefore looks exactly like RAM, which is what
 * the tests check. It records every callback.
 */
final class RecordingDevice implements MemoryRegionOps {

    /** One callback as the device saw it. */
    record Call(boolean write, long offset, int size, long value) {
        static Call read(long offset, int size, long value) {
            return new Call(false, offset, size, value);
        }

        static Call write(long offset, int size, long value) {
            return new Call(true, offset, size, value);
        }
    }

    /** A check on an access, for {@code accepts}. */
    interface Acceptor {
        boolean accepts(long offset, int size, boolean isWrite);
    }

    final byte[] cells;
    final List<Call> calls = new ArrayList<>();
    final List<Call> acceptsCalls = new ArrayList<>();
    private final Endianness endianness;
    private final boolean bigEndian;
    private final AccessConstraints valid;
    private final AccessConstraints impl;
    Acceptor acceptor = (offset, size, isWrite) -> true;
    MemTxResult readResult = MemTxResult.OK;
    MemTxResult writeResult = MemTxResult.OK;
    Predicate<Long> failAt = offset -> false;

    RecordingDevice(int size, Endianness endianness, ByteOrder target, AccessConstraints valid,
            AccessConstraints impl) {
        this.cells = new byte[size];
        this.endianness = endianness;
        this.bigEndian = endianness.resolve(target) == ByteOrder.BIG_ENDIAN;
        this.valid = valid;
        this.impl = impl;
    }

    /** Fills cell {@code i} with {@code 0x11 * (i + 1)} (wrapping), so every byte is distinct nearby. */
    RecordingDevice withPattern() {
        for (int i = 0; i < cells.length; i++) {
            cells[i] = (byte) (0x11 * (i + 1) + (i >> 4));
        }
        return this;
    }

    /** The cells {@code [offset, offset + size)} as a number in the given byte order. */
    long cellsAsValue(long offset, int size, boolean big) {
        long v = 0;
        for (int i = 0; i < size; i++) {
            int cell = (int) offset + (big ? i : size - 1 - i);
            v = (v << 8) | (cells[cell] & 0xffL);
        }
        return v;
    }

    private void storeCells(long offset, int size, long value) {
        for (int i = 0; i < size; i++) {
            int cell = (int) offset + (bigEndian ? size - 1 - i : i);
            cells[cell] = (byte) (value >>> (8 * i));
        }
    }

    @Override
    public long read(long offset, int size) {
        throw new AssertionError("the core must call readWithAttrs");
    }

    @Override
    public void write(long offset, long value, int size) {
        throw new AssertionError("the core must call writeWithAttrs");
    }

    @Override
    public MemTxResult readWithAttrs(long offset, int size, MemTxAttrs attrs, MemTxData data) {
        long v = cellsAsValue(offset, size, bigEndian);
        calls.add(Call.read(offset, size, v));
        data.value = v;
        return failAt.test(offset) ? MemTxResult.ERROR : readResult;
    }

    @Override
    public MemTxResult writeWithAttrs(long offset, long value, int size, MemTxAttrs attrs) {
        calls.add(Call.write(offset, size, value));
        storeCells(offset, size, value);
        return failAt.test(offset) ? MemTxResult.ERROR : writeResult;
    }

    @Override
    public boolean accepts(long offset, int size, boolean isWrite, MemTxAttrs attrs) {
        acceptsCalls.add(new Call(isWrite, offset, size, 0));
        return acceptor.accepts(offset, size, isWrite);
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
}
