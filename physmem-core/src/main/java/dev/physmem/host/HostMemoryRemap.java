package dev.physmem.host;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A second, contiguous host mapping of scattered pieces of guest RAM: the pieces are mapped
 * {@code MAP_SHARED | MAP_FIXED} from their backends' file descriptors, one after the other,
 * into one reserved range. Writes through the view reach guest RAM and the other way round;
 * closing the view leaves guest RAM intact. This is what an RDMA device needs to register a
 * guest buffer that is contiguous in guest-virtual but not in guest-physical memory. QEMU
 * counterpart: pvrdma's {@code pvrdma_map_to_pdir} (which uses {@code mremap} of shared guest
 * pages; here the descriptor is mapped again, which needs no existing mapping).
 *
 * <h2>Characteristics</h2>
 * Every piece's backend must be {@linkplain HostMemoryBackend#isRemappable() remappable} (shared
 * memory behind a descriptor: memfd, file, or ram with share=on); private memory cannot be
 * aliased. Offsets and lengths are in the backend's frame (an offset within a RAM region made
 * from the backend is the same number) and must be multiples of its page size. The view is
 * read-only if any piece's backend is ROM.
 * {@snippet :
 * try (var view = HostMemoryRemap.map(List.of(
 *         new HostMemoryRemap.Piece(ram, 0x5000, 0x1000),
 *         new HostMemoryRemap.Piece(ram, 0x1000, 0x2000)))) {
 *     MemorySegment buffer = view.segment();   // 0x3000 contiguous bytes
 * }
 * }
 *
 * <h2>Lifetime</h2>
 * The view holds a {@linkplain HostMemoryBackend.Lease lease} on each piece's backend, so the
 * backends stay mapped while it exists. {@link #close()} unmaps the view (access through its
 * segment then throws {@link IllegalStateException}) and closes the leases. Idempotent.
 *
 * <h2>Thread safety</h2>
 * Safe for concurrent use, as {@link HostMemoryBackend}.
 */
public final class HostMemoryRemap implements AutoCloseable {

    /**
     * {@code length} bytes of {@code backend} from {@code offset}.
     *
     * @param backend shared memory behind a descriptor
     * @param offset offset within the backend, a multiple of its page size
     * @param length bytes, a positive multiple of its page size
     */
    public record Piece(HostMemoryBackend backend, long offset, long length) {
        public Piece {
            Objects.requireNonNull(backend, "backend");
            if (offset < 0 || length <= 0) {
                throw new IllegalArgumentException("piece must have offset >= 0 and length > 0: offset=" + offset
                        + " length=" + length);
            }
        }
    }

    private final List<Piece> pieces;
    private final List<HostMemoryBackend.Lease> leases;
    private final long address;
    private final Arena arena;
    private final MemorySegment segment;
    private boolean closed;

    @SuppressWarnings("restricted") // the view's size and lifetime are set here, once
    private HostMemoryRemap(List<Piece> pieces, List<HostMemoryBackend.Lease> leases, long address, long size,
            boolean readOnly) {
        this.pieces = pieces;
        this.leases = leases;
        this.address = address;
        this.arena = Arena.ofShared();
        MemorySegment mapped = MemorySegment.ofAddress(address).reinterpret(size, arena,
                ignored -> AddressReservation.releaseQuietly(address, size));
        this.segment = readOnly ? mapped.asReadOnly() : mapped;
    }

    /**
     * Maps {@code pieces}, in order, at one new contiguous host range.
     *
     * @throws IllegalArgumentException if the list is empty, a backend is not remappable, or a
     *     piece is not page aligned or runs past its backend
     * @throws IllegalStateException if a backend's memory has been unmapped
     * @throws HostMemoryException if the host refuses a mapping (nothing stays mapped)
     */
    public static HostMemoryRemap map(List<Piece> pieces) {
        List<Piece> list = List.copyOf(pieces);
        if (list.isEmpty()) {
            throw new IllegalArgumentException("nothing to remap: pieces=0");
        }
        long total = 0;
        long align = Libc.pageSize();
        boolean readOnly = false;
        for (int i = 0; i < list.size(); i++) {
            Piece p = list.get(i);
            check(i, p, total);
            total = Math.addExact(total, p.length());
            align = Math.max(align, p.backend().pageSize());
            readOnly |= p.backend().isRom();
        }
        List<HostMemoryBackend.Lease> leases = new ArrayList<>(list.size());
        long address = -1;
        try {
            for (Piece p : list) {
                leases.add(p.backend().retain());
            }
            address = AddressReservation.reserve(total, align);
            long cursor = address;
            for (Piece p : list) {
                HostMemoryBackend b = p.backend();
                int prot = Libc.PROT_READ | (b.isRom() ? 0 : Libc.PROT_WRITE);
                AddressReservation.mapFixed(cursor, p.length(), prot, Libc.MAP_SHARED, b.fd().orElseThrow(),
                        b.fdOffset() + p.offset());
                cursor += p.length();
            }
            return new HostMemoryRemap(list, leases, address, total, readOnly);
        } catch (RuntimeException | Error e) {
            if (address != -1) {
                AddressReservation.releaseQuietly(address, total);
            }
            leases.forEach(HostMemoryBackend.Lease::close);
            throw e;
        }
    }

    private static void check(int index, Piece p, long viewOffset) {
        HostMemoryBackend b = p.backend();
        if (!b.isRemappable()) {
            throw new IllegalArgumentException("backend is not shared memory behind a file descriptor: piece="
                    + index + " " + b.describe());
        }
        long page = b.pageSize();
        if (p.offset() % page != 0 || p.length() % page != 0 || viewOffset % page != 0) {
            throw new IllegalArgumentException("piece is not page aligned: piece=" + index + " offset=0x"
                    + Long.toHexString(p.offset()) + " length=0x" + Long.toHexString(p.length())
                    + " view-offset=0x" + Long.toHexString(viewOffset) + " page-size=0x" + Long.toHexString(page));
        }
        if (p.offset() > b.size() || p.length() > b.size() - p.offset()) {
            throw new IllegalArgumentException("piece runs past its backend: piece=" + index + " offset=0x"
                    + Long.toHexString(p.offset()) + " length=0x" + Long.toHexString(p.length()) + " "
                    + b.describe());
        }
    }

    /** The view: the pieces back to back, read-only if any piece's backend is ROM. */
    public MemorySegment segment() {
        return segment;
    }

    /** The view's host address, aligned to the largest page size among the pieces. */
    public long address() {
        return address;
    }

    /** The view's size in bytes: the sum of the pieces' lengths. */
    public long byteSize() {
        return segment.byteSize();
    }

    /** The pieces, in view order. */
    public List<Piece> pieces() {
        return pieces;
    }

    /** Whether the view has been unmapped. */
    public synchronized boolean isClosed() {
        return closed;
    }

    /** Unmaps the view and releases the backends. Idempotent. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        try {
            arena.close();
        } finally {
            leases.forEach(HostMemoryBackend.Lease::close);
        }
    }
}
