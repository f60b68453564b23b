package dev.physmem.models;

import dev.physmem.region.Owner;

/**
 * Hands out the QOM paths QEMU gives devices that a board creates without naming a parent:
 * {@code /machine/unattached/device[N]}, N counting from 0 in creation order. The owners that
 * {@code info mtree -o} prints depend on that order, so the machine builders create their
 * devices in QEMU's order through one instance of this class. QEMU counterpart:
 * {@code device_set_realized} adding orphan devices as {@code device[*]} children of
 * {@code /machine/unattached}.
 */
public final class UnattachedDevices {
    private int next;

    /** The owner of the next device created. */
    public Owner next() {
        return device(next++);
    }

    /** The owner {@code /machine/unattached/device[n]}. */
    public static Owner device(int n) {
        return Owner.devicePath("/machine/unattached/device[" + n + "]");
    }
}
