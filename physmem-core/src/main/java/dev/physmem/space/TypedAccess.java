package dev.physmem.space;

import dev.physmem.attr.MemTxAttrs;

/**
 * The ld/st family: loads and stores of 1, 2, 4 or 8 bytes in a given byte order, written once
 * over two primitives, {@link #load} and {@link #store}. QEMU counterpart: the
 * {@code address_space_ld*}/{@code st*} family ({@code memory_ldst.c.inc}) and its
 * {@code _cached} twin ({@code memory_ldst_cached.h.inc}).
 *
 * <h2>Implementations and their frame</h2>
 * <ul>
 *   <li>{@link AddressSpace}: {@code addr} is an absolute address in the space.</li>
 *   <li>{@link MemoryRegionCache}: {@code addr} is an offset within the cache, from 0 to its
 *       {@linkplain MemoryRegionCache#length() length}, as in QEMU's {@code _cached} family.</li>
 * </ul>
 *
 * <h2>Names and values</h2>
 * {@code ld}/{@code st} + width ({@code b} 1, {@code w} 2, {@code l} 4, {@code q} 8 bytes) +
 * byte order ({@code Le}/{@code Be}; bytes need no order). Values are zero-extended
 * ({@code ldub}, {@code lduw}) or the raw bits ({@code ldl} as {@code int}, {@code ldq} as
 * {@code long}); stores use the low bits of {@code value}. Each comes twice:
 * <ul>
 *   <li>full: takes {@link MemTxAttrs} and a caller-owned {@link MemTxResultHolder} (or null)
 *       that receives the outcome, so no call allocates;</li>
 *   <li>convenience: only the address (and value), {@link MemTxAttrs#UNSPECIFIED}, outcome
 *       ignored.</li>
 * </ul>
 * Every method is one call of {@link #load} or {@link #store} with a constant size and order, so
 * after inlining the JIT folds the width switch away.
 * {@snippet :
 * as.stlLe(0x1000, 0xdeadbeef);
 * int v = as.ldlLe(0x1000);                  // 0xdeadbeef
 * var result = new MemTxResultHolder();
 * long q = as.ldqBe(0xfee0_0000L, MemTxAttrs.UNSPECIFIED, result);
 * if (result.get().hasDecodeError()) { ... }
 * }
 */
public sealed interface TypedAccess permits AddressSpace, MemoryRegionCache {

    /**
     * Loads {@code size} bytes at {@code addr} whose bytes lie in memory in the given order;
     * zero-extended to 64 bits. The outcome goes to {@code result} unless it is null.
     *
     * @param size 1, 2, 4 or 8
     * @param bigEndian the byte order of the value in memory
     * @throws IllegalArgumentException if {@code size} is not 1, 2, 4 or 8
     */
    long load(long addr, int size, boolean bigEndian, MemTxAttrs attrs, MemTxResultHolder result);

    /**
     * Stores the low {@code size} bytes of {@code value} at {@code addr} in the given byte order.
     * The outcome goes to {@code result} unless it is null.
     *
     * @param size 1, 2, 4 or 8
     * @param bigEndian the byte order of the value in memory
     * @throws IllegalArgumentException if {@code size} is not 1, 2, 4 or 8
     */
    void store(long addr, int size, boolean bigEndian, long value, MemTxAttrs attrs, MemTxResultHolder result);

    // ---------------------------------------------------------------- loads

    /** Loads a byte, zero-extended. QEMU: {@code address_space_ldub}. */
    default int ldub(long addr, MemTxAttrs attrs, MemTxResultHolder result) {
        return (int) load(addr, 1, false, attrs, result);
    }

    /** {@link #ldub(long, MemTxAttrs, MemTxResultHolder)} with unspecified attributes, outcome ignored. */
    default int ldub(long addr) {
        return (int) load(addr, 1, false, MemTxAttrs.UNSPECIFIED, null);
    }

    /** Loads a little-endian 16-bit value, zero-extended. QEMU: {@code address_space_lduw_le}. */
    default int lduwLe(long addr, MemTxAttrs attrs, MemTxResultHolder result) {
        return (int) load(addr, 2, false, attrs, result);
    }

    /** {@link #lduwLe(long, MemTxAttrs, MemTxResultHolder)} with unspecified attributes, outcome ignored. */
    default int lduwLe(long addr) {
        return (int) load(addr, 2, false, MemTxAttrs.UNSPECIFIED, null);
    }

    /** Loads a big-endian 16-bit value, zero-extended. QEMU: {@code address_space_lduw_be}. */
    default int lduwBe(long addr, MemTxAttrs attrs, MemTxResultHolder result) {
        return (int) load(addr, 2, true, attrs, result);
    }

    /** {@link #lduwBe(long, MemTxAttrs, MemTxResultHolder)} with unspecified attributes, outcome ignored. */
    default int lduwBe(long addr) {
        return (int) load(addr, 2, true, MemTxAttrs.UNSPECIFIED, null);
    }

    /** Loads a little-endian 32-bit value (raw bits). QEMU: {@code address_space_ldl_le}. */
    default int ldlLe(long addr, MemTxAttrs attrs, MemTxResultHolder result) {
        return (int) load(addr, 4, false, attrs, result);
    }

    /** {@link #ldlLe(long, MemTxAttrs, MemTxResultHolder)} with unspecified attributes, outcome ignored. */
    default int ldlLe(long addr) {
        return (int) load(addr, 4, false, MemTxAttrs.UNSPECIFIED, null);
    }

