package dev.physmem.ram;

import java.nio.charset.StandardCharsets;

/**
 * A RAM block's migration name, its idstr: {@code DEVPATH/NAME} for a block registered with a
 * device that its bus names (a PCI function: {@code 0000:00:02.0/vga.vram}), else just the
 * region's name ({@code pc.ram}). The migration stream identifies blocks by idstr, so it is ABI:
 * unique within a machine and stable across versions. QEMU counterpart: the forming half of
 * {@code qemu_ram_set_idstr} ({@code softmmu/physmem.c}), with the device path from
 * {@code qdev_get_dev_path}.
 * {@snippet :
 * IdStr.form("0000:00:02.0", "vga.vram");  // "0000:00:02.0/vga.vram"
 * IdStr.form(null, "pc.ram");              // "pc.ram"
 * IdStr.form(null, "");                    // IllegalArgumentException: idstr is empty
 * }
 */
public final class IdStr {
    /**
     * The longest idstr in bytes of UTF-8: the migration stream writes its length in one byte
     * (QEMU's {@code char idstr[256]} holds 255 and a NUL).
     */
    public static final int MAX_BYTES = 255;

    private IdStr() {
    }

    /**
     * The idstr of a block whose region is {@code name}, registered with a device whose bus
     * calls it {@code devPath} (null: no device, or one whose bus gives no path).
     *
     * @throws IllegalArgumentException if the result is empty, longer than {@link #MAX_BYTES}
     *         bytes (QEMU silently truncates; here that would make two names collide unseen), or
     *         holds a NUL or a line break
     */
    public static String form(String devPath, String name) {
        if (name == null) {
            throw new IllegalArgumentException("name must not be null: devPath=" + devPath);
        }
        String idstr = devPath == null ? name : devPath + "/" + name;
        if (idstr.isEmpty()) {
            throw new IllegalArgumentException("idstr is empty: name=\"\"");
        }
        if (idstr.indexOf('\0') >= 0 || idstr.indexOf('\n') >= 0 || idstr.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("idstr may not hold a NUL or a line break: idstr=" + idstr.strip());
        }
        int bytes = idstr.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_BYTES) {
            throw new IllegalArgumentException("idstr longer than " + MAX_BYTES + " bytes: bytes=" + bytes
                    + " idstr=" + idstr);
        }
        return idstr;
    }
}
