package dev.physmem.space;

import dev.physmem.attr.MemTxAttrs;
import dev.physmem.attr.MemTxResult;
import dev.physmem.dirty.RamDirtyLog;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;

/**
 * Guest memory mapped for direct access by a bus master: either the host memory of RAM itself, or
 * a bounce buffer standing in for memory that cannot be accessed directly. Made by
 * {@link AddressSpace#map}, ended by {@link AddressSpace#unmap} (or {@link #unmap(long)},
 * {@link #close()}). QEMU counterpart: the pointer and {@code *plen} that
 * {@code address_space_map} returns.
 *
 * <h2>What the segment is</h2>
 * <ul>
 *   <li>Direct ({@link #isBounce()} false): a slice of the RAM region's host memory, covering
 *       {@code [address(), address() + length())} of the space. Writes through it reach guest RAM
 *       at once; {@link AddressSpace#unmap} marks the first {@code accessLen} bytes dirty.</li>
 *   <li>Bounce ({@link #isBounce()} true): a private buffer of at most
 *       {@link AddressSpace#BOUNCE_BUFFER_SIZE} bytes. For a read it holds what a
 *       {@link AddressSpace#read} of the range gave at map time ({@link #fillResult()}); for a
 *       write it starts zeroed and its first {@code accessLen} bytes are written to the space, in
 *       address order, by {@link AddressSpace#unmap}.</li>
 * </ul>
 * A mapping for read has a read-only segment, so nothing can write guest memory through it without
 * the write being marked dirty. A mapping is for reads or for writes, never both (QEMU: "not for
 * read-modify-write operations").
 *
 * <h2>Lifetime</h2>
 * The segment stays valid until the mapping is unmapped; {@link #segment()} then throws. A direct
 * segment over a region whose host memory is later unmapped (a released backend) throws on access,
 * as every segment of that memory does. Unmapping twice is an error; {@link #close()} after an
 * unmap does nothing, so a mapping can sit in a try-with-resources block and still be unmapped
 * with an exact {@code accessLen}:
 * {@snippet :
 * Optional<GuestMapping> mapped = as.map(desc.addr(), desc.len(), true, MemTxAttrs.UNSPECIFIED);
 * if (mapped.isEmpty()) {
 *     as.registerMapClient(retry);             // the bounce buffer is busy: run retry when it is free
 *     return;
 * }
 * try (GuestMapping m = mapped.get()) {
 *     long n = device.fill(m.segment());       // may write fewer bytes than mapped
 *     m.unmap(n);                              // marks (or writes back) exactly n bytes
 * }
 * }
 *
 * <h2>Thread safety</h2>
 * A mapping may be used and unmapped from any thread; the segment's bytes race as guest RAM does.
 * Exactly one of concurrent unmaps succeeds.
 */
public final class GuestMapping implements AutoCloseable {
    private static final VarHandle UNMAPPED;

