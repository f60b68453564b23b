package dev.physmem.models.x86;

import dev.physmem.MemorySystem;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The machine types, named as QEMU's {@code -M} names them. */
public enum MachineType {
    /** {@code pc}: i440FX + PIIX3. */
    PC("pc"),
    /** {@code q35}: MCH + ICH9. */
    Q35("q35");

    private final String qemuName;

    MachineType(String qemuName) {
        this.qemuName = qemuName;
    }

    /** The name {@code -M} takes. */
    public String qemuName() {
        return qemuName;
    }

    /**
     * Builds the machine with {@code ramSize} bytes of RAM and default properties.
     *
     * @throws IllegalArgumentException if {@code ramSize} is not a positive multiple of 8 KiB
     */
    public X86Machine build(MemorySystem system, long ramSize) {
        return build(system, ramSize, false);
    }

    /**
     * Builds the machine with {@code ramSize} bytes of RAM, with or without a standard VGA
     * ({@code -device VGA}).
     *
     * @throws IllegalArgumentException if {@code ramSize} is not a positive multiple of 8 KiB
     */
    public X86Machine build(MemorySystem system, long ramSize, boolean vga) {
        return switch (this) {
            case PC -> PcMachine.builder().ramSize(ramSize).vga(vga).build(system);
            case Q35 -> Q35Machine.builder().ramSize(ramSize).vga(vga).build(system);
        };
    }

    /**
     * The type named {@code name} (case-insensitive).
     *
     * @throws IllegalArgumentException if no type has that name
     */
    public static MachineType byName(String name) {
        for (MachineType t : values()) {
            if (t.qemuName.equals(name.toLowerCase(Locale.ROOT))) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown machine type: name=" + name + " known="
                + Arrays.stream(values()).map(MachineType::qemuName).collect(Collectors.joining(",")));
    }
}
