package dev.physmem.space;

import dev.physmem.MemorySystem;
import dev.physmem.attr.IommuAccessFlags;
import dev.physmem.attr.MemTxAttrs;
import dev.physmem.attr.MemTxResult;
import dev.physmem.dirty.RamDirtyLog;
import dev.physmem.flat.FlatRange;
import dev.physmem.flat.FlatView;
import dev.physmem.iommu.IommuMemoryRegion;
import dev.physmem.iommu.IommuTlbEntry;
import dev.physmem.listener.AddressSpaceListeners;
import dev.physmem.listener.MemoryListener;
import dev.physmem.region.IoRegion;
import dev.physmem.region.MemoryRegion;
import dev.physmem.region.MemoryRegionOps;
import dev.physmem.region.RamDeviceRegion;
import dev.physmem.region.RamRegion;
import dev.physmem.region.RomDeviceRegion;
import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import java.util.Objects;
import java.util.Optional;

/**
 * A view of the region tree from one bus master: the CPU's memory, port I/O, a device's DMA.
 * QEMU counterpart: {@code AddressSpace} with {@code address_space_read/write/rw}, the
 * {@code address_space_ld*}/{@code st*} family, {@code address_space_map/unmap} and
 * {@code address_space_cache_init}.
 *
 * <h2>Addresses and units</h2>
 * Every {@code addr} is an absolute address in this space: an unsigned 64-bit byte address.
 * Lengths and sizes are in bytes. Offsets into a caller's buffer ({@code off}) are offsets into
 * that buffer, nothing else. Addresses do not wrap: the bytes of an access that would lie past
 * 2<sup>64</sup>−1 are unassigned (reads see 0, the result has DECODE_ERROR), where QEMU's
 * {@code hwaddr} arithmetic would wrap around to address 0.
 *
 * <h2>Outcomes</h2>
 * What the guest would see is a {@link MemTxResult}, never an exception: an access that crosses
 * ranges goes piece by piece to the range holding each byte, and the pieces' results are OR-ed.
 * <ul>
 *   <li>RAM: copied directly. A read-only range of RAM (ROM, or RAM seen through a read-only
 *       alias or container) reads normally; writes to it are dropped with DECODE_ERROR, the
 *       result QEMU's {@code address_space_write} gives for ROM.</li>
 *   <li>ROM device: reads come from its memory in romd mode, else from its callbacks; writes
 *       always go to its callbacks.</li>
 *   <li>I/O: the access is cut and dispatched by the device's {@code valid} and {@code impl}
 *       rules (see {@link AccessSplitter}, {@link IoDispatch}); an access {@code valid} rejects
 *       is DECODE_ERROR and never reaches {@code read}/{@code write}. Buffer bytes are the
 *       device's values laid out in the device's byte order ({@code NATIVE}: the target's).</li>
 *   <li>RAM device: loads and stores of exactly 1, 2, 4 or 8 bytes, never bulk copies.</li>
 *   <li>Unassigned: reads see 0, writes are dropped, DECODE_ERROR.</li>
 *   <li>IOMMU ({@link dev.physmem.iommu.IommuMemoryRegion}): each page is translated (RO for a
 *       read, WO for a write) and the access continues in the translation's target space, through
 *       nested IOMMUs, page by page where it straddles translation pages. A page without the
 *       needed permission, or translated into a hole, is unassigned (DECODE_ERROR, as QEMU's
 *       {@code io_mem_unassigned}); a translation that meets IOMMUs 16 times in a row (a loop)
 *       gives ERROR. RAM behind an IOMMU is not on the ld/st fast path.</li>
 *   <li>{@link MemTxAttrs#memory()}: a {@code read}/{@code write} piece that would reach anything
 *       but RAM is denied with ACCESS_ERROR (and skipped; a read leaves those buffer bytes as they
 *       were); if the first piece is denied the access stops there.</li>
 * </ul>
 * API misuse (a negative length, a buffer range out of bounds, a read into a read-only segment)
 * throws before anything is accessed.
 *
 * <h2>The ld/st family</h2>
 * {@code ldub} ... {@code stqBe} come from {@link TypedAccess}, over this space's
 * {@link #load}/{@link #store}: a load from RAM or a store to writable RAM inside one range goes
 * inline to host memory and allocates nothing; everything else takes {@link LoadStore}'s slow
 * path. Inside one range an ld/st reaches a device as one access of its full width, as in QEMU
 * (no {@code memory_access_size} cut).
 * {@snippet :
 * as.stlLe(0x1000, 0xdeadbeef);
 * int v = as.ldlLe(0x1000);                  // 0xdeadbeef
 * var result = new MemTxResultHolder();
 * long q = as.ldqBe(0xfee0_0000L, MemTxAttrs.UNSPECIFIED, result);
 * if (result.get().hasDecodeError()) { ... }
 * }
 *
 * <h2>DMA: map and caches</h2>
 * {@link #map} hands a bus master a {@link GuestMapping}: a segment over guest RAM itself, or one
 * bounce buffer per space for anything else; {@link #unmap} marks what was written dirty (or writes
 * the bounce buffer back). {@link #cacheInit} resolves a range once into a
 * {@link MemoryRegionCache} for repeated ld/st at offsets (virtio rings). Both resolve addresses in
 * the view current at the call and do not follow later topology changes.
 *
 * <h2>Thread safety</h2>
 * Every access method may be called from any thread without locks. An access reads the current
 * {@link FlatView} once (one volatile read) and uses it to the end; a concurrent topology change
 * publishes a new view without disturbing it. RAM is accessed with plain loads and stores, as
 * guest RAM is in QEMU: concurrent accesses to the same bytes race as they would on hardware.
 * Device callbacks run on the calling thread, may themselves access memory, and must do their
 * own locking.
 */
