package dev.physmem.space;

import dev.physmem.MemorySystem;
import dev.physmem.attr.MemTxAttrs;
import dev.physmem.attr.MemTxResult;
import dev.physmem.flat.FlatRange;
import dev.physmem.flat.FlatView;
import dev.physmem.listener.AddressSpaceListeners;
import dev.physmem.listener.MemoryListener;
import dev.physmem.region.MemoryRegion;
import dev.physmem.region.RamRegion;
import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * A view of the region tree from one bus master: the CPU's memory, port I/O, a device's DMA.
 * QEMU counterpart: {@code AddressSpace} with {@code address_space_read/write/rw} and the
 * {@code address_space_ld*}/{@code st*} family.
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
