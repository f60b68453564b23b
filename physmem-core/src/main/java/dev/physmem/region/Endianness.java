package dev.physmem.region;

import java.nio.ByteOrder;

/**
 * The byte order of a device's registers. QEMU counterpart: {@code enum device_endian}.
 *
 * <p>{@link #NATIVE} means the target's order, which is a property of the
 * {@link dev.physmem.MemorySystem} (little-endian unless configured otherwise).
 */
public enum Endianness {
    /** The target's own byte order. QEMU: {@code DEVICE_NATIVE_ENDIAN}. */
    NATIVE,
    /** Little-endian registers. QEMU: {@code DEVICE_LITTLE_ENDIAN}. */
    LITTLE,
    /** Big-endian registers. QEMU: {@code DEVICE_BIG_ENDIAN}. */
    BIG;

    /** The concrete byte order, resolving {@link #NATIVE} to {@code target}. */
    public ByteOrder resolve(ByteOrder target) {
        return switch (this) {
            case NATIVE -> target;
            case LITTLE -> ByteOrder.LITTLE_ENDIAN;
            case BIG -> ByteOrder.BIG_ENDIAN;
        };
    }
}