public final class AddressSpace implements TypedAccess {
    private final MemorySystem system;
    private final MemoryRegion root;
    private final String name;
    private final boolean targetBigEndian;
    private volatile FlatView view = FlatView.empty();
    private final AddressSpaceListeners listeners = new AddressSpaceListeners();
    private final BounceBuffer bounce = new BounceBuffer();

    /** Created by {@link MemorySystem#addressSpace}. */
    public AddressSpace(MemorySystem system, MemoryRegion root, String name) {
        this.system = system;
        this.root = root;
        this.name = name;
        this.targetBigEndian = system.targetByteOrder() == ByteOrder.BIG_ENDIAN;
    }

    /** The name, as {@code info mtree} prints it. */
    public String name() {
        return name;
    }

    /** The root region given at creation. */
    public MemoryRegion root() {
        return root;
    }

    /** The system this space belongs to. */
    public MemorySystem system() {
        return system;
    }

    /** The current view; valid as a snapshot for as long as the caller holds it. */
    public FlatView view() {
        return view;
    }

    // ---------------------------------------------------------------- listeners

    /**
     * Registers {@code listener} on this address space and replays the current topology to it
     * (see {@link MemoryListener}). From now on it hears of every commit that changes what this
     * space shows. QEMU: {@code memory_listener_register(listener, as)}.
     *
     * @throws IllegalArgumentException if it is already registered here
     * @throws IllegalStateException if called from inside a listener callback
     */
    public void registerListener(MemoryListener listener) {
        system.lock();
        try {
            listeners.register(listener, view, system.sectionEpoch(), system.dirtyLog().isGlobalLogging());
        } finally {
            system.unlock();
        }
    }

    /**
     * Unregisters {@code listener}, which first hears the topology go away (see
     * {@link AddressSpaceListeners#unregister}). QEMU: {@code memory_listener_unregister}.
     *
     * @throws IllegalArgumentException if it is not registered here
     */
    public void unregisterListener(MemoryListener listener) {
        system.lock();
        try {
            listeners.unregister(listener);
        } finally {
            system.unlock();
        }
    }

    /** This space's listeners and what they were last told; for the memory system and dirty log. */
    public AddressSpaceListeners listeners() {
        return listeners;
    }

    /** Publishes a newly rendered view. Called by the system at commit, lock held. */
    public void publish(FlatView newView) {
        this.view = newView;
    }

    // ---------------------------------------------------------------- buffer accesses