    static {
        try {
            UNMAPPED = MethodHandles.lookup().findVarHandle(GuestMapping.class, "unmapped", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final AddressSpace space;
    private final long address;
    private final MemorySegment segment;
    private final boolean isWrite;
    private final MemTxAttrs attrs;
    private final MemTxResult fillResult;
    private final boolean bounce;
    /** Direct mappings for write: the RAM region's dirty log, else null. */
    private final RamDirtyLog dirtyLog;
    /** Direct mappings: the region offset of {@link #address}. */
    private final long regionOffset;
    private volatile boolean unmapped;

    private GuestMapping(AddressSpace space, long address, MemorySegment segment, boolean isWrite, MemTxAttrs attrs,
            MemTxResult fillResult, boolean bounce, RamDirtyLog dirtyLog, long regionOffset) {
        this.space = space;
        this.address = address;
        this.segment = isWrite ? segment : segment.asReadOnly();
        this.isWrite = isWrite;
        this.attrs = attrs;
        this.fillResult = fillResult;
        this.bounce = bounce;
        this.dirtyLog = dirtyLog;
        this.regionOffset = regionOffset;
    }

    /**
     * A mapping of host memory {@code memory} (already sliced to the mapped bytes) at region offset
     * {@code regionOffset}; {@code dirtyLog} is where unmap marks writes (null for a read).
     */
    static GuestMapping direct(AddressSpace space, long address, MemorySegment memory, boolean isWrite,
            MemTxAttrs attrs, RamDirtyLog dirtyLog, long regionOffset) {
        if (isWrite) {
            Objects.requireNonNull(dirtyLog, "dirtyLog");
        }
        return new GuestMapping(space, address, memory, isWrite, attrs, MemTxResult.OK, false, dirtyLog,
                regionOffset);
    }

    /** A bounce mapping over {@code buffer}, filled (for a read) with outcome {@code fillResult}. */
    static GuestMapping bounce(AddressSpace space, long address, MemorySegment buffer, boolean isWrite,
            MemTxAttrs attrs, MemTxResult fillResult) {
        return new GuestMapping(space, address, buffer, isWrite, attrs, fillResult, true, null, 0);
    }

    /** The absolute address of the first mapped byte: the {@code addr} given to {@code map}. */
    public long address() {
        return address;
    }

    /**
     * How many bytes are mapped, from 1 up to the length asked for. QEMU: the {@code *plen} that
     * {@code address_space_map} returns.
     */
    public long length() {
        return segment.byteSize();
    }

    /** Whether the mapping was made for writing (its segment is writable) or for reading. */
    public boolean isWrite() {
        return isWrite;
    }

    /** Whether the segment is a bounce buffer rather than guest RAM itself. */
    public boolean isBounce() {
        return bounce;
    }

    /** The attributes given to {@code map}; a bounce buffer is filled and written back with them. */
    public MemTxAttrs attrs() {
        return attrs;
    }

    /**
     * The outcome of filling a bounce buffer for a read (what {@link AddressSpace#read} of the same
     * bytes returned); {@link MemTxResult#OK} for direct mappings and for writes.
     */
    public MemTxResult fillResult() {
        return fillResult;
    }

    /**
     * The mapped memory: {@link #length()} bytes, read-only unless mapped for write.
     *
     * @throws IllegalStateException once the mapping is unmapped
     */
    public MemorySegment segment() {
        if (unmapped) {
            throw new IllegalStateException("mapping is unmapped: " + this);
        }
        return segment;
    }

    /** Whether the mapping is still live (not yet unmapped). */
    public boolean isMapped() {
        return !unmapped;
    }

    /** The address space that made this mapping. */
    public AddressSpace space() {
        return space;
    }

    /**
     * Unmaps with {@link #isWrite()} as the direction: {@code space().unmap(this, accessLen, isWrite())}.
     *
     * @see AddressSpace#unmap
     */
    public MemTxResult unmap(long accessLen) {
        return space.unmap(this, accessLen, isWrite);
    }

    /**
     * Unmaps the whole mapping unless it is unmapped already: a mapping for write counts all of
     * {@link #length()} as written (marked dirty, or written back); a mapping for read accessed it
     * all. Use {@link #unmap(long)} when fewer bytes were written.
     */
    @Override
    public void close() {
        if (!unmapped) {
            space.unmap(this, length(), isWrite);
        }
    }

    // ---------------------------------------------------------------- for AddressSpace.unmap

    /** Claims the unmap; false if the mapping was unmapped already. */
    boolean markUnmapped() {
        return UNMAPPED.compareAndSet(this, false, true);
    }

    /** The buffer or RAM slice, whatever the state. */
    MemorySegment memory() {
        return segment;
    }

    RamDirtyLog dirtyLog() {
        return dirtyLog;
    }

    long regionOffset() {
        return regionOffset;
    }

    @Override
    public String toString() {
        return "GuestMapping[space=" + space.name() + " address=0x" + Long.toHexString(address)
                + " length=0x" + Long.toHexString(length()) + (isWrite ? " write" : " read")
                + (isBounce() ? " bounce" : " direct") + (unmapped ? " unmapped" : "") + "]";
    }
}
