package dev.physmem.space;

import dev.physmem.attr.MemTxAttrs;
import dev.physmem.attr.MemTxResult;
import dev.physmem.dirty.RamDirtyLog;
import dev.physmem.flat.FlatRange;
import dev.physmem.flat.FlatView;
import dev.physmem.iommu.IommuMemoryRegion;
import java.lang.foreign.MemorySegment;
import java.util.Objects;

/**
 * A range of an address space resolved once, for repeated accesses at offsets within it: a virtio
 * ring, a descriptor table. Made by {@link AddressSpace#cacheInit}. QEMU counterpart:
 * {@code MemoryRegionCache} with {@code address_space_read_cached}/{@code write_cached}, the
 * {@code _cached} ld/st family, {@code address_space_cache_invalidate} and
 * {@code address_space_cache_destroy}.
 *
 * <h2>Offsets</h2>
 * Every {@code offset} here is an offset within the cache: offset 0 is absolute address
 * {@link #address()}, and an access must lie inside {@code [0, length())}; one that does not
 * throws {@link IndexOutOfBoundsException} (QEMU asserts). The ld/st family ({@link TypedAccess})
 * takes the same offsets.
 *
 * <h2>Two kinds</h2>
 * <ul>
 *   <li>{@linkplain #isDirect() Direct} (RAM, or for a read cache also ROM and a ROM device in
 *       romd mode): accesses go straight to the region's host memory, bounds-checked, allocation
 *       free. Writes and stores mark the bytes dirty at once, as every RAM write path of physmem
 *       does. (QEMU's {@code _cached} stores and {@code write_cached} do not mark: they leave it to
 *       {@link #invalidate}, which callers must call. physmem marks at the store and at
 *       {@code invalidate}, so QEMU-shaped callers keep working and a forgotten invalidate loses no
 *       dirty page.)</li>
 *   <li>Slow (I/O, a ROM device, a RAM device, ROM in a write cache, a hole): each access goes
 *       to the region and region offset found at init, through the same device dispatch as
 *       {@link AddressSpace}'s ld/st (one access of the full width) and read/write (cut by
 *       {@code memory_access_size}); a hole reads 0 and drops writes with DECODE_ERROR, ROM drops
 *       writes with DECODE_ERROR. Buffer reads and writes use unspecified attributes, as QEMU's
 *       {@code address_space_read_cached_slow} does; the ld/st family passes its attributes on.</li>
 *   <li>Slow over an IOMMU region: init does not translate; each access is translated anew, in the
 *       view of init, and goes where the translation leads (QEMU's
 *       {@code address_space_translate_cached}), so the cache follows the IOMMU's mappings.</li>
 * </ul>
 *
 * <h2>Validity</h2>
 * A cache does not follow topology changes: it keeps using the region it found at init even after
 * the region is moved or removed. Re-init it when the view changes (virtio does so when its
 * listener's {@code commit} runs). After {@link #close()} every access throws
 * {@link IllegalStateException}. A read cache (made with {@code isWrite} false) refuses writes,
 * stores and {@link #invalidate} with {@link IllegalStateException}.
 *
 * {@snippet :
 * MemoryRegionCache used = dma.cacheInit(ring.usedAddr(), usedSize, true);
 * used.stlLe(4 + 8 * slot, head);             // used ring element: id
 * used.stlLe(8 + 8 * slot, written);          //                    len
 * used.stwLe(2, nextIdx);                     // used->idx
 * used.invalidate(2, 2);                      // QEMU's protocol; physmem has marked already
 * used.close();
 * }
 *
 * <h2>Thread safety</h2>
 * Accesses may run on any thread, as {@link AddressSpace}'s do; RAM bytes race as guest RAM does.
 * {@link #close()} must not race with accesses (QEMU: destroy after the last RCU reader).
 */
public final class MemoryRegionCache implements TypedAccess, AutoCloseable {
    private final AddressSpace space;
    private final long address;
    private final long length;
    private final boolean isWrite;
    /** Direct: the host memory of offsets {@code [0, length)}; null for a slow cache. */
    private final MemorySegment direct;
    /** Direct write caches: where writes are marked; else null. */
    private final RamDirtyLog dirtyLog;
    /** Slow caches: the range found at init, null for a hole; direct caches: null. */
    private final FlatRange range;
    /** Slow caches over an IOMMU range: the view of init, in which each access is translated anew. */
    private final FlatView iommuView;
    /** The region offset of cache offset 0 (direct, or slow over a range). */
    private final long regionOffset;
    private final boolean targetBigEndian;
    /** {@link #length} while open, -1 once closed: the one bound every access checks. */
    private long limit;