    /**
     * Reads {@code len} bytes at {@code addr} into {@code buf[off, off + len)}.
     * QEMU: {@code address_space_read_full}. {@code len == 0} reads nothing and is OK.
     *
     * @throws IllegalArgumentException if {@code len} is negative
     * @throws IndexOutOfBoundsException if {@code [off, off + len)} is not inside {@code buf}
     */
    public MemTxResult read(long addr, MemTxAttrs attrs, byte[] buf, int off, int len) {
        return rw(addr, attrs, buf, off, len, false);
    }

    /**
     * Writes {@code buf[off, off + len)} to {@code addr}. QEMU: {@code address_space_write}.
     *
     * @throws IllegalArgumentException if {@code len} is negative
     * @throws IndexOutOfBoundsException if {@code [off, off + len)} is not inside {@code buf}
     */
    public MemTxResult write(long addr, MemTxAttrs attrs, byte[] buf, int off, int len) {
        return rw(addr, attrs, buf, off, len, true);
    }

    /**
     * Reads into or writes from {@code buf[off, off + len)}. QEMU: {@code address_space_rw}.
     *
     * @throws IllegalArgumentException if {@code len} is negative
     * @throws IndexOutOfBoundsException if {@code [off, off + len)} is not inside {@code buf}
     */
    public MemTxResult rw(long addr, MemTxAttrs attrs, byte[] buf, int off, int len, boolean isWrite) {
        Objects.requireNonNull(attrs, "attrs");
        Objects.requireNonNull(buf, "buf");
        checkRange(off, len, buf.length);
        if (len == 0) {
            return MemTxResult.OK;
        }
        return access(addr, attrs, MemorySegment.ofArray(buf), off, len, isWrite);
    }

    /**
     * Reads {@code buf.byteSize()} bytes at {@code addr} into {@code buf} (heap or native).
     *
     * @throws IllegalArgumentException if {@code buf} is read-only
     */
    public MemTxResult read(long addr, MemTxAttrs attrs, MemorySegment buf) {
        return rw(addr, attrs, buf, false);
    }

    /** Writes the whole of {@code buf} to {@code addr}. */
    public MemTxResult write(long addr, MemTxAttrs attrs, MemorySegment buf) {
        return rw(addr, attrs, buf, true);
    }

    /**
     * Reads into or writes from the whole of {@code buf}.
     *
     * @throws IllegalArgumentException if {@code buf} is read-only and {@code isWrite} is false
     */
    public MemTxResult rw(long addr, MemTxAttrs attrs, MemorySegment buf, boolean isWrite) {
        Objects.requireNonNull(attrs, "attrs");
        Objects.requireNonNull(buf, "buf");
        if (!isWrite && buf.isReadOnly()) {
            throw new IllegalArgumentException("cannot read into a read-only segment: byteSize=" + buf.byteSize());
        }
        if (buf.byteSize() == 0) {
            return MemTxResult.OK;
        }
        return access(addr, attrs, buf, 0, buf.byteSize(), isWrite);
    }

    private MemTxResult access(long addr, MemTxAttrs attrs, MemorySegment buf, long off, long len, boolean isWrite) {
        FlatView v = view;
        return isWrite
                ? ViewAccess.write(v, targetBigEndian, addr, attrs, buf, off, len)
                : ViewAccess.read(v, targetBigEndian, addr, attrs, buf, off, len);
    }

    private static void checkRange(int off, int len, int length) {
        if (len < 0) {
            throw new IllegalArgumentException("len must not be negative: len=" + len);
        }
        if (off < 0 || off > length - len) {
            throw new IndexOutOfBoundsException(
                    "buffer range out of bounds: off=" + off + " len=" + len + " length=" + length);
        }
    }

    // ---------------------------------------------------------------- the ld/st family

