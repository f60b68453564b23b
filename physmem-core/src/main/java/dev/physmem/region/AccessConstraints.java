package dev.physmem.region;

/**
 * Access sizes a device accepts or implements. QEMU counterpart: the {@code valid} and
 * {@code impl} members of {@code MemoryRegionOps}.
 *
 * <p>Sizes are in bytes, each 0 or a power of two from 1 to 8. As in QEMU, 0 means "not given":
 * for {@code valid}, {@code maxAccessSize == 0} accepts every size; for {@code impl}, 0 reads as
 * the default of 1 (min) and 4 (max).
 *
 * @param minAccessSize smallest access in bytes, 0 for the default
 * @param maxAccessSize largest access in bytes, 0 for the default
 * @param unaligned whether accesses not aligned to their size are allowed
 */
public record AccessConstraints(int minAccessSize, int maxAccessSize, boolean unaligned) {

    /** QEMU's defaults: sizes not given, aligned accesses only. */
    public static final AccessConstraints DEFAULT = new AccessConstraints(0, 0, false);

    public AccessConstraints {
        checkSize("minAccessSize", minAccessSize);
        checkSize("maxAccessSize", maxAccessSize);
        if (minAccessSize != 0 && maxAccessSize != 0 && minAccessSize > maxAccessSize) {
            throw new IllegalArgumentException(
                    "minAccessSize > maxAccessSize: minAccessSize=" + minAccessSize + " maxAccessSize=" + maxAccessSize);
        }
    }

    /** Sizes {@code min..max}, aligned only. */
    public static AccessConstraints sizes(int min, int max) {
        return new AccessConstraints(min, max, false);
    }

    /** The same sizes, with unaligned accesses allowed as given. */
    public AccessConstraints withUnaligned(boolean value) {
        return new AccessConstraints(minAccessSize, maxAccessSize, value);
    }

    private static void checkSize(String what, int size) {
        if (size != 0 && (size > 8 || Integer.bitCount(size) != 1)) {
            throw new IllegalArgumentException(what + " must be 0, 1, 2, 4 or 8: " + what + "=" + size);
        }
    }
}
