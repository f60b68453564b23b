package dev.physmem.region;

import dev.physmem.MemorySystem;

/**
 * A pure container: it has no backing and renders nothing itself, so where it has no subregion,
 * lower-priority siblings show through. QEMU counterpart: a region made by
 * {@code memory_region_init}.
 */
public final class ContainerRegion extends MemoryRegion {

    public ContainerRegion(MemorySystem system, Owner owner, String name, long size) {
        super(system, owner, name, size);
    }

    @Override
    public boolean isTerminal() {
        return false;
    }

    @Override
    public String typeName() {
        return "i/o";
    }
}
