package dev.physmem.models.x86;

import dev.physmem.MemorySystem;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
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
        return build(system, ramSize, vga ? EnumSet.of(MachineDevice.VGA) : EnumSet.noneOf(MachineDevice.class));
    }

    /**
     * Builds the machine with {@code ramSize} bytes of RAM and {@code devices}.
     *
     * @throws IllegalArgumentException if {@code ramSize} is not a positive multiple of 8 KiB, or
     *     a device does not fit the type ({@link MachineDevice#INTEL_IOMMU} on {@code pc})
     */
    public X86Machine build(MemorySystem system, long ramSize, Set<MachineDevice> devices) {
        boolean vga = devices.contains(MachineDevice.VGA);
        boolean net = devices.contains(MachineDevice.VIRTIO_NET);
        boolean iommu = devices.contains(MachineDevice.INTEL_IOMMU);
        return switch (this) {
            case PC -> {
                if (iommu) {
                    throw new IllegalArgumentException("intel-iommu needs the q35 machine: type=" + qemuName);
                }
                yield PcMachine.builder().ramSize(ramSize).vga(vga).virtioNet(net).build(system);
            }
            case Q35 -> Q35Machine.builder().ramSize(ramSize).intelIommu(iommu).vga(vga).virtioNet(net).build(system);
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