    /**
     * {@inheritDoc} Inside one RAM range this is one load from host memory, without allocating.
     */
    @Override
    public long load(long addr, int size, boolean bigEndian, MemTxAttrs attrs, MemTxResultHolder result) {
        AccessLayouts.checkSize(size);
        Objects.requireNonNull(attrs, "attrs");
        FlatView v = view;
        FlatRange r = ramLoadHit(v, addr, size);
        if (r != null) {
            LoadStore.report(result, MemTxResult.OK);
            return AccessLayouts.load(ram(r), r.offsetOf(addr), size, bigEndian);
        }
        return LoadStore.load(v, targetBigEndian, addr, size, bigEndian, attrs, result);
    }

    /**
     * {@inheritDoc} Inside one writable RAM range this is one store to host memory and a dirty
     * mark, without allocating.
     */
    @Override
    public void store(long addr, int size, boolean bigEndian, long value, MemTxAttrs attrs,
            MemTxResultHolder result) {
        AccessLayouts.checkSize(size);
        Objects.requireNonNull(attrs, "attrs");
        FlatView v = view;
        FlatRange r = ramStoreHit(v, addr, size);
        if (r != null) {
            AccessLayouts.store(ram(r), r.offsetOf(addr), size, bigEndian, value);
            markWritten(r, addr, size);
            LoadStore.report(result, MemTxResult.OK);
            return;
        }
        LoadStore.store(v, targetBigEndian, addr, size, bigEndian, value, attrs, result);
    }

    // ---------------------------------------------------------------- map and unmap

    /** QEMU's {@code TARGET_PAGE_SIZE}: 4 KiB on x86, Arm and RISC-V. */
    public static final long TARGET_PAGE_SIZE = 4096;

    /**
     * Bytes of one bounce buffer, and so the most a map of anything but directly accessible
     * memory returns: {@link #TARGET_PAGE_SIZE}.
     */
    public static final long BOUNCE_BUFFER_SIZE = TARGET_PAGE_SIZE;

    /**
     * Maps up to {@code len} bytes at {@code addr} for direct access by a bus master. QEMU:
     * {@code address_space_map}. What comes back:
     * <ul>
     *   <li>Memory the access can reach directly (QEMU's {@code memory_access_is_direct}: RAM for
     *       reads and writes unless the range is read-only; ROM, read-only RAM and a ROM device in
     *       romd mode for reads): a {@linkplain GuestMapping#isBounce() direct} mapping of the
     *       longest prefix that stays in the same region at contiguous offsets and stays directly
     *       accessible, so {@link GuestMapping#length()} may be shorter than {@code len}
     *       (QEMU's {@code flatview_extend_translation}).</li>
     *   <li>Anything else (I/O, a ROM device out of romd mode, a RAM device, ROM or read-only RAM
     *       mapped for write, a hole): a bounce buffer of at most {@link #BOUNCE_BUFFER_SIZE}
     *       bytes that does not go past the range (or hole) at {@code addr}. For a read it is filled
     *       by {@link #read} now; for a write, {@link #unmap} writes it with {@link #write}: holes
     *       read zeros and drop writes with DECODE_ERROR, ROM drops writes. Each space has one
     *       bounce buffer: while a bounce mapping is live, another map that needs one returns
     *       empty (QEMU returns NULL); {@link #registerMapClient} tells when to retry.</li>
     * </ul>
     * {@code attrs} are kept by the mapping and used for the bounce buffer's read and write-back,
     * so {@link MemTxAttrs#memory()} denies device bytes there with ACCESS_ERROR (QEMU 7.2 reads
     * and writes bounce buffers with unspecified attributes; later QEMU keeps them for the read).
     *
     * @param addr absolute address of the first byte
     * @param len bytes wanted, positive; {@code addr + len} must not pass 2<sup>64</sup>
     * @param isWrite whether the caller will write (else read) through the mapping
     * @return the mapping, or empty when a bounce buffer is needed and this space's is in use
     * @throws IllegalArgumentException if {@code len} is not positive or the range passes
     *         2<sup>64</sup>−1
     */
    public Optional<GuestMapping> map(long addr, long len, boolean isWrite, MemTxAttrs attrs) {
        Objects.requireNonNull(attrs, "attrs");
        checkSpan("map", addr, len);
        FlatView v = view;
        Resolved first = resolve(v, addr, len, isWrite, attrs, true);
        if (first.isDirect(isWrite)) {
            long length = directExtent(v, first, addr, len, isWrite, attrs);
            MemorySegment memory = directMemory(first.range()).asSlice(first.offset(), length);
            return Optional.of(GuestMapping.direct(this, addr, memory, isWrite, attrs, writeLog(first, isWrite),
                    first.offset()));
        }
        if (!bounce.tryAcquire()) {
            return Optional.empty();
        }
        long length = Math.min(first.length(), BOUNCE_BUFFER_SIZE);
        MemorySegment buffer = MemorySegment.ofArray(new byte[(int) length]);
        MemTxResult fill = isWrite
                ? MemTxResult.OK
                : ViewAccess.read(v, targetBigEndian, addr, attrs, buffer, 0, length);
        return Optional.of(GuestMapping.bounce(this, addr, buffer, isWrite, attrs, fill));
    }

