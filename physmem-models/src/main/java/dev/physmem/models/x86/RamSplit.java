package dev.physmem.models.x86;

/**
 * How a PC machine divides its RAM between the window at guest-physical 0 ({@code ram-below-4g})
 * and the window at 4 GiB ({@code ram-above-4g}). QEMU counterpart: the {@code lowmem}
 * computation of {@code pc_init1} (hw/i386/pc_piix.c) and {@code pc_q35_init}
 * (hw/i386/pc_q35.c), which sets {@code below_4g_mem_size} and {@code above_4g_mem_size}.
 *
 * <h2>The rules (QEMU 7.2, current machine types)</h2>
 * <ul>
 *   <li>{@code pc}: the limit is {@code max-ram-below-4g} (default 0xe0000000, 3.5 GiB). When
 *       the RAM reaches it, the limit drops to 3 GiB if it is above (gigabyte alignment, so that
 *       1 GiB pages of the guest map to 1 GiB pages of the host).
 *   <li>{@code q35}: the limit is 0xb0000000 (2.75 GiB, leaving room for the PCI hole and the
 *       256 MiB MMCONFIG window), or 2 GiB when the RAM is 0xb0000000 or more; then at most
 *       {@code max-ram-below-4g} (default 4 GiB).
 *   <li>Both: RAM up to the limit stays below 4 GiB; RAM of at least the limit puts exactly the
 *       limit below and the rest above.
 * </ul>
 *
 * @param ramSize total guest RAM in bytes
 * @param below4g bytes of RAM mapped from guest-physical 0
 * @param above4g bytes of RAM mapped from guest-physical 4 GiB; 0 when there are none
 */
public record RamSplit(long ramSize, long below4g, long above4g) {
    /** 4 GiB, where the high RAM window starts. */
    public static final long FOUR_GIB = 1L << 32;
    /** The {@code pc} machine's default {@code max-ram-below-4g}: 3.5 GiB. */
    public static final long PC_MAX_RAM_BELOW_4G = 0xe000_0000L;
    /** The {@code q35} machine's default {@code max-ram-below-4g}: 4 GiB (no extra limit). */
    public static final long Q35_MAX_RAM_BELOW_4G = FOUR_GIB;
    /** QEMU rounds the {@code -m} size up to this granule, so every RAM size it runs with is a multiple of it. */
    public static final long RAM_GRANULE = 8 * 1024;

    private static final long GIB = 1L << 30;
    private static final long PC_GIGABYTE_ALIGNED_LOWMEM = 3 * GIB;
    private static final long Q35_LOWMEM = 0xb000_0000L;
    private static final long Q35_LARGE_RAM_LOWMEM = 2 * GIB;

    /**
     * @throws IllegalArgumentException if the parts are negative, do not add up to
     *     {@code ramSize}, or {@code below4g} exceeds 4 GiB
     */
    public RamSplit {
        if (below4g < 0 || above4g < 0 || below4g + above4g != ramSize || below4g > FOUR_GIB) {
            throw new IllegalArgumentException("inconsistent RAM split: ramSize=0x" + Long.toHexString(ramSize)
                    + " below4g=0x" + Long.toHexString(below4g) + " above4g=0x" + Long.toHexString(above4g));
        }
    }

    /**
     * The split of QEMU's {@code pc} (i440FX) machine.
     *
     * @param ramSize total RAM in bytes, a positive multiple of {@link #RAM_GRANULE}
     * @param maxRamBelow4g the {@code max-ram-below-4g} machine property, in (0, 4 GiB]
     * @throws IllegalArgumentException if either argument is out of range
     */
    public static RamSplit pc(long ramSize, long maxRamBelow4g) {
        checkArguments(ramSize, maxRamBelow4g);
        long lowmem = maxRamBelow4g;
        if (ramSize >= maxRamBelow4g) {
            lowmem = Math.min(lowmem, PC_GIGABYTE_ALIGNED_LOWMEM);
        }
        return split(ramSize, lowmem);
    }

    /**
     * The split of QEMU's {@code q35} (MCH/ICH9) machine.
     *
     * @param ramSize total RAM in bytes, a positive multiple of {@link #RAM_GRANULE}
     * @param maxRamBelow4g the {@code max-ram-below-4g} machine property, in (0, 4 GiB]
     * @throws IllegalArgumentException if either argument is out of range
     */
    public static RamSplit q35(long ramSize, long maxRamBelow4g) {
        checkArguments(ramSize, maxRamBelow4g);
        long lowmem = ramSize >= Q35_LOWMEM ? Q35_LARGE_RAM_LOWMEM : Q35_LOWMEM;
        return split(ramSize, Math.min(lowmem, maxRamBelow4g));
    }

    private static RamSplit split(long ramSize, long lowmem) {
        return ramSize >= lowmem
                ? new RamSplit(ramSize, lowmem, ramSize - lowmem)
                : new RamSplit(ramSize, ramSize, 0);
    }

    private static void checkArguments(long ramSize, long maxRamBelow4g) {
        if (ramSize <= 0 || ramSize % RAM_GRANULE != 0) {
            throw new IllegalArgumentException("RAM size must be a positive multiple of 8 KiB: ramSize=" + ramSize);
        }
        if (maxRamBelow4g <= 0 || maxRamBelow4g > FOUR_GIB) {
            throw new IllegalArgumentException("max-ram-below-4g must be in (0, 4 GiB]: maxRamBelow4g=0x"
                    + Long.toHexString(maxRamBelow4g));
        }
    }
}
