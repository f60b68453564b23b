package dev.physmem.space;

import dev.physmem.attr.MemTxResult;

/**
 * A caller-owned slot that the ld/st family of {@link AddressSpace} fills with the outcome of an
 * access, so that a load can return its value and still report a {@link MemTxResult} without
 * allocating. QEMU counterpart: the {@code MemTxResult *result} out-parameter of
 * {@code address_space_ldl_le} and friends.
 *
 * <h2>Use</h2>
 * Create one per thread (or per device model) and reuse it; every call that is given it
 * overwrites it. Pass {@code null} instead to ignore the outcome.
 * {@snippet :
 * MemTxResultHolder result = new MemTxResultHolder();
 * long desc = as.ldqLe(ringAddr, MemTxAttrs.UNSPECIFIED, result);
 * if (!result.get().isOk()) {
 *     // bus error: fail the request
 * }
 * }
 *
 * <h2>Thread safety</h2>
 * None: a holder is a plain mutable field. Share one between threads only with your own
 * synchronization.
 */
public final class MemTxResultHolder {
    private MemTxResult result = MemTxResult.OK;

    /** A holder that reads {@link MemTxResult#OK} until an access fills it. */
    public MemTxResultHolder() {
    }

    /** The outcome of the latest access given this holder. */
    public MemTxResult get() {
        return result;
    }

    /** Stores an outcome; the address space calls this. */
    void set(MemTxResult value) {
        result = value;
    }

    @Override
    public String toString() {
        return "MemTxResultHolder[" + result + "]";
    }
}