    /**
     * Ends {@code mapping}, made by this space's {@link #map}. {@code accessLen} is how many bytes,
     * from the start, the caller actually read or wrote. QEMU: {@code address_space_unmap}.
     * <ul>
     *   <li>Direct, for write: the first {@code accessLen} bytes are marked dirty for every client
     *       logging the region ({@code invalidate_and_set_dirty}).</li>
     *   <li>Bounce, for write: the first {@code accessLen} bytes of the buffer are written to the
     *       mapping's address through {@link #write} with the mapping's attributes, in the current
     *       view; its outcome is returned. Then the bounce buffer is free and waiting map clients
     *       run (on this thread).</li>
     *   <li>For read: nothing but the release.</li>
     * </ul>
     *
     * @param isWrite must equal {@link GuestMapping#isWrite()}
     * @return the outcome of a bounce write-back, else {@link MemTxResult#OK}
     * @throws IllegalArgumentException if the mapping is another space's, {@code isWrite} differs
     *         from the mapping's, or {@code accessLen} is negative or more than its length
     * @throws IllegalStateException if the mapping was unmapped already
     */
    public MemTxResult unmap(GuestMapping mapping, long accessLen, boolean isWrite) {
        Objects.requireNonNull(mapping, "mapping");
        if (mapping.space() != this) {
            throw new IllegalArgumentException("mapping belongs to another address space: space=" + name
                    + " mapping=" + mapping);
        }
        if (isWrite != mapping.isWrite()) {
            throw new IllegalArgumentException("isWrite differs from the mapping's: isWrite=" + isWrite
                    + " mapping=" + mapping);
        }
        if (accessLen < 0 || accessLen > mapping.length()) {
            throw new IllegalArgumentException("accessLen must be 0..length: accessLen=" + accessLen
                    + " mapping=" + mapping);
        }
        if (!mapping.markUnmapped()) {
            throw new IllegalStateException("mapping is already unmapped: " + mapping);
        }
        if (!mapping.isBounce()) {
            if (isWrite) {
                mapping.dirtyLog().markWritten(mapping.regionOffset(), accessLen);
            }
            return MemTxResult.OK;
        }
        MemTxResult result = MemTxResult.OK;
        try {
            if (isWrite && accessLen > 0) {
                result = ViewAccess.write(view, targetBigEndian, mapping.address(), mapping.attrs(),
                        mapping.memory(), 0, accessLen);
            }
        } finally {
            bounce.release();
        }
        return result;
    }

    /**
     * Registers {@code client} to run once, the next time this space's bounce buffer is free: at
     * once (on this thread) if it is free now, else on the thread whose {@link #unmap} frees it,
     * after it is free. A client that is run is forgotten. QEMU: {@code cpu_register_map_client}
     * (QEMU 7.2 has one bounce buffer and one client list per process; physmem has one per address
     * space, as later QEMU's {@code address_space_register_map_client}). Clients are compared by
     * identity: keep the object to {@linkplain #unregisterMapClient unregister} it (a method
     * reference makes a new one each time it is evaluated).
     *
     * @throws IllegalArgumentException if {@code client} is already waiting
     */
    public void registerMapClient(Runnable client) {
        bounce.register(Objects.requireNonNull(client, "client"));
    }

