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
 * The slow paths of the ld/st family: everything but a load from RAM or a store to writable RAM
 * that lies inside one range, which {@link AddressSpace} does inline. QEMU counterpart:
 * {@code address_space_ld*}/{@code st*} in {@code memory_ldst.c.inc}.
 *
 * <h2>Behind an IOMMU</h2>
 * An access that starts in an IOMMU range is translated first ({@link IommuTranslation}); if
 * all its bytes translate alike into one range (or one unassigned piece), that is its one range
 * below. If not (it straddles a translation page or a range of the target), it is split as
 * below, each piece translated on its own.
 *
 * <h2>Inside one range</h2>
 * As in QEMU, the whole width goes to the target at once: a device gets one guest access of
 * exactly that size (checked by {@code valid}, then split or widened to {@code impl}), without
 * the {@link AccessSplitter#memoryAccessSize} cut that buffer accesses get; a hole gives 0 and
 * DECODE_ERROR; a store to read-only RAM is dropped with DECODE_ERROR. Device values are
 * byte-swapped when the device's order differs from the access's. {@link MemTxAttrs#memory()}
 * is not checked here, as QEMU 7.2's ld/st do not check it.
 *
 * <h2>A device partly covered by another range</h2>
 * An access that starts in a device's range (I/O, ROM device out of romd mode) and
 * stays inside the device's region goes whole to that device, even where a higher-priority
 * range covers some of its bytes: QEMU's {@code address_space_translate} cuts lengths at a
 * section's end for RAM only, because "MMIO registers can be expected to perform full-width
 * accesses based only on their address". This is how a 4-byte write to the PC's CONFIG_ADDRESS
 * port 0xcf8 reaches it whole although the reset control port overlays 0xcf9.
 *
 * <h2>Across ranges</h2>
 * Any other access whose bytes lie in more than one range or hole (or past 2<sup>64</sup>−1)
 * behaves exactly like {@code read}/{@code write} of the same bytes, assembled in the access's
 * byte order. QEMU 7.2 instead hands such an access whole to the first range (RAM then answers
 * DECODE_ERROR and 0; a device sees offsets past its end); physmem gives every byte to the range
 * that holds it. This path allocates a small buffer; it is the rare case.
 */
final class LoadStore {

    private LoadStore() {
    }

    /** Loads {@code size} bytes at {@code addr} in the given order; zero-extended. */
    static long load(FlatView view, boolean targetBigEndian, long addr, int size, boolean bigEndian,
            MemTxAttrs attrs, MemTxResultHolder holder) {
        FlatRange range = view.lookup(addr);
        if (range != null && range.region() instanceof IommuMemoryRegion) {
            IommuTranslation t = IommuTranslation.resolve(range, addr, size, false, attrs);
            if (t.length() == size) {
                if (t.range() == null) {
                    report(holder, t.fault());
                    return 0;
                }
                return loadFromRange(t.range(), targetBigEndian, t.offset(), size, bigEndian, attrs, holder);
            }
        } else if (range != null) {
            if (fits(range.last(), addr, size) || insideDevice(range, addr, size)) {
                return loadFromRange(range, targetBigEndian, range.offsetOf(addr), size, bigEndian, attrs, holder);
            }
        } else if (fits(ViewAccess.holeLast(view, addr), addr, size)) {
            report(holder, MemTxResult.DECODE_ERROR);
            return 0;
        }
        MemorySegment tmp = MemorySegment.ofArray(new byte[size]);
        report(holder, ViewAccess.read(view, targetBigEndian, addr, attrs, tmp, 0, size));
        return AccessLayouts.load(tmp, 0, size, bigEndian);
    }

    /** Stores the low {@code size} bytes of {@code value} at {@code addr} in the given order. */
    static void store(FlatView view, boolean targetBigEndian, long addr, int size, boolean bigEndian, long value,
            MemTxAttrs attrs, MemTxResultHolder holder) {
        FlatRange range = view.lookup(addr);
        if (range != null && range.region() instanceof IommuMemoryRegion) {
            IommuTranslation t = IommuTranslation.resolve(range, addr, size, true, attrs);
            if (t.length() == size) {
                report(holder, t.range() == null ? t.fault()
                        : storeToRange(t.range(), targetBigEndian, t.offset(), size, bigEndian, value, attrs));
                return;
            }
        } else if (range != null) {
            if (fits(range.last(), addr, size) || insideDevice(range, addr, size)) {
                report(holder, storeToRange(range, targetBigEndian, range.offsetOf(addr), size, bigEndian, value,
                        attrs));
                return;
            }
        } else if (fits(ViewAccess.holeLast(view, addr), addr, size)) {
            report(holder, MemTxResult.DECODE_ERROR);
            return;
        }
        MemorySegment tmp = MemorySegment.ofArray(new byte[size]);
        AccessLayouts.store(tmp, 0, size, bigEndian, value);
        report(holder, ViewAccess.write(view, targetBigEndian, addr, attrs, tmp, 0, size));
    }

    /**
     * True when {@code range} shows a device (callbacks, not memory) and the access's bytes lie
     * inside that device's region, so that QEMU gives it the whole access.
     */
    static boolean insideDevice(FlatRange range, long addr, int size) {
        MemoryRegion region = range.region();
        long regionSize = region.size();
        return isDevice(region) && regionSize != MemoryRegion.SIZE_2_64 && Long.compareUnsigned(regionSize, size) >= 0
                && Long.compareUnsigned(range.offsetOf(addr), regionSize - size) <= 0;
    }

    /**
     * Whether {@code region} is a device QEMU does not cut at a section's end: I/O, or a ROM
     * device out of romd mode (a RAM device is RAM to {@code memory_region_is_ram}).
     */
    static boolean isDevice(MemoryRegion region) {
        return region instanceof IoRegion || (region instanceof RomDeviceRegion rom && !rom.isRomd());
    }

    /** True when {@code [addr, addr + size)} ends at or before {@code last} (inclusive, unsigned). */
    static boolean fits(long last, long addr, int size) {
        return Long.compareUnsigned(last - addr, size - 1) >= 0;
    }

    /** A load of {@code size} bytes at region offset {@code offset} of one range; also a slow cache's path. */
    static long loadFromRange(FlatRange range, boolean targetBigEndian, long offset, int size,
            boolean bigEndian, MemTxAttrs attrs, MemTxResultHolder holder) {
        return switch (range.region()) {
            case RamRegion ram -> direct(ram.backing(), offset, size, bigEndian, holder);
            case RomDeviceRegion rom when rom.isRomd() -> direct(rom.backing(), offset, size, bigEndian, holder);
            case RomDeviceRegion rom -> ioLoad(rom.ops(), targetBigEndian, offset, size, bigEndian, attrs, holder);
            case IoRegion io -> ioLoad(io.ops(), targetBigEndian, offset, size, bigEndian, attrs, holder);
            case RamDeviceRegion ramd -> ioLoad(ramd.ops(), targetBigEndian, offset, size, bigEndian, attrs, holder);
            default -> throw new IllegalStateException("flat range shows a region that is not terminal: region="
                    + range.region().name());
        };
    }

    /** A store of {@code size} bytes at region offset {@code offset} of one range; also a slow cache's path. */
    static MemTxResult storeToRange(FlatRange range, boolean targetBigEndian, long offset, int size,
            boolean bigEndian, long value, MemTxAttrs attrs) {
        return switch (range.region()) {
            case RamRegion ram when range.readonly() -> MemTxResult.DECODE_ERROR;
            case RamRegion ram -> {
                AccessLayouts.store(ram.backing(), offset, size, bigEndian, value);
                ram.dirtyLog().markWritten(offset, size);
                yield MemTxResult.OK;
            }
            case RomDeviceRegion rom -> ioStore(rom, rom.ops(), targetBigEndian, offset, size, bigEndian, value, attrs);
            case IoRegion io -> ioStore(io, io.ops(), targetBigEndian, offset, size, bigEndian, value, attrs);
            case RamDeviceRegion ramd -> ioStore(ramd, ramd.ops(), targetBigEndian, offset, size, bigEndian, value,
                    attrs);
            default -> throw new IllegalStateException("flat range shows a region that is not terminal: region="
                    + range.region().name());
        };
    }

    private static long direct(MemorySegment memory, long offset, int size, boolean bigEndian,
            MemTxResultHolder holder) {
        report(holder, MemTxResult.OK);
        return AccessLayouts.load(memory, offset, size, bigEndian);
    }

    private static long ioLoad(MemoryRegionOps ops, boolean targetBigEndian, long offset, int size,
            boolean bigEndian, MemTxAttrs attrs, MemTxResultHolder holder) {
        boolean deviceBig = ViewAccess.deviceBigEndian(ops, targetBigEndian);
        IoScratch scratch = IoScratch.current();
        MemTxData data = scratch.push();
        try {
            report(holder, IoDispatch.read(ops, deviceBig, offset, size, attrs, data));
            return deviceBig == bigEndian ? data.value : AccessLayouts.swap(data.value, size);
        } finally {
            scratch.pop();
        }
    }

    private static MemTxResult ioStore(MemoryRegion region, MemoryRegionOps ops, boolean targetBigEndian, long offset,
            int size, boolean bigEndian, long value, MemTxAttrs attrs) {
        boolean deviceBig = ViewAccess.deviceBigEndian(ops, targetBigEndian);
        long deviceValue = deviceBig == bigEndian ? value : AccessLayouts.swap(value, size);
        return IoDispatch.write(region, ops, deviceBig, offset, size, deviceValue, attrs);
    }

    static void report(MemTxResultHolder holder, MemTxResult result) {
        if (holder != null) {
            holder.set(result);
        }
    }
}
