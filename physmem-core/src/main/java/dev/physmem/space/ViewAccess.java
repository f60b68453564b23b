package dev.physmem.space;

import dev.physmem.attr.MemTxAttrs;
import dev.physmem.attr.MemTxResult;
import dev.physmem.flat.FlatRange;
import dev.physmem.flat.FlatView;
import dev.physmem.iommu.IommuMemoryRegion;
import dev.physmem.region.IoRegion;
import dev.physmem.region.MemTxData;
import dev.physmem.region.MemoryRegion;
import dev.physmem.region.MemoryRegionOps;
import dev.physmem.region.RamDeviceRegion;
import dev.physmem.region.RamRegion;
import dev.physmem.region.RomDeviceRegion;
import java.lang.foreign.MemorySegment;

/**
 * A buffer access walked across one {@link FlatView}: each piece goes to the range (or hole)
 * that holds it, and the pieces' results are OR-ed. QEMU counterpart: {@code flatview_read},
 * {@code flatview_write} and their {@code _continue} loops ({@code softmmu/physmem.c}).
 *
 * <h2>Per piece</h2>
 * <table>
 *   <caption>What each piece does</caption>
 *   <tr><th>target</th><th>read</th><th>write</th></tr>
 *   <tr><td>RAM</td><td>bulk copy</td><td>bulk copy; on a read-only range: dropped, DECODE_ERROR</td></tr>
 *   <tr><td>ROM device</td><td>romd: bulk copy; else callbacks</td><td>callbacks</td></tr>
 *   <tr><td>I/O, RAM device</td><td>callbacks</td><td>callbacks</td></tr>
 *   <tr><td>hole, or past 2<sup>64</sup>−1</td><td>zeros, DECODE_ERROR</td><td>dropped, DECODE_ERROR</td></tr>
 *   <tr><td>IOMMU</td><td colspan="2">translated page by page ({@link IommuTranslation}); each page's
 *       piece goes to what it reaches, as above</td></tr>
 * </table>
 * A piece that starts in a device's range runs to the end of the device's region (or of the
 * access), not to the end of the range: where a higher-priority range covers some of the
 * device's bytes, QEMU still gives the device the access its address starts ({@code
 * address_space_translate} cuts at a section's end for RAM only). So a 4-byte write to port
 * 0xcf8 reaches {@code pci-conf-idx} whole, under {@code piix3-reset-control} at 0xcf9.
 * "Callbacks" means guest-sized accesses cut by {@link AccessSplitter#memoryAccessSize} and
 * dispatched by {@link IoDispatch}; buffer bytes are the device's values laid out in the device's
 * byte order. With {@link MemTxAttrs#memory()} set, a piece that would reach anything but RAM is
 * denied with ACCESS_ERROR and left untouched; if that is the first piece, the whole access ends
 * there (QEMU's {@code flatview_access_allowed}). Behind an IOMMU the check applies to what the
 * translation reaches, as QEMU checks the translated region.
 *
 * <h2>The top of the space</h2>
 * Addresses do not wrap: bytes of an access that lie past 2<sup>64</sup>−1 are unassigned. (QEMU's
 * {@code hwaddr} arithmetic wraps to address 0 instead; physmem does not follow it there.)
 */
final class ViewAccess {

    private ViewAccess() {
    }

    /** Reads {@code len} bytes at absolute {@code addr} into {@code buf[off, off+len)}. */
    static MemTxResult read(FlatView view, boolean targetBigEndian, long addr, MemTxAttrs attrs,
            MemorySegment buf, long off, long len) {
        return access(view, targetBigEndian, addr, attrs, buf, off, len, false);
    }

    /** Writes {@code buf[off, off+len)} to absolute {@code addr}. */
    static MemTxResult write(FlatView view, boolean targetBigEndian, long addr, MemTxAttrs attrs,
            MemorySegment buf, long off, long len) {
        return access(view, targetBigEndian, addr, attrs, buf, off, len, true);
    }