    /**
     * Removes a waiting client. QEMU: {@code cpu_unregister_map_client}.
     *
     * @return false if it was not waiting (never registered, or already run)
     */
    public boolean unregisterMapClient(Runnable client) {
        return bounce.unregister(Objects.requireNonNull(client, "client"));
    }

    /** Whether a bounce mapping of this space is live, so that a map needing one would fail now. */
    public boolean isBounceBufferInUse() {
        return bounce.isInUse();
    }

    /**
     * Whether every byte of {@code [addr, addr + len)} would take a read (or write) without a
     * decode error: nothing unassigned, no write to read-only RAM, and every device piece (cut as
     * {@link #read}/{@link #write} cut it) accepted by the device's {@code valid} rules. Memory the
     * access reaches directly is always valid. Nothing is accessed. QEMU:
     * {@code address_space_access_valid}, which like this does not check {@link MemTxAttrs#memory()}.
     *
     * @return true for {@code len == 0}; false if the range passes 2<sup>64</sup>−1 (those bytes
     *         are unassigned)
     * @throws IllegalArgumentException if {@code len} is negative
     */
    public boolean accessValid(long addr, long len, boolean isWrite, MemTxAttrs attrs) {
        Objects.requireNonNull(attrs, "attrs");
        if (len < 0) {
            throw new IllegalArgumentException("accessValid: len must not be negative: len=" + len);
        }
        if (len > 0 && Long.compareUnsigned(len - 1, -1L - addr) > 0) {
            return false;
        }
        FlatView v = view;
        long done = 0;
        while (done < len) {
            Resolved r = resolve(v, addr + done, len - done, isWrite, attrs, true);
            if (r.range() == null) {
                return false;
            }
            if (!r.isDirect(isWrite) && !piecesValid(r.range(), r.offset(), r.length(), isWrite, attrs)) {
                return false;
            }
            done += r.length();
        }
        return true;
    }

    // ---------------------------------------------------------------- IOTLB entries

    /**
     * The translation of the page holding {@code addr}, as one entry that a device IOTLB (vhost)
     * can cache. QEMU: {@code address_space_get_iotlb_entry}.
     * <ul>
     *   <li>Behind IOMMU regions: the translation is made as an access would make it (RO for a
     *       read, WO for {@code isWrite}, through nested IOMMUs); the page is the smallest of the
     *       pages met (the AND of their masks), {@code iova} is {@code addr} rounded down to it,
     *       {@code translatedAddr} the translated address rounded down alike, {@code targetAs} the
     *       space the last step leads into.</li>
     *   <li>Not behind an IOMMU: the identity, a {@link #TARGET_PAGE_SIZE} page of this space.</li>
     *   <li>Permissions are {@link IommuAccessFlags#RW} in both cases, as QEMU's ("IOTLBs are
     *       for DMAs"), whatever the IOMMU's entry said: the requested direction was checked.</li>
     *   <li>A fault (a page without the needed permission, a hole before or after translation,
     *       a loop): an entry with {@link IommuAccessFlags#NONE} and this space as
     *       {@code targetAs} (QEMU returns an all-zero entry with no target).</li>
     * </ul>
     * Frame of reference: here {@code iova} is an absolute address of this space, not an offset
     * within an IOMMU region. The entry reflects the view and the tables at the call; it stays
     * right until the IOMMU says otherwise (notifiers) or the view changes (listeners).
     *
     * @param addr absolute address in this space
     * @param isWrite whether the access the entry is for writes
     */
    public IommuTlbEntry getIotlbEntry(long addr, boolean isWrite, MemTxAttrs attrs) {
        Objects.requireNonNull(attrs, "attrs");
        long pageMask = TARGET_PAGE_SIZE - 1;
        FlatRange r = view.lookup(addr);
        if (r == null) {
            return IommuTlbEntry.unmapped(this, addr & ~pageMask, pageMask);
        }
        if (!(r.region() instanceof IommuMemoryRegion)) {
            return new IommuTlbEntry(this, addr & ~pageMask, addr & ~pageMask, pageMask, IommuAccessFlags.RW);
        }
        IommuTranslation t = IommuTranslation.resolve(r, addr, 1, isWrite, attrs);
        pageMask = t.pageMask();
        if (t.range() == null) {
            return IommuTlbEntry.unmapped(this, addr & ~pageMask, pageMask);
        }
        return new IommuTlbEntry(t.targetAs(), addr & ~pageMask, t.address() & ~pageMask, pageMask, IommuAccessFlags.RW);
    }

