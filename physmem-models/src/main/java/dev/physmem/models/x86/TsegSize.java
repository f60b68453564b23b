package dev.physmem.models.x86;

/**
 * The TSEG sizes of the MCH's {@code ESMRAMC.TSEG_SZ} field. QEMU counterpart:
 * {@code MCH_HOST_BRIDGE_ESMRAMC_TSEG_SZ_*}; the fourth encoding, reserved on real hardware,
 * selects QEMU's extended TSEG of {@code extended-tseg-mbytes}.
 */
public enum TsegSize {
    /** 1 MiB. */
    MB_1,
    /** 2 MiB. */
    MB_2,
    /** 8 MiB. */
    MB_8,
    /** QEMU's extended TSEG, sized by the machine's {@code extended-tseg-mbytes}. */
    EXTENDED;

    /** The field's bits within ESMRAMC (bits 2:1). */
    int bits() {
        return ordinal() << 1;
    }

    /** The size decoded from ESMRAMC bits 2:1 of {@code esmramc}. */
    static TsegSize ofRegister(int esmramc) {
        return values()[(esmramc >> 1) & 0x3];
    }

    /** Bytes of TSEG, with {@code extendedMbytes} for {@link #EXTENDED}. */
    long bytes(int extendedMbytes) {
        return switch (this) {
            case MB_1 -> 1L << 20;
            case MB_2 -> 2L << 20;
            case MB_8 -> 8L << 20;
            case EXTENDED -> (long) extendedMbytes << 20;
        };
    }
}
