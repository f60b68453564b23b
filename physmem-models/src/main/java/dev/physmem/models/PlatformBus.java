package dev.physmem.models;

import dev.physmem.region.ContainerRegion;
import dev.physmem.region.MemoryRegion;
import dev.physmem.region.Owner;

/**
 * The dynamic sysbus window of the {@code virt} machines: an empty container {@code platform bus}
 * where {@code -device} sysbus devices would be mapped. The board gives the device the id
 * {@code platform-bus-device}, so {@code info mtree -o} names it by id, though it still takes the
 * next {@code /machine/unattached/device[N]} slot. QEMU counterpart: {@code platform_bus_realize}
 * (hw/core/platform-bus.c) and the boards' {@code create_platform_bus}. No device is ever plugged.
 */
public final class PlatformBus {
    /** The id the boards give the device. */
    public static final Owner OWNER = Owner.deviceId("platform-bus-device");

    private PlatformBus() {
    }

    /**
     * Creates the device (taking its slot in {@code devices}) and maps its {@code size}-byte
     * window at {@code offset} of {@code container}; returns the window.
     */
    public static ContainerRegion map(MemoryRegion container, long offset, long size, UnattachedDevices devices) {
        devices.next();
        ContainerRegion bus = container.system().initContainer(OWNER, "platform bus", size);
        container.addSubregion(offset, bus);
        return bus;
    }
}
