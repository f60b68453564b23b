package dev.physmem.models;

import dev.physmem.region.IoRegion;
import dev.physmem.region.MemoryRegion;
import java.util.ArrayList;
import java.util.List;

/**
 * The virtio-mmio transports of the {@code virt} machines, as the memory map sees them: each a
 * {@value #SIZE}-byte register window {@code virtio-mmio}, owned by its own transport device.
 * QEMU counterpart: {@code virtio_mmio_realizefn} (hw/virtio/virtio-mmio.c), created by the
 * boards' {@code create_virtio_devices} / {@code virt_machine_init}. The registers are plain
 * registers: no virtio device sits behind them.
 */
public final class VirtioMmio {
    /** Size of one transport's register window. QEMU: the {@code iomem} region of {@code virtio_mmio_realizefn}. */
    public static final long SIZE = 0x200;

    private VirtioMmio() {
    }

    /**
     * Maps {@code count} transports into {@code container}, transport {@code i} at
     * {@code base + i * stride}, created (and so owned: {@code devices.next()}) in address order.
     *
     * @throws IllegalArgumentException if {@code stride} is smaller than {@link #SIZE}
     */
    public static List<IoRegion> map(MemoryRegion container, long base, long stride, int count,
            UnattachedDevices devices) {
        if (stride < SIZE) {
            throw new IllegalArgumentException("transports may not overlap: stride=0x" + Long.toHexString(stride));
        }
        List<IoRegion> transports = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            transports.add(Regions.map(container, base + i * stride, devices.next(), "virtio-mmio", SIZE));
        }
        return List.copyOf(transports);
    }
}