    /** Whether a device (or read-only RAM) takes every guest-sized piece of {@code len} bytes at {@code offset}. */
    private static boolean piecesValid(FlatRange r, long offset, long len, boolean isWrite, MemTxAttrs attrs) {
        MemoryRegionOps ops = switch (r.region()) {
            case IoRegion io -> io.ops();
            case RomDeviceRegion rom -> rom.ops();
            case RamDeviceRegion ramd -> ramd.ops();
            default -> null; // RAM that is not direct: a write to a read-only range
        };
        if (ops == null) {
            return false;
        }
        while (len > 0) {
            int l = AccessSplitter.memoryAccessSize(ops.valid(), ops.impl(), len, offset);
            if (!IoDispatch.accessValid(ops, offset, l, isWrite, attrs)) {
                return false;
            }
            offset += l;
            len -= l;
        }
        return true;
    }

    // ---------------------------------------------------------------- MemoryRegionCache

    /**
     * Resolves {@code [addr, addr + len)} once, for repeated accesses to a fixed range (a virtio
     * ring, a descriptor table). QEMU: {@code address_space_cache_init}.
     *
     * <p>The cache covers the first range at {@code addr} only (the hole, if none), so its
     * {@linkplain MemoryRegionCache#length() length} may be shorter than {@code len}; over memory
     * the access can reach directly it extends as {@link #map} does. It keeps the region and offset
     * it found and does not follow later topology changes: re-init it when the view changes (virtio
     * does so on a listener commit).
     *
     * @param addr absolute address of the cache's offset 0
     * @param len bytes wanted, positive; {@code addr + len} must not pass 2<sup>64</sup>
     * @param isWrite whether the cache will be written (a read cache refuses writes)
     * @throws IllegalArgumentException if {@code len} is not positive or the range passes
     *         2<sup>64</sup>−1
     */
    public MemoryRegionCache cacheInit(long addr, long len, boolean isWrite) {
        checkSpan("cacheInit", addr, len);
        FlatView v = view;
        Resolved first = resolve(v, addr, len, isWrite, MemTxAttrs.UNSPECIFIED, false);
        if (first.isDirect(isWrite)) {
            long length = directExtent(v, first, addr, len, isWrite, MemTxAttrs.UNSPECIFIED);
            MemorySegment memory = directMemory(first.range()).asSlice(first.offset(), length);
            return MemoryRegionCache.direct(this, addr, isWrite, memory, writeLog(first, isWrite), first.offset());
        }
        return MemoryRegionCache.slow(this, v, addr, first.length(), isWrite, first.range(), first.offset());
    }

    /** The target's byte order, for caches that dispatch to devices. */
    boolean targetBigEndian() {
        return targetBigEndian;
    }

    // ---------------------------------------------------------------- resolution for map and cache

    /**
     * Where the bytes {@code [addr, addr + length)} go: {@code range} from region offset
     * {@code offset}, or nowhere ({@code range} null: a hole, or an IOMMU page without permission).
     */
    private record Resolved(FlatRange range, long offset, long length) {
        /** Whether the access can use the range's host memory. */
        boolean isDirect(boolean isWrite) {
            return range != null && AddressSpace.isDirect(range, isWrite);
        }
    }

