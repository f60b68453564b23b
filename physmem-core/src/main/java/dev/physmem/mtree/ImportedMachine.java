package dev.physmem.mtree;

import dev.physmem.MemorySystem;
import dev.physmem.space.AddressSpace;
import java.util.List;
import java.util.Objects;

/**
 * A machine rebuilt from a QEMU dump by {@link QemuMtreeImporter}: a new memory system with real
 * regions, its address spaces in QEMU's creation order, and the accelerator the hints named. QEMU
 * counterpart: the machine's {@code address_spaces} list and {@code current_accel()}.
 *
 * @param system the rebuilt memory system; all its views are rendered and published
 * @param addressSpaces the address spaces in creation order (the same list as
 *     {@code system.addressSpaces()} at import)
 * @param accel the accelerator whose memory slots {@code info mtree -f} marks, or null (TCG); pass it
 *     to {@link MtreeOptions#withAccel} to print the machine as QEMU did
 */
public record ImportedMachine(MemorySystem system, List<AddressSpace> addressSpaces, MtreeOptions.Accel accel) {

    public ImportedMachine {
        Objects.requireNonNull(system, "system");
        addressSpaces = List.copyOf(addressSpaces);
    }

    /** The first address space with {@code name}, in creation order. */
    public AddressSpace addressSpace(String name) {
        for (AddressSpace as : addressSpaces) {
            if (as.name().equals(name)) {
                return as;
            }
        }
        throw new IllegalArgumentException("no address space with this name: name=" + name);
    }
}