    /** Loads a big-endian 32-bit value (raw bits). QEMU: {@code address_space_ldl_be}. */
    default int ldlBe(long addr, MemTxAttrs attrs, MemTxResultHolder result) {
        return (int) load(addr, 4, true, attrs, result);
    }

    /** {@link #ldlBe(long, MemTxAttrs, MemTxResultHolder)} with unspecified attributes, outcome ignored. */
    default int ldlBe(long addr) {
        return (int) load(addr, 4, true, MemTxAttrs.UNSPECIFIED, null);
    }

    /** Loads a little-endian 64-bit value. QEMU: {@code address_space_ldq_le}. */
    default long ldqLe(long addr, MemTxAttrs attrs, MemTxResultHolder result) {
        return load(addr, 8, false, attrs, result);
    }

    /** {@link #ldqLe(long, MemTxAttrs, MemTxResultHolder)} with unspecified attributes, outcome ignored. */
    default long ldqLe(long addr) {
        return load(addr, 8, false, MemTxAttrs.UNSPECIFIED, null);
    }

    /** Loads a big-endian 64-bit value. QEMU: {@code address_space_ldq_be}. */
    default long ldqBe(long addr, MemTxAttrs attrs, MemTxResultHolder result) {
        return load(addr, 8, true, attrs, result);
    }

    /** {@link #ldqBe(long, MemTxAttrs, MemTxResultHolder)} with unspecified attributes, outcome ignored. */
    default long ldqBe(long addr) {
        return load(addr, 8, true, MemTxAttrs.UNSPECIFIED, null);
    }

    // ---------------------------------------------------------------- stores

    /** Stores the low 8 bits of {@code value}. QEMU: {@code address_space_stb}. */
    default void stb(long addr, int value, MemTxAttrs attrs, MemTxResultHolder result) {
        store(addr, 1, false, value, attrs, result);
    }

    /** {@link #stb(long, int, MemTxAttrs, MemTxResultHolder)} with unspecified attributes, outcome ignored. */
    default void stb(long addr, int value) {
        store(addr, 1, false, value, MemTxAttrs.UNSPECIFIED, null);
    }

    /** Stores the low 16 bits of {@code value}, little-endian. QEMU: {@code address_space_stw_le}. */
    default void stwLe(long addr, int value, MemTxAttrs attrs, MemTxResultHolder result) {
        store(addr, 2, false, value, attrs, result);
    }

    /** {@link #stwLe(long, int, MemTxAttrs, MemTxResultHolder)} with unspecified attributes, outcome ignored. */
    default void stwLe(long addr, int value) {
        store(addr, 2, false, value, MemTxAttrs.UNSPECIFIED, null);
    }

    /** Stores the low 16 bits of {@code value}, big-endian. QEMU: {@code address_space_stw_be}. */
    default void stwBe(long addr, int value, MemTxAttrs attrs, MemTxResultHolder result) {
        store(addr, 2, true, value, attrs, result);
    }

    /** {@link #stwBe(long, int, MemTxAttrs, MemTxResultHolder)} with unspecified attributes, outcome ignored. */
    default void stwBe(long addr, int value) {
        store(addr, 2, true, value, MemTxAttrs.UNSPECIFIED, null);
    }

    /** Stores {@code value}, little-endian. QEMU: {@code address_space_stl_le}. */
    default void stlLe(long addr, int value, MemTxAttrs attrs, MemTxResultHolder result) {
        store(addr, 4, false, value, attrs, result);
    }

    /** {@link #stlLe(long, int, MemTxAttrs, MemTxResultHolder)} with unspecified attributes, outcome ignored. */
    default void stlLe(long addr, int value) {
        store(addr, 4, false, value, MemTxAttrs.UNSPECIFIED, null);
    }

    /** Stores {@code value}, big-endian. QEMU: {@code address_space_stl_be}. */
    default void stlBe(long addr, int value, MemTxAttrs attrs, MemTxResultHolder result) {
        store(addr, 4, true, value, attrs, result);
    }

    /** {@link #stlBe(long, int, MemTxAttrs, MemTxResultHolder)} with unspecified attributes, outcome ignored. */
    default void stlBe(long addr, int value) {
        store(addr, 4, true, value, MemTxAttrs.UNSPECIFIED, null);
    }

    /** Stores {@code value}, little-endian. QEMU: {@code address_space_stq_le}. */
    default void stqLe(long addr, long value, MemTxAttrs attrs, MemTxResultHolder result) {
        store(addr, 8, false, value, attrs, result);
    }

    /** {@link #stqLe(long, long, MemTxAttrs, MemTxResultHolder)} with unspecified attributes, outcome ignored. */
    default void stqLe(long addr, long value) {
        store(addr, 8, false, value, MemTxAttrs.UNSPECIFIED, null);
    }

    /** Stores {@code value}, big-endian. QEMU: {@code address_space_stq_be}. */
    default void stqBe(long addr, long value, MemTxAttrs attrs, MemTxResultHolder result) {
        store(addr, 8, true, value, attrs, result);
    }

    /** {@link #stqBe(long, long, MemTxAttrs, MemTxResultHolder)} with unspecified attributes, outcome ignored. */
    default void stqBe(long addr, long value) {
        store(addr, 8, true, value, MemTxAttrs.UNSPECIFIED, null);
    }
}
