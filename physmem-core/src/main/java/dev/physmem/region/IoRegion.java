package dev.physmem.region;

import dev.physmem.MemorySystem;
import java.util.Objects;

/**
 * A region whose accesses go to device callbacks (MMIO or port I/O). It fills the parts of its
 * range its subregions leave uncovered. QEMU counterpart: {@code memory_region_init_io}.
 */
public final class IoRegion extends MemoryRegion {
    private final MemoryRegionOps ops;

    public IoRegion(MemorySystem system, Owner owner, MemoryRegionOps ops, String name, long size) {
        super(system, owner, name, size);
        this.ops = Objects.requireNonNull(ops, "ops");
    }

    /** The callbacks. */
    public MemoryRegionOps ops() {
        return ops;
    }

    @Override
    public boolean isTerminal() {
        return true;
    }

    @Override
    public String typeName() {
        return "i/o";
    }
}
