package dev.physmem.attr;

/**
 * The outcome of a memory transaction, as seen by the guest. QEMU counterpart: {@code MemTxResult}.
 *
 * <p>Like QEMU's bit mask, results of the pieces of a split access are combined with {@link #or}:
 * an access that hit a device error in one piece and an unassigned address in another reports
 * both. The eight possible values are interned, so {@code ==} compares them and combining never
 * allocates.
 */
public final class MemTxResult {
    private static final int ERROR_BIT = 1;
    private static final int DECODE_ERROR_BIT = 2;
    private static final int ACCESS_ERROR_BIT = 4;
    private static final MemTxResult[] VALUES = new MemTxResult[8];

    static {
        for (int bits = 0; bits < VALUES.length; bits++) {
            VALUES[bits] = new MemTxResult(bits);
        }
    }

    /** The access completed. QEMU: {@code MEMTX_OK}. */
    public static final MemTxResult OK = VALUES[0];
    /** The device reported an error (a bus error). QEMU: {@code MEMTX_ERROR}. */
    public static final MemTxResult ERROR = VALUES[1];
    /** Nothing decodes the address, or the region rejected the access. QEMU: {@code MEMTX_DECODE_ERROR}. */
    public static final MemTxResult DECODE_ERROR = VALUES[2];
    /**
     * The access was denied before reaching the target: an access with
     * {@link MemTxAttrs#memory()} set that would reach something other than RAM.
     * QEMU: {@code MEMTX_ACCESS_ERROR} (since 7.0).
     */
    public static final MemTxResult ACCESS_ERROR = VALUES[4];

    private final int bits;

    private MemTxResult(int bits) {
        this.bits = bits;
    }

    /** Returns the result that carries the failures of both this and {@code other}. */
    public MemTxResult or(MemTxResult other) {
        return VALUES[bits | other.bits];
    }

    /** True when the access completed without any failure. */
    public boolean isOk() {
        return bits == 0;
    }

    /** True when some piece of the access ended with a device error. */
    public boolean hasError() {
        return (bits & ERROR_BIT) != 0;
    }

    /** True when some piece of the access was not decoded or was rejected. */
    public boolean hasDecodeError() {
        return (bits & DECODE_ERROR_BIT) != 0;
    }

    /** True when some piece of the access was denied (QEMU's {@code MEMTX_ACCESS_ERROR}). */
    public boolean hasAccessError() {
        return (bits & ACCESS_ERROR_BIT) != 0;
    }

    /** The QEMU bit mask: 0 ok, bit 0 error, bit 1 decode error, bit 2 access error. */
    public int bits() {
        return bits;
    }

    /**
     * The interned result with QEMU bit mask {@code bits}.
     *
     * @throws IllegalArgumentException if {@code bits} has a bit other than the three defined
     */
    public static MemTxResult ofBits(int bits) {
        if (bits < 0 || bits >= VALUES.length) {
            throw new IllegalArgumentException("undefined MemTxResult bits: bits=" + bits);
        }
        return VALUES[bits];
    }

    @Override
    public String toString() {
        if (bits == 0) {
            return "MEMTX_OK";
        }
        StringBuilder sb = new StringBuilder();
        if ((bits & ERROR_BIT) != 0) {
            sb.append("MEMTX_ERROR");
        }
        if ((bits & DECODE_ERROR_BIT) != 0) {
            sb.append(sb.isEmpty() ? "" : "|").append("MEMTX_DECODE_ERROR");
        }
        if ((bits & ACCESS_ERROR_BIT) != 0) {
            sb.append(sb.isEmpty() ? "" : "|").append("MEMTX_ACCESS_ERROR");
        }
        return sb.toString();
    }
}