    private MemoryRegionCache(AddressSpace space, long address, long length, boolean isWrite,
            MemorySegment direct, RamDirtyLog dirtyLog, FlatRange range, long regionOffset, FlatView view) {
        this.space = space;
        this.address = address;
        this.length = length;
        this.isWrite = isWrite;
        this.direct = direct == null || isWrite ? direct : direct.asReadOnly();
        this.dirtyLog = dirtyLog;
        this.range = range;
        this.iommuView = range != null && range.region() instanceof IommuMemoryRegion ? view : null;
        this.regionOffset = regionOffset;
        this.targetBigEndian = space.targetBigEndian();
        this.limit = length;
    }

    /**
     * A direct cache over {@code memory}: the host memory of the cached bytes, from region offset
     * {@code regionOffset}.
     */
    static MemoryRegionCache direct(AddressSpace space, long address, boolean isWrite, MemorySegment memory,
            RamDirtyLog dirtyLog, long regionOffset) {
        if (isWrite) {
            Objects.requireNonNull(dirtyLog, "dirtyLog");
        }
        return new MemoryRegionCache(space, address, memory.byteSize(), isWrite, memory, dirtyLog, null,
                regionOffset, null);
    }

    /**
     * A slow cache of {@code length} bytes inside {@code range} of {@code view} (null: a hole), from
     * region offset {@code regionOffset}.
     */
    static MemoryRegionCache slow(AddressSpace space, FlatView view, long address, long length, boolean isWrite,
            FlatRange range, long regionOffset) {
        return new MemoryRegionCache(space, address, length, isWrite, null, null, range, regionOffset, view);
    }

    /** The absolute address of offset 0. */
    public long address() {
        return address;
    }

    /**
     * Bytes covered, from 1 up to the length asked for. QEMU: the value
     * {@code address_space_cache_init} returns.
     */
    public long length() {
        return length;
    }

    /** Whether the cache was made for writing. */
    public boolean isWrite() {
        return isWrite;
    }

    /** Whether accesses go straight to host memory. QEMU: {@code cache->ptr != NULL}. */
    public boolean isDirect() {
        return direct != null;
    }

    /** Whether {@link #close()} has been called. */
    public boolean isClosed() {
        return limit < 0;
    }

    // ---------------------------------------------------------------- the ld/st family

    /** {@inheritDoc} {@code addr} is an offset within the cache. */
    @Override
    public long load(long addr, int size, boolean bigEndian, MemTxAttrs attrs, MemTxResultHolder result) {
        AccessLayouts.checkSize(size);
        Objects.requireNonNull(attrs, "attrs");
        checkOffset(addr, size);
        MemorySegment d = direct;
        if (d != null) {
            LoadStore.report(result, MemTxResult.OK);
            return AccessLayouts.load(d, addr, size, bigEndian);
        }
        if (range == null) {
            LoadStore.report(result, MemTxResult.DECODE_ERROR);
            return 0;
        }
        if (iommuView != null) {
            return LoadStore.load(iommuView, targetBigEndian, address + addr, size, bigEndian, attrs, result);
        }
        return LoadStore.loadFromRange(range, targetBigEndian, regionOffset + addr, size, bigEndian, attrs, result);
    }

    /**
     * {@inheritDoc} {@code addr} is an offset within the cache.
     *
     * @throws IllegalStateException if this is a read cache
     */
    @Override
    public void store(long addr, int size, boolean bigEndian, long value, MemTxAttrs attrs,
            MemTxResultHolder result) {
        AccessLayouts.checkSize(size);
        Objects.requireNonNull(attrs, "attrs");
        checkWrite(addr, size);
        MemorySegment d = direct;
        if (d != null) {
            AccessLayouts.store(d, addr, size, bigEndian, value);
            dirtyLog.markWritten(regionOffset + addr, size);
            LoadStore.report(result, MemTxResult.OK);
            return;
        }
        if (iommuView != null) {
            LoadStore.store(iommuView, targetBigEndian, address + addr, size, bigEndian, value, attrs, result);
            return;
        }
        LoadStore.report(result, range == null
                ? MemTxResult.DECODE_ERROR
                : LoadStore.storeToRange(range, targetBigEndian, regionOffset + addr, size, bigEndian, value, attrs));
    }

    // ---------------------------------------------------------------- buffer accesses

    /**
     * Reads {@code len} bytes at cache offset {@code offset} into {@code buf[off, off + len)}.
     * QEMU: {@code address_space_read_cached}.
     *
     * @throws IndexOutOfBoundsException if either range is out of bounds
     */
    public MemTxResult read(long offset, byte[] buf, int off, int len) {
        return access(offset, buf, off, len, false);
    }

