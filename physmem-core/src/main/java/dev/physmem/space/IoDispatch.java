package dev.physmem.space;

import dev.physmem.attr.MemTxAttrs;
import dev.physmem.attr.MemTxResult;
import dev.physmem.region.AccessConstraints;
import dev.physmem.region.MemTxData;
import dev.physmem.region.MemoryRegion;
import dev.physmem.region.MemoryRegionOps;

/**
 * One guest-sized access to a device: the {@code valid} check, then the callbacks of the
 * {@code impl} sizes, their values combined in the device's byte order. QEMU counterpart:
 * {@code memory_region_dispatch_read/write} with {@code memory_region_access_valid} and
 * {@code access_with_adjusted_size} ({@code softmmu/memory.c}).
 *
 * <h2>Values</h2>
 * The access's value is the device's: the number whose bytes, laid out in the device's byte
 * order, are the bytes the guest sees at {@code offset..offset+size-1}. Callers convert to the
 * guest's order. Values are zero-extended to 64 bits.
 *
 * <h2>Rejection</h2>
 * An access {@code valid} rejects never reaches {@code read}/{@code write}: it ends with
 * {@link MemTxResult#DECODE_ERROR}, and a read yields 0 (QEMU's {@code unassigned_mem_read}).
 * The checks run in QEMU's order: {@code accepts} (a device callback too), then alignment, then
 * the size bounds, where {@code valid.max == 0} accepts every size.
 *
 * <h2>Eventfds</h2>
 * A write that passes the {@code valid} check and matches an eventfd of its region (offset, size,
 * and the device value if the eventfd matches data) signals the eventfd and never reaches the
 * device ({@link MemoryRegion#dispatchWriteEventfds}). A region without eventfds pays one
 * volatile read.
 *
 * <h2>Pieces</h2>
 * Every piece is issued even when an earlier one failed, and the results are OR-ed, as QEMU
 * does. A widened write sends zeros in the bytes the guest did not write.
 */
final class IoDispatch {

    private IoDispatch() {
    }

    /**
     * Whether the device takes a {@code size}-byte access at {@code offset}.
     * QEMU: {@code memory_region_access_valid}.
     */
    static boolean accessValid(MemoryRegionOps ops, long offset, int size, boolean isWrite, MemTxAttrs attrs) {
        if (!ops.accepts(offset, size, isWrite, attrs)) {
            return false;
        }
        AccessConstraints valid = ops.valid();
        if (!valid.unaligned() && (offset & (size - 1)) != 0) {
            return false;
        }
        if (valid.maxAccessSize() == 0) {
            return true;
        }
        return size <= valid.maxAccessSize() && size >= valid.minAccessSize();
    }

    /**
     * Reads {@code size} bytes at region offset {@code offset}; leaves the device's value in
     * {@code data.value}, truncated to {@code size} bytes.
     *
     * @param deviceBigEndian the device's resolved byte order
     * @param data an out-parameter the caller owns for the duration of the call
     */
    static MemTxResult read(MemoryRegionOps ops, boolean deviceBigEndian, long offset, int size,
            MemTxAttrs attrs, MemTxData data) {
        if (!accessValid(ops, offset, size, false, attrs)) {
            data.value = 0;
            return MemTxResult.DECODE_ERROR;
        }
        int pieceSize = AccessSplitter.implAccessSize(size, ops.impl());
        int pieces = AccessSplitter.pieceCount(size, pieceSize);
        MemTxResult result = MemTxResult.OK;
        long value = 0;
        for (int k = 0; k < pieces; k++) {
            int index = k * pieceSize;
            data.value = 0;
            result = result.or(ops.readWithAttrs(offset + index, pieceSize, attrs, data));
            value |= AccessSplitter.placePiece(data.value,
                    pieceSize, AccessSplitter.pieceShift(size, pieceSize, index, deviceBigEndian));
        }
        data.value = AccessLayouts.truncate(value, size);
        return result;
    }

    /**
     * Writes the low {@code size} bytes of the device value {@code value} at region offset
     * {@code offset} of {@code region}, whose callbacks are {@code ops}. A write that matches one of
     * the region's eventfds signals it instead and is OK (QEMU's TCG path, without KVM eventfds).
     */
    static MemTxResult write(MemoryRegion region, MemoryRegionOps ops, boolean deviceBigEndian, long offset,
            int size, long value, MemTxAttrs attrs) {
        if (!accessValid(ops, offset, size, true, attrs)) {
            return MemTxResult.DECODE_ERROR;
        }
        long v = AccessLayouts.truncate(value, size);
        if (region.dispatchWriteEventfds(offset, size, v)) {
            return MemTxResult.OK;
        }
        int pieceSize = AccessSplitter.implAccessSize(size, ops.impl());
        int pieces = AccessSplitter.pieceCount(size, pieceSize);
        MemTxResult result = MemTxResult.OK;
        for (int k = 0; k < pieces; k++) {
            int index = k * pieceSize;
            long piece = AccessSplitter.extractPiece(v,
                    pieceSize, AccessSplitter.pieceShift(size, pieceSize, index, deviceBigEndian));
            result = result.or(ops.writeWithAttrs(offset + index, piece, pieceSize, attrs));
        }
        return result;
    }
}
