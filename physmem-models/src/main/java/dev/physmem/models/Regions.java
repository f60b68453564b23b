package dev.physmem.models;

import dev.physmem.MemorySystem;
import dev.physmem.region.IoRegion;
import dev.physmem.region.MemoryRegion;
import dev.physmem.region.Owner;

/** Shorthands for the register-file devices the machine models map. */
public final class Regions {
    private Regions() {
    }

    /** An I/O region of {@code size} bytes of plain registers. */
    public static IoRegion registers(MemorySystem system, Owner owner, String name, long size) {
        return system.initIo(owner, new RegisterFile(size), name, size);
    }

    /** Maps a new register region at {@code offset} of {@code container} with priority 0 and returns it. */
    public static IoRegion map(MemoryRegion container, long offset, Owner owner, String name, long size) {
        IoRegion region = registers(container.system(), owner, name, size);
        container.addSubregion(offset, region);
        return region;
    }

    /** The owner {@code path + "/" + child}, of the same kind as {@code parent}. */
    public static Owner child(Owner parent, String child) {
        return new Owner(parent.kind(), parent.value() + "/" + child);
    }
}