    /**
     * Reads {@code buf.byteSize()} bytes at cache offset {@code offset} into {@code buf}.
     *
     * @throws IllegalArgumentException if {@code buf} is read-only
     */
    public MemTxResult read(long offset, MemorySegment buf) {
        Objects.requireNonNull(buf, "buf");
        if (buf.isReadOnly()) {
            throw new IllegalArgumentException("cannot read into a read-only segment: byteSize=" + buf.byteSize());
        }
        return access(offset, buf, 0, buf.byteSize(), false);
    }

    /**
     * Writes {@code buf[off, off + len)} at cache offset {@code offset}. QEMU:
     * {@code address_space_write_cached}.
     *
     * @throws IllegalStateException if this is a read cache
     */
    public MemTxResult write(long offset, byte[] buf, int off, int len) {
        return access(offset, buf, off, len, true);
    }

    /** Writes the whole of {@code buf} at cache offset {@code offset}. */
    public MemTxResult write(long offset, MemorySegment buf) {
        Objects.requireNonNull(buf, "buf");
        return access(offset, buf, 0, buf.byteSize(), true);
    }

    private MemTxResult access(long offset, byte[] buf, int off, int len, boolean write) {
        Objects.requireNonNull(buf, "buf");
        Objects.checkFromIndexSize(off, len, buf.length);
        return access(offset, MemorySegment.ofArray(buf), off, len, write);
    }

    private MemTxResult access(long offset, MemorySegment buf, long off, long len, boolean write) {
        if (write) {
            checkWrite(offset, len);
        } else {
            checkOffset(offset, len);
        }
        if (len == 0) {
            return MemTxResult.OK;
        }
        if (direct != null) {
            if (write) {
                MemorySegment.copy(buf, off, direct, offset, len);
                dirtyLog.markWritten(regionOffset + offset, len);
            } else {
                MemorySegment.copy(direct, offset, buf, off, len);
            }
            return MemTxResult.OK;
        }
        if (range == null) {
            return ViewAccess.unassigned(buf, off, len, write, MemTxResult.DECODE_ERROR);
        }
        if (iommuView != null) {
            return write
                    ? ViewAccess.write(iommuView, targetBigEndian, address + offset, MemTxAttrs.UNSPECIFIED, buf, off,
                            len)
                    : ViewAccess.read(iommuView, targetBigEndian, address + offset, MemTxAttrs.UNSPECIFIED, buf, off,
                            len);
        }
        return write
                ? ViewAccess.writeRange(range, targetBigEndian, regionOffset + offset, MemTxAttrs.UNSPECIFIED, buf,
                        off, len)
                : ViewAccess.readRange(range, targetBigEndian, regionOffset + offset, MemTxAttrs.UNSPECIFIED, buf,
                        off, len);
    }

    // ---------------------------------------------------------------- invalidate, close

    /**
     * Declares that {@code [offset, offset + accessLen)} was written: marks those bytes dirty in a
     * direct cache (a slow cache's writes went through the region, nothing to do). QEMU:
     * {@code address_space_cache_invalidate}. physmem's writes have marked already; this marks
     * again, which costs no atomic operation on a page that is still dirty.
     *
     * @throws IllegalStateException if this is a read cache, or closed
     * @throws IndexOutOfBoundsException if the range is not inside the cache
     */
    public void invalidate(long offset, long accessLen) {
        checkWrite(offset, accessLen);
        if (direct != null) {
            dirtyLog.markWritten(regionOffset + offset, accessLen);
        }
    }

    /**
     * Releases the cache; every access from now on throws. Idempotent. QEMU:
     * {@code address_space_cache_destroy}.
     */
    @Override
    public void close() {
        limit = -1;
    }

    // ---------------------------------------------------------------- checks

    /** Throws unless {@code [offset, offset + size)} lies in the open cache; one compare when it does. */
    private void checkOffset(long offset, long size) {
        if (offset < 0 || size < 0 || offset > limit - size) {
            throw outOfRange(offset, size);
        }
    }

    private void checkWrite(long offset, long size) {
        if (!isWrite) {
            throw new IllegalStateException("cache was made for reading: " + this);
        }
        checkOffset(offset, size);
    }

    private RuntimeException outOfRange(long offset, long size) {
        if (limit < 0) {
            return new IllegalStateException("cache is closed: " + this);
        }
        return new IndexOutOfBoundsException("access out of cache: offset=0x" + Long.toHexString(offset)
                + " size=" + size + " length=0x" + Long.toHexString(length));
    }

    @Override
    public String toString() {
        return "MemoryRegionCache[space=" + space.name() + " address=0x" + Long.toHexString(address)
                + " length=0x" + Long.toHexString(length) + (isWrite ? " write" : " read")
                + (direct != null ? " direct" : range == null ? " hole" : " region=" + range.region().name())
                + (limit < 0 ? " closed" : "") + "]";
    }
}
