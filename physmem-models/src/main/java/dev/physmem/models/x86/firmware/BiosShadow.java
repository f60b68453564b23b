package dev.physmem.models.x86.firmware;

import dev.physmem.models.x86.Pam;

/**
 * How SeaBIOS shadows itself through PAM: first every segment of 0xc0000-0xfffff read-write so
 * that it can copy itself to RAM and place option ROMs, at the end of POST the option ROM
 * segments that ROMs may occupy and the BIOS segment read-only. SeaBIOS counterpart:
 * {@code make_bios_writable_intel} and {@code make_bios_readonly_intel} (src/fw/shadow.c),
 * which write whole PAM registers.
 */
final class BiosShadow {
    private static final long ROM_START = 0xc_0000L;
    private static final long ROM_STEP = 0x8000;
    private static final long HALF = 0x4000;
    /** Where read-only upper memory ends; QEMU's SeaBIOS build has no writable upper memory. */
    private static final long ROM_LAST = 0xf_0000L;

    private BiosShadow() {
    }

    /** PAM0 = 0x30 and PAM1-PAM6 = 0x33: 0xc0000-0xfffff read-write. */
    static void makeBiosWritable(Pam pam) {
        for (int reg = 1; reg < Pam.REGISTERS; reg++) {
            pam.writeRegister(reg, 0x33);
        }
        pam.writeRegister(0, 0x30);
    }

    /**
     * Write-protects the option ROM area up to {@code romMax} (the end of the area option ROMs
     * may use, SeaBIOS's {@code rom_get_max()}) in 32 KiB register steps, a half-protected
     * register where the end falls inside one, and the BIOS segment.
     */
    static void makeBiosReadonly(Pam pam, long romMax) {
        for (int i = 0; i < Pam.REGISTERS - 1; i++) {
            long mem = ROM_START + i * ROM_STEP;
            if (ROM_LAST < mem + HALF || romMax < mem + HALF) {
                if (ROM_LAST >= mem && romMax >= mem) {
                    pam.writeRegister(i + 1, 0x31);
                }
                break;
            }
            pam.writeRegister(i + 1, 0x11);
        }
        pam.writeRegister(0, 0x10);
    }
}