    private static MemTxResult access(FlatView view, boolean targetBigEndian, long addr, MemTxAttrs attrs,
            MemorySegment buf, long off, long len, boolean isWrite) {
        MemTxResult result = MemTxResult.OK;
        long cur = addr;
        long done = 0;
        while (done < len) {
            long remaining = len - done;
            long pos = off + done;
            FlatRange range = view.lookup(cur);
            long piece = clamp(remaining, (range == null ? holeLast(view, cur) : range.last()) - cur + 1);
            long offset = range == null ? 0 : range.offsetOf(cur);
            MemTxResult miss = MemTxResult.DECODE_ERROR;
            if (range != null && range.region() instanceof IommuMemoryRegion) {
                IommuTranslation t = IommuTranslation.resolve(range, cur, piece, isWrite, attrs);
                range = t.range();
                offset = t.offset();
                piece = t.length();
                miss = t.fault();
            } else if (range != null && LoadStore.isDevice(range.region())) {
                long size = range.region().size();
                piece = clamp(remaining, size == MemoryRegion.SIZE_2_64 ? -offset : size - offset);
            }
            if (attrs.memory() && (range == null || !isRam(range.region()))) {
                if (done == 0) {
                    return MemTxResult.ACCESS_ERROR;
                }
                result = result.or(MemTxResult.ACCESS_ERROR);
            } else if (range == null) {
                result = result.or(unassigned(buf, pos, piece, isWrite, miss));
            } else if (isWrite) {
                result = result.or(writeRange(range, targetBigEndian, offset, attrs, buf, pos, piece));
            } else {
                result = result.or(readRange(range, targetBigEndian, offset, attrs, buf, pos, piece));
            }
            done += piece;
            cur += piece;
            if (cur == 0 && done < len) {
                // Ran past 2^64 - 1: the rest is unassigned, never wrapped around to address 0.
                result = result.or(attrs.memory()
                        ? MemTxResult.ACCESS_ERROR
                        : unassigned(buf, off + done, len - done, isWrite, MemTxResult.DECODE_ERROR));
                break;
            }
        }
        return result;
    }

    /** {@code min(remaining, available)}, where {@code available == 0} stands for 2^64. */
    static long clamp(long remaining, long available) {
        return available == 0 || Long.compareUnsigned(remaining, available) <= 0 ? remaining : available;
    }

    /**
     * The last address of the hole at {@code addr}: just before the next range, or 2^64 − 1 when
     * no range follows. QEMU's unassigned section does not stop at the next range; physmem cuts
     * the hole there so that every byte reaches the range that holds it.
     */
    static long holeLast(FlatView view, long addr) {
        int next = view.nextIndex(addr);
        return next == view.size() ? -1L : view.range(next).start() - 1;
    }

    /** QEMU's {@code memory_region_is_ram}: RAM, ROM and RAM devices; not ROM devices. */
    static boolean isRam(MemoryRegion region) {
        return region instanceof RamRegion || region instanceof RamDeviceRegion;
    }

    /**
     * A piece nothing decodes: reads see zeros (QEMU's {@code unassigned_mem_read}); the piece
     * answers {@code result} (DECODE_ERROR, or ERROR for an IOMMU loop).
     */
    static MemTxResult unassigned(MemorySegment buf, long pos, long len, boolean isWrite,
            MemTxResult result) {
        if (!isWrite) {
            buf.asSlice(pos, len).fill((byte) 0);
        }
        return result;
    }

    /** Reads {@code len} bytes at region offset {@code offset} of one range; also a slow cache's path. */
    static MemTxResult readRange(FlatRange range, boolean targetBigEndian, long offset, MemTxAttrs attrs,
            MemorySegment buf, long pos, long len) {
        return switch (range.region()) {
            case RamRegion ram -> copyIn(ram.backing(), offset, buf, pos, len);
            case RomDeviceRegion rom when rom.isRomd() -> copyIn(rom.backing(), offset, buf, pos, len);
            case RomDeviceRegion rom -> ioRead(rom.ops(), targetBigEndian, offset, attrs, buf, pos, len);
            case IoRegion io -> ioRead(io.ops(), targetBigEndian, offset, attrs, buf, pos, len);
            case RamDeviceRegion ramd -> ioRead(ramd.ops(), targetBigEndian, offset, attrs, buf, pos, len);
            default -> throw notTerminal(range);
        };
    }