    /**
     * The one place map, cacheInit and accessValid resolve an address: the range (or hole) at
     * absolute {@code addr} in {@code v}, cut to at most {@code len} bytes at its end, and, with
     * {@code translate}, through IOMMU regions to the range their translation reaches, cut at the
     * translation page (QEMU's {@code flatview_translate}). Without {@code translate} an IOMMU
     * range is returned as it is (QEMU's {@code address_space_translate_internal}, which
     * {@code address_space_cache_init} uses: the cache translates per access).
     */
    private static Resolved resolve(FlatView v, long addr, long len, boolean isWrite, MemTxAttrs attrs,
            boolean translate) {
        FlatRange r = v.lookup(addr);
        if (translate && r != null && r.region() instanceof IommuMemoryRegion) {
            IommuTranslation t = IommuTranslation.resolve(r, addr, len, isWrite, attrs);
            return new Resolved(t.range(), t.offset(), t.length());
        }
        long last = r == null ? ViewAccess.holeLast(v, addr) : r.last();
        return new Resolved(r, r == null ? 0 : r.offsetOf(addr), ViewAccess.clamp(len, last - addr + 1));
    }

    /**
     * Whether an access may use {@code range}'s host memory directly. QEMU:
     * {@code memory_access_is_direct}: writes need RAM not seen read-only; reads take RAM, ROM and a
     * ROM device in romd mode. RAM devices never (they take exact-width accesses only), nor IOMMU
     * regions (a cache over one translates per access).
     */
    private static boolean isDirect(FlatRange range, boolean isWrite) {
        return switch (range.region()) {
            case RamRegion _ -> !isWrite || !range.readonly();
            case RomDeviceRegion rom -> !isWrite && rom.isRomd();
            default -> false;
        };
    }

    private static MemorySegment directMemory(FlatRange range) {
        return switch (range.region()) {
            case RamRegion ram -> ram.backing();
            case RomDeviceRegion rom -> rom.backing();
            default -> throw new IllegalStateException("not direct memory: region=" + range.region().name());
        };
    }

    /** The dirty log a direct write mapping or cache marks; null for reads. */
    private static RamDirtyLog writeLog(Resolved direct, boolean isWrite) {
        return isWrite ? ((RamRegion) direct.range().region()).dirtyLog() : null;
    }

    /**
     * How many of {@code len} bytes from {@code addr} stay in {@code first}'s region at contiguous
     * offsets and directly accessible, piece after piece (through IOMMUs too). QEMU:
     * {@code flatview_extend_translation}.
     */
    private static long directExtent(FlatView v, Resolved first, long addr, long len, boolean isWrite,
            MemTxAttrs attrs) {
        long done = first.length();
        while (done < len) {
            Resolved r = resolve(v, addr + done, len - done, isWrite, attrs, true);
            if (!r.isDirect(isWrite) || r.range().region() != first.range().region()
                    || r.offset() != first.offset() + done) {
                break;
            }
            done += r.length();
        }
        return done;
    }

    /** Rejects a non-positive length and a range that passes 2^64 - 1 (QEMU's hwaddr would wrap). */
    private static void checkSpan(String what, long addr, long len) {
        if (len <= 0) {
            throw new IllegalArgumentException(what + ": len must be positive: len=" + len);
        }
        if (Long.compareUnsigned(len - 1, -1L - addr) > 0) {
            throw new IllegalArgumentException(what + ": range passes 2^64-1: addr=0x" + Long.toHexString(addr)
                    + " len=0x" + Long.toHexString(len));
        }
    }

    // ---------------------------------------------------------------- RAM fast path

    /** The range when {@code [addr, addr + size)} is RAM inside one range, else null. */
    private static FlatRange ramLoadHit(FlatView v, long addr, int size) {
        FlatRange r = v.lookup(addr);
        if (r == null) {
            return null;
        }
        return r.region() instanceof RamRegion && LoadStore.fits(r.last(), addr, size) ? r : null;
    }

    /** The range when {@code [addr, addr + size)} is writable RAM inside one range, else null. */
    private static FlatRange ramStoreHit(FlatView v, long addr, int size) {
        FlatRange r = ramLoadHit(v, addr, size);
        return r == null || r.readonly() ? null : r;
    }

    private static MemorySegment ram(FlatRange r) {
        return ((RamRegion) r.region()).backing();
    }

    /** Marks the bytes a fast-path store wrote dirty. */
    private static void markWritten(FlatRange r, long addr, int size) {
        ((RamRegion) r.region()).dirtyLog().markWritten(r.offsetOf(addr), size);
    }

    @Override
    public String toString() {
        return "AddressSpace[" + name + "]";
    }
}
