package dev.physmem.models;

import dev.physmem.MemorySystem;
import dev.physmem.region.Owner;
import dev.physmem.region.RamRegion;

/**
 * A machine's main RAM as {@code -m} makes it: a memory backend {@code /objects/ID} whose region,
 * named after the machine's {@code default_ram_id}, is registered for migration under that name.
 * QEMU counterpart: {@code create_default_memdev} (hw/core/machine.c).
 */
public final class MachineRam {
    /** RAM sizes are whole target pages. */
    public static final long ALIGN = 0x1000;

    private MachineRam() {
    }

    /**
     * The RAM region {@code id} of {@code size} bytes, owned by {@code /objects/ID}.
     *
     * @throws IllegalArgumentException if {@code size} is not a positive multiple of {@link #ALIGN}
     *     up to {@code maxSize}
     */
    public static RamRegion create(MemorySystem system, String id, long size, long maxSize) {
        if (size <= 0 || size > maxSize || size % ALIGN != 0) {
            throw new IllegalArgumentException("RAM size must be a positive multiple of 4 KiB up to the machine's"
                    + " maximum: id=" + id + " size=0x" + Long.toHexString(size) + " max=0x" + Long.toHexString(maxSize));
        }
        return system.initRam(Owner.objectPath("/objects/" + id), id, size);
    }
}
