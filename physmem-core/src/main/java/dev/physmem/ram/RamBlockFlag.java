package dev.physmem.ram;

/**
 * A property of a {@link RamBlock}. QEMU counterpart: the {@code RAM_*} flags of
 * {@code RAMBlock.flags} ({@code include/exec/memory.h}).
 */
public enum RamBlockFlag {
    /** The host memory is a shared mapping ({@code MAP_SHARED}) that other mappings see. QEMU: {@code RAM_SHARED}. */
    SHARED,
    /**
     * The host memory is mapped read-only ({@code PROT_READ}): a read-only file or a ROM backend.
     * A ROM region over writable memory is not READONLY; its region's read-only flag is what
     * guests see. QEMU 7.2: the {@code readonly} argument of {@code qemu_ram_alloc_from_fd}.
     */
    READONLY,
    /** The used length may change up to the max length. QEMU: {@code RAM_RESIZEABLE}. */
    RESIZEABLE,
    /**
     * Registered for migration: the block has an idstr and the RAM migration sends it.
     * QEMU: {@code RAM_MIGRATABLE}, set by {@code vmstate_register_ram}.
     */
    MIGRATABLE,
    /**
     * The memory was supplied by the caller, who keeps ownership: freeing the block never
     * unmaps it. QEMU: {@code RAM_PREALLOC} ({@code qemu_ram_alloc_from_ptr}); not the
     * backend's {@code prealloc} option.
     */
    CALLER_MEMORY
}
