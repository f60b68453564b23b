package dev.physmem.attr;

/**
 * The outcome of a memory transaction, as seen by the guest. QEMU counterpart: {@code MemTxResult}.
 *
 * <p>Like QEMU's bit mask, results of the pieces of a split access are combined with {@link #or}:
 * an access that hit a device error in one piece and an unassigned address in another reports
 * both. The four possible values are interned, so {@code ==} compares them and combining never
 * allocates.
 */
public final class MemTxResult {
    private static final int ERROR_BIT = 1;
    private static final int DECODE_ERROR_BIT = 2;
    private static final MemTxResult[] VALUES = {
        new MemTxResult(0), new MemTxResult(ERROR_BIT), new MemTxResult(DECODE_ERROR_BIT),
        new MemTxResult(ERROR_BIT | DECODE_ERROR_BIT)
    };

    /** The access completed. QEMU: {@code MEMTX_OK}. */
    public static final MemTxResult OK = VALUES[0];
    /** The device reported an error (a bus error). QEMU: {@code MEMTX_ERROR}. */
    public static final MemTxResult ERROR = VALUES[1];
    /** Nothing decodes the address, or the region rejected the access. QEMU: {@code MEMTX_DECODE_ERROR}. */
    public static final MemTxResult DECODE_ERROR = VALUES[2];

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

    /** The QEMU bit mask: 0 ok, bit 0 error, bit 1 decode error. */
    public int bits() {
        return bits;
    }

    @Override
    public String toString() {
        return switch (bits) {
            case 0 -> "MEMTX_OK";
            case ERROR_BIT -> "MEMTX_ERROR";
            case DECODE_ERROR_BIT -> "MEMTX_DECODE_ERROR";
            default -> "MEMTX_ERROR|MEMTX_DECODE_ERROR";
        };
    }
}
