package dev.physmem.models.x86;

import dev.physmem.MemorySystem;
import dev.physmem.models.Regions;
import dev.physmem.region.AliasRegion;
import dev.physmem.region.Owner;
import java.util.Optional;

/**
 * The TPR-patching helper of x86 TCG/KVM guests: the {@code kvmvapic} port at 0x7e through
 * which its option ROM reports itself, and the writable mapping of that ROM's RAM copy that it
 * then installs ({@code kvmvapic-rom}, an alias of guest RAM at priority 1000 in system memory,
 * above the read-only PAM aliases). QEMU counterpart: {@code VAPICROMState} and
 * {@code vapic_map_rom_writable} (hw/i386/kvmvapic.c).
 */
public final class KvmVapic {
    /** The I/O port of the option ROM's handshake. */
    public static final int PORT = 0x7e;
    /** The ROM window's priority in system memory. */
    public static final int ROM_PRIORITY = 1000;
    private static final long PAGE = 0x1000;
    private static final long ONE_MIB = 0x10_0000L;

    private final MemorySystem system;
    private final PcMemoryMap memory;
    private final Owner owner;
    private AliasRegion rom;

    KvmVapic(PcMemoryMap memory, Owner owner) {
        this.system = memory.system();
        this.memory = memory;
        this.owner = owner;
        Regions.map(memory.io(), PORT, owner, "kvmvapic", 2);
    }

    /**
     * Maps the RAM under the option ROM at {@code romAddress} ({@code romSize} bytes) writable,
     * widened to whole 4 KiB pages, replacing any earlier mapping, in one transaction. The guest
     * triggers this by running the vapic option ROM.
     *
     * @throws IllegalArgumentException if {@code romSize} is not positive or the pages are not
     *     all RAM below 1 MiB
     */
    public void mapRomWritable(long romAddress, long romSize) {
        long start = romAddress & -PAGE;
        long end = (romAddress + romSize + PAGE - 1) & -PAGE;
        if (romSize <= 0 || romAddress < 0 || end > ONE_MIB || end > memory.split().below4g()) {
            throw new IllegalArgumentException("vapic ROM must lie in RAM below 1 MiB: romAddress=0x"
                    + Long.toHexString(romAddress) + " romSize=0x" + Long.toHexString(romSize));
        }
        try (var _ = system.transaction()) {
            if (rom != null) {
                memory.systemMemory().delSubregion(rom);
            }
            rom = system.initAlias(owner, "kvmvapic-rom", memory.ram(), start, end - start);
            memory.systemMemory().addSubregionOverlap(start, rom, ROM_PRIORITY);
        }
    }

    /** The writable ROM window, once the option ROM has run. */
    public Optional<AliasRegion> romWindow() {
        return Optional.ofNullable(rom);
    }
}
