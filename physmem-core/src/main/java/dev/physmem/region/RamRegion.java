package dev.physmem.region;

import dev.physmem.MemorySystem;
import dev.physmem.dirty.RamDirtyLog;
import dev.physmem.host.HostMemoryBackend;
import java.lang.foreign.MemorySegment;
import java.lang.ref.Cleaner;
import java.util.Objects;
import java.util.Optional;

/**
 * Guest RAM, or ROM (RAM with the read-only flag set), backed by host memory that the guest
 * reads and writes directly. QEMU counterpart: {@code memory_region_init_ram} and
 * {@code memory_region_init_rom}.
 *
 * <p>The backing segment is at least {@link #size()} bytes; offsets into it are offsets within
 * the region. Writes through the address-space API to a read-only RAM region are dropped, as in
 * QEMU.
 *
 * <h2>Lifetime</h2>
 * A region made from a {@link HostMemoryBackend} holds a {@linkplain HostMemoryBackend.Lease lease}
 * on it until {@link #release()} (QEMU: the region's reference on its owner, dropped by
 * {@code object_unparent}); the backend's memory stays mapped at least that long. A region that
 * becomes unreachable without being released gives its lease up when the garbage collector
 * finds it, as a safety net. Other RAM regions own no reference: anonymous memory from
 * {@code initRam} is freed by the garbage collector, memory from {@code initRamPtr} belongs to the
 * caller.
 */
public final class RamRegion extends MemoryRegion {
    private static final Cleaner LEASES = Cleaner.create();

    private final MemorySegment backing;
    private final HostMemoryBackend.Lease lease;
    private final Cleaner.Cleanable cleanable;
    @SuppressWarnings("this-escape") // the log keeps the region to size its bitmaps on first use
    private final RamDirtyLog dirtyLog = new RamDirtyLog(this, system.dirtyLog().isGlobalLogging());
    private boolean released;

    public RamRegion(MemorySystem system, Owner owner, String name, long size, MemorySegment backing, boolean rom) {
        this(system, owner, name, size, backing, rom, null);
    }

    /**
     * RAM over a backend's memory, holding {@code lease} until {@link #release()}: the whole
     * backend, read-only when the backend is ROM.
     *
     * @throws IllegalArgumentException if {@code lease} is already closed
     */
    public RamRegion(MemorySystem system, Owner owner, String name, HostMemoryBackend.Lease lease) {
        this(system, owner, name, lease.backend().size(), lease.segment(), lease.backend().isRom(), openLease(lease));
    }

    private static HostMemoryBackend.Lease openLease(HostMemoryBackend.Lease lease) {
        if (!lease.isOpen()) {
            throw new IllegalArgumentException("lease is closed: backend=" + lease.backend());
        }
        return lease;
    }

    @SuppressWarnings("this-escape") // the cleaner keeps only a phantom reference to the region
    private RamRegion(MemorySystem system, Owner owner, String name, long size, MemorySegment backing, boolean rom,
            HostMemoryBackend.Lease lease) {
        super(system, owner, name, size);
        this.backing = Objects.requireNonNull(backing, "backing");
        if (Long.compareUnsigned(backing.byteSize(), size) < 0 || size == SIZE_2_64) {
            throw new IllegalArgumentException("backing smaller than region: name=" + name
                    + " size=0x" + Long.toHexString(size) + " backing=0x" + Long.toHexString(backing.byteSize()));
        }
        if (rom) {
            setReadonly(true);
        }
        this.lease = lease;
        this.cleanable = lease == null ? null : LEASES.register(this, lease::close);
    }

    /**
     * The host memory behind the region; offset 0 is the region's first byte. For a region made
     * from a backend, access throws {@link IllegalStateException} once the backend's memory is
     * unmapped.
     */
    public MemorySegment backing() {
        return backing;
    }

    /**
     * The region's dirty-logging state; every RAM write path calls its
     * {@link RamDirtyLog#markWritten}. The API is {@link dev.physmem.dirty.DirtyLog}.
     */
    public RamDirtyLog dirtyLog() {
        return dirtyLog;
    }

    /**
     * The backend this region was made from, or empty. QEMU: the backend that owns the region
     * ({@code host_memory_backend_get_memory}).
     */
    public Optional<HostMemoryBackend> backend() {
        return lease == null ? Optional.empty() : Optional.of(lease.backend());
    }

    /** Whether {@link #release()} has been called. */
    public boolean isReleased() {
        system.lock();
        try {
            return released;
        } finally {
            system.unlock();
        }
    }

    /**
     * Gives up the region's reference on its host memory: for a region made from a backend, the
     * backend's memory is unmapped if this was its last user and its creator closed it. The region
     * must not be mapped in a container. Idempotent; a no-op for regions that own no reference.
     * QEMU: {@code object_unparent} of the region, then {@code memory_region_finalize}.
     *
     * @throws IllegalStateException if the region is still mapped in a container
     * @throws dev.physmem.host.HostMemoryException if unmapping failed
     */
    public void release() {
        system.lock();
        try {
            if (container() != null) {
                throw new IllegalStateException("region is still mapped: name=" + name()
                        + " container=" + container().name());
            }
            if (released) {
                return;
            }
            released = true;
        } finally {
            system.unlock();
        }
        if (cleanable != null) {
            cleanable.clean();
        }
    }

    @Override
    protected void checkResize(long newSize) {
        if (newSize == SIZE_2_64 || Long.compareUnsigned(newSize, backing.byteSize()) > 0) {
            throw new IllegalArgumentException("RAM region cannot grow past its backing: name=" + name()
                    + " newSize=0x" + Long.toHexString(newSize) + " backing=0x" + Long.toHexString(backing.byteSize()));
        }
    }

    @Override
    public boolean isTerminal() {
        return true;
    }

    @Override
    public String typeName() {
        return isReadonly() ? "rom" : "ram";
    }
}
