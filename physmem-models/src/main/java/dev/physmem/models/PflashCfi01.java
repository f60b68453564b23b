package dev.physmem.models;

import dev.physmem.MemorySystem;
import dev.physmem.region.MemoryRegion;
import dev.physmem.region.MemoryRegionOps;
import dev.physmem.region.Owner;
import dev.physmem.region.RomDeviceRegion;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A CFI parallel flash with the Intel command set, as the memory map sees it: one ROM device of
 * {@code size} bytes in romd mode, whose array is real memory (zero-filled, as QEMU's is without a
 * drive) registered for migration under the flash's name. QEMU counterpart:
 * {@code pflash_cfi01_realize} (hw/block/pflash_cfi01.c).
 *
 * <h2>Characteristics</h2>
 * Reads return the array, in romd mode straight from memory and otherwise through the callbacks.
 * The command set (program, erase, query, status) is not modelled: a write reaches the callbacks,
 * which drop it, so the array reads back unchanged, as flash that is never unlocked does.
 *
 * <h2>Thread safety</h2>
 * As for every region: one writer of the tree at a time; the array is guest memory.
 */
public final class PflashCfi01 {
    private final RomDeviceRegion region;

    private PflashCfi01(MemorySystem system, Owner owner, String name, long size) {
        ArrayReads reads = new ArrayReads();
        region = system.initRomDevice(owner, reads, name, size);
        reads.array = region.backing();
    }

    /**
     * A flash named {@code name} (also its RAM block's idstr) of {@code size} bytes, owned by
     * {@code owner}, mapped at {@code offset} of {@code container}.
     *
     * @throws IllegalArgumentException if another block already has the name
     */
    public static PflashCfi01 map(MemoryRegion container, long offset, Owner owner, String name, long size) {
        PflashCfi01 flash = new PflashCfi01(container.system(), owner, name, size);
        container.addSubregion(offset, flash.region);
        return flash;
    }

    /**
     * The flash pair of the {@code virt} machines: {@code virt.flash0} at {@code base} and
     * {@code virt.flash1} right above it, each {@code bankSize} bytes, children
     * {@code virt.flash0}/{@code virt.flash1} of the machine. QEMU: {@code virt_flash_create} and
     * {@code virt_flash_map} (hw/arm/virt.c, hw/riscv/virt.c).
     */
    public static List<PflashCfi01> mapVirtPair(MemoryRegion container, long base, long bankSize) {
        List<PflashCfi01> pair = new ArrayList<>(2);
        for (int i = 0; i < 2; i++) {
            String name = "virt.flash" + i;
            pair.add(map(container, base + i * bankSize, Owner.devicePath("/machine/" + name), name, bankSize));
        }
        return List.copyOf(pair);
    }

    /** The flash's ROM device region. */
    public RomDeviceRegion region() {
        return region;
    }

    /** The array: the flash's contents, which the guest reads. */
    public MemorySegment array() {
        return region.backing();
    }

    /** Reads the array in read-array mode; drops writes (the command set is not modelled). */
    private static final class ArrayReads implements MemoryRegionOps {
        private MemorySegment array;

        @Override
        public long read(long offset, int size) {
            MemorySegment a = Objects.requireNonNull(array, "array");
            long v = 0;
            for (int i = size - 1; i >= 0; i--) {
                v = (v << 8) | (a.get(ValueLayout.JAVA_BYTE, offset + i) & 0xff);
            }
            return v;
        }

        @Override
        public void write(long offset, long value, int size) {
            // Commands are not modelled: the array stays as it is.
        }
    }
}
