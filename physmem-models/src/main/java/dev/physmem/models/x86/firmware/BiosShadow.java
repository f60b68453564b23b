package dev.physmem.models.x86.firmware;

/**
 * How SeaBIOS shadows itself through the host bridge's PAM registers, in configuration cycles:
 * it reads the two dwords around PAM0..PAM6, changes the PAM bytes, and writes both dwords back.
 * First every segment of 0xc0000-0xfffff read-write so that it can copy itself to RAM and place
 * option ROMs; at the end of POST the option ROM segments that ROMs may occupy and the BIOS
 * segment read-only. SeaBIOS counterpart: {@code make_bios_writable_intel} and
 * {@code make_bios_readonly_intel} (src/fw/shadow.c).
 */
final class BiosShadow {
    private static final long ROM_START = 0xc_0000L;
    private static final long ROM_STEP = 0x8000;
    private static final long HALF = 0x4000;
    /** Where read-only upper memory ends; QEMU's SeaBIOS build has no writable upper memory. */
    private static final long ROM_LAST = 0xf_0000L;
    private static final int PAM_REGISTERS = 7;

    private BiosShadow() {
    }

    /** PAM0 = 0x30 and PAM1-PAM6 = 0x33: 0xc0000-0xfffff read-write. */
    static void makeBiosWritable(PciConfigCycles cfg, int bdf, int pam0) {
        byte[] pam = readPam(cfg, bdf, pam0);
        int first = pam0 & 3;
        for (int i = 1; i < PAM_REGISTERS; i++) {
            pam[first + i] = 0x33;
        }
        pam[first] = 0x30;
        writePam(cfg, bdf, pam0, pam);
    }

    /**
     * Write-protects the option ROM area up to {@code romMax} (the end of the area option ROMs
     * may use, SeaBIOS's {@code rom_get_max()}) in 32 KiB register steps, a half-protected
     * register where the end falls inside one, and the BIOS segment; registers past the end keep
     * their value.
     */
    static void makeBiosReadonly(PciConfigCycles cfg, int bdf, int pam0, long romMax) {
        byte[] pam = readPam(cfg, bdf, pam0);
        int first = pam0 & 3;
        for (int i = 0; i < PAM_REGISTERS - 1; i++) {
            long mem = ROM_START + i * ROM_STEP;
            if (ROM_LAST < mem + HALF || romMax < mem + HALF) {
                if (ROM_LAST >= mem && romMax >= mem) {
                    pam[first + i + 1] = 0x31;
                }
                break;
            }
            pam[first + i + 1] = 0x11;
        }
        pam[first] = 0x10;
        writePam(cfg, bdf, pam0, pam);
    }

    /** The 8 bytes of the two dwords from {@code pam0} rounded down to 4. */
    private static byte[] readPam(PciConfigCycles cfg, int bdf, int pam0) {
        int base = pam0 & ~3;
        byte[] bytes = new byte[8];
        for (int d = 0; d < 2; d++) {
            int value = cfg.readl(bdf, base + 4 * d);
            for (int i = 0; i < 4; i++) {
                bytes[4 * d + i] = (byte) (value >>> (8 * i));
            }
        }
        return bytes;
    }

    private static void writePam(PciConfigCycles cfg, int bdf, int pam0, byte[] bytes) {
        int base = pam0 & ~3;
        for (int d = 0; d < 2; d++) {
            int value = 0;
            for (int i = 3; i >= 0; i--) {
                value = (value << 8) | (bytes[4 * d + i] & 0xff);
            }
            cfg.writel(bdf, base + 4 * d, value);
        }
    }
}
