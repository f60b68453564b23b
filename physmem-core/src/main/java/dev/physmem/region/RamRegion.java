package dev.physmem.region;

import dev.physmem.MemorySystem;
import dev.physmem.dirty.RamDirtyLog;
import dev.physmem.host.HostMemoryBackend;
import dev.physmem.ram.RamBlock;
import dev.physmem.ram.RamBlockFlag;
import dev.physmem.ram.RamBlockSpec;
import java.lang.foreign.MemorySegment;
import java.lang.ref.Cleaner;
import java.util.EnumSet;
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
 *
 * <h2>RAM block</h2>
 * A region of non-zero size has a {@link RamBlock} in its system's
 * {@link dev.physmem.ram.RamBlockList}: its place in the ram address space and its migration
 * name. The block is freed by {@link #release()}. QEMU: {@code MemoryRegion.ram_block}.
 */
public final class RamRegion extends MemoryRegion {
    private static final Cleaner LEASES = Cleaner.create();

    private final MemorySegment backing;
    private final HostMemoryBackend.Lease lease;
    private final Cleaner.Cleanable cleanable;
    private final RamDirtyLog dirtyLog;
    private final RamBlock ramBlock;
    private boolean released;

    /**
     * RAM (or ROM) over memory the caller owns; its block has {@link RamBlockFlag#CALLER_MEMORY}
     * and never changes size. QEMU: {@code memory_region_init_ram_ptr}.
     */
    public RamRegion(MemorySystem system, Owner owner, String name, long size, MemorySegment backing, boolean rom) {
        this(system, owner, name, size, backing, rom, callerMemory(size), null);
    }

    /**
     * RAM (or ROM) over {@code backing} whose block is made as {@code block} asks: the block's
     * initial used size is {@code size}, and a resizeable block may grow to {@code block.maxSize()},
     * which {@code backing} must hold.
     *
     * @throws IllegalArgumentException if {@code backing} is smaller than the region, or the block
     *         cannot be made (see {@link dev.physmem.ram.RamBlockList#add})
     */
    public RamRegion(MemorySystem system, Owner owner, String name, long size, MemorySegment backing, boolean rom,
            RamBlockSpec block) {
        this(system, owner, name, size, backing, rom, Objects.requireNonNull(block, "block"), null);
    }

    /**
     * RAM over a backend's memory, holding {@code lease} until {@link #release()}: the whole
     * backend, read-only when the backend is ROM.
     *
     * @throws IllegalArgumentException if {@code lease} is already closed
     */
    public RamRegion(MemorySystem system, Owner owner, String name, HostMemoryBackend.Lease lease) {
        this(system, owner, name, lease.backend().size(), lease.segment(), lease.backend().isRom(),
                backendBlock(lease.backend()), openLease(lease));
    }

    private static RamBlockSpec callerMemory(long size) {
        return RamBlockSpec.fixed(size == SIZE_2_64 ? 0 : size, HostMemoryBackend.hostPageSize(),
                EnumSet.of(RamBlockFlag.CALLER_MEMORY));
    }

    private static RamBlockSpec backendBlock(HostMemoryBackend backend) {
        EnumSet<RamBlockFlag> flags = EnumSet.noneOf(RamBlockFlag.class);
        if (backend.isShared()) {
            flags.add(RamBlockFlag.SHARED);
        }
        if (backend.isRom()) {
            flags.add(RamBlockFlag.READONLY);
        }
        return RamBlockSpec.fixed(backend.size(), backend.pageSize(), flags);
    }

    private static HostMemoryBackend.Lease openLease(HostMemoryBackend.Lease lease) {
        if (!lease.isOpen()) {
            throw new IllegalArgumentException("lease is closed: backend=" + lease.backend());
        }
        return lease;
    }

    @SuppressWarnings("this-escape") // the cleaner keeps a phantom reference, the block list a weak one
    private RamRegion(MemorySystem system, Owner owner, String name, long size, MemorySegment backing, boolean rom,
            RamBlockSpec block, HostMemoryBackend.Lease lease) {
        super(system, owner, name, size);
        this.backing = Objects.requireNonNull(backing, "backing");
        checkFitsBacking(name, "size", size, backing);
        if (rom) {
            setReadonly(true);
        }
        system.lock(); // so that a concurrent globalStart either sees the log or is seen by it
        try {
            this.ramBlock = block.maxSize() == 0 ? null : system.ramBlocks().add(this, backing, size, block);
            this.dirtyLog = new RamDirtyLog(system.dirtyLog().ramDirtyMemory(), name,
                    ramBlock == null ? 0 : ramBlock.ramAddr(), ramBlock == null ? 0 : ramBlock.maxLength(),
                    system.dirtyLog().isGlobalLogging());
        } finally {
            system.unlock();
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
     * The region's dirty-logging state and its place in the dirty bitmaps (its block's ram
     * addresses); every RAM write path calls its {@link RamDirtyLog#markWritten}. The API is
     * {@link dev.physmem.dirty.DirtyLog}. Null only while the constructor runs.
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

    /**
     * The region's block in the ram address space; empty for a region of size 0 (QEMU would
     * abort) and after {@link #release()}.
     */
    public Optional<RamBlock> ramBlock() {
        return liveBlock(ramBlock);
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
     * Frees the region's RAM block and gives up the region's reference on its host memory: for a
     * region made from a backend, the backend's memory is unmapped if this was its last user and
     * its creator closed it. The region must not be mapped in a container. Idempotent.
     * QEMU: {@code object_unparent} of the region, then {@code memory_region_finalize}.
     *
     * @throws IllegalStateException if the region is still mapped in a container
     * @throws dev.physmem.host.HostMemoryException if unmapping failed
     */
    public void release() {
        system.lock();
        try {
            checkReleasable();
            if (released) {
                return;
            }
            released = true;
            dirtyLog.blockFreed();
            if (ramBlock != null) {
                system.ramBlocks().free(ramBlock);
            }
        } finally {
            system.unlock();
        }
        if (cleanable != null) {
            cleanable.clean();
        }
    }

    @Override
    protected void checkResize(long newSize) {
        checkFitsBacking(name(), "newSize", newSize, backing);
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
