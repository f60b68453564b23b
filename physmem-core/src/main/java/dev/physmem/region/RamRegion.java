package dev.physmem.region;

import dev.physmem.MemorySystem;
import java.lang.foreign.MemorySegment;
import java.util.Objects;

/**
 * Guest RAM, or ROM (RAM with the read-only flag set), backed by host memory that the guest
 * reads and writes directly. QEMU counterpart: {@code memory_region_init_ram} and
 * {@code memory_region_init_rom}.
 *
 * <p>The backing segment is at least {@link #size()} bytes; offsets into it are offsets within
 * the region. Writes through the address-space API to a read-only RAM region are dropped, as in
 * QEMU.
 */
public final class RamRegion extends MemoryRegion {
    private final MemorySegment backing;

    public RamRegion(MemorySystem system, Owner owner, String name, long size, MemorySegment backing, boolean rom) {
        super(system, owner, name, size);
        this.backing = Objects.requireNonNull(backing, "backing");
        if (Long.compareUnsigned(backing.byteSize(), size) < 0 || size == SIZE_2_64) {
            throw new IllegalArgumentException("backing smaller than region: name=" + name
                    + " size=0x" + Long.toHexString(size) + " backing=0x" + Long.toHexString(backing.byteSize()));
        }
        if (rom) {
            setReadonly(true);
        }
    }

    /** The host memory behind the region; offset 0 is the region's first byte. */
    public MemorySegment backing() {
        return backing;
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
