package dev.physmem.models.x86;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The {@code -device} options the built-in machines take, each with the options the reference
 * captures used. QEMU counterpart: the command line's {@code -device} list, in this order.
 */
public enum MachineDevice {
    /** {@code -device intel-iommu,intremap=on,device-iotlb=on}: {@link IntelIommu}, q35 only. */
    INTEL_IOMMU("intel-iommu"),
    /** {@code -device VGA}: {@link StdVga}. */
    VGA("vga"),
    /** {@code -device virtio-net-pci,iommu_platform=on,ats=on,disable-legacy=on}: {@link VirtioNetPci}. */
    VIRTIO_NET("virtio-net");

    private final String shortName;

    MachineDevice(String shortName) {
        this.shortName = shortName;
    }

    /** The name machine words use ({@code q35+intel-iommu+virtio-net}). */
    public String shortName() {
        return shortName;
    }

    /**
     * The device named {@code name} (case-insensitive), or null.
     */
    public static MachineDevice byNameOrNull(String name) {
        for (MachineDevice d : values()) {
            if (d.shortName.equals(name.toLowerCase(Locale.ROOT))) {
                return d;
            }
        }
        return null;
    }

    /** The short names, comma-separated, for messages. */
    public static String names() {
        return Arrays.stream(values()).map(MachineDevice::shortName).collect(Collectors.joining(","));
    }
}