    /** Writes {@code len} bytes at region offset {@code offset} of one range; also a slow cache's path. */
    static MemTxResult writeRange(FlatRange range, boolean targetBigEndian, long offset, MemTxAttrs attrs,
            MemorySegment buf, long pos, long len) {
        return switch (range.region()) {
            case RamRegion ram when range.readonly() -> MemTxResult.DECODE_ERROR;
            case RamRegion ram -> copyOut(buf, pos, ram, offset, len);
            case RomDeviceRegion rom -> ioWrite(rom, rom.ops(), targetBigEndian, offset, attrs, buf, pos, len);
            case IoRegion io -> ioWrite(io, io.ops(), targetBigEndian, offset, attrs, buf, pos, len);
            case RamDeviceRegion ramd -> ioWrite(ramd, ramd.ops(), targetBigEndian, offset, attrs, buf, pos, len);
            default -> throw notTerminal(range);
        };
    }

    private static MemTxResult copyIn(MemorySegment memory, long offset, MemorySegment buf, long pos, long len) {
        MemorySegment.copy(memory, offset, buf, pos, len);
        return MemTxResult.OK;
    }

    /** Copies into RAM and marks the pages dirty for the clients logging the region. */
    private static MemTxResult copyOut(MemorySegment buf, long pos, RamRegion ram, long offset, long len) {
        MemorySegment.copy(buf, pos, ram.backing(), offset, len);
        ram.dirtyLog().markWritten(offset, len);
        return MemTxResult.OK;
    }

    private static MemTxResult ioRead(MemoryRegionOps ops, boolean targetBigEndian, long offset, MemTxAttrs attrs,
            MemorySegment buf, long pos, long len) {
        boolean big = deviceBigEndian(ops, targetBigEndian);
        MemTxResult result = MemTxResult.OK;
        IoScratch scratch = IoScratch.current();
        MemTxData data = scratch.push();
        try {
            while (len > 0) {
                int l = AccessSplitter.memoryAccessSize(ops.valid(), ops.impl(), len, offset);
                result = result.or(IoDispatch.read(ops, big, offset, l, attrs, data));
                AccessLayouts.store(buf, pos, l, big, data.value);
                offset += l;
                pos += l;
                len -= l;
            }
        } finally {
            scratch.pop();
        }
        return result;
    }

    private static MemTxResult ioWrite(MemoryRegion region, MemoryRegionOps ops, boolean targetBigEndian, long offset,
            MemTxAttrs attrs, MemorySegment buf, long pos, long len) {
        boolean big = deviceBigEndian(ops, targetBigEndian);
        MemTxResult result = MemTxResult.OK;
        while (len > 0) {
            int l = AccessSplitter.memoryAccessSize(ops.valid(), ops.impl(), len, offset);
            long value = AccessLayouts.load(buf, pos, l, big);
            result = result.or(IoDispatch.write(region, ops, big, offset, l, value, attrs));
            offset += l;
            pos += l;
            len -= l;
        }
        return result;
    }

    /** The device's byte order, with {@code NATIVE} resolved to the target's. QEMU: {@code memory_region_big_endian}. */
    static boolean deviceBigEndian(MemoryRegionOps ops, boolean targetBigEndian) {
        return switch (ops.endianness()) {
            case NATIVE -> targetBigEndian;
            case LITTLE -> false;
            case BIG -> true;
        };
    }

    private static IllegalStateException notTerminal(FlatRange range) {
        return new IllegalStateException("flat range shows a region that is not terminal: region="
                + range.region().name());
    }
}
