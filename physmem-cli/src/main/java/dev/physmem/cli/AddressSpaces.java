package dev.physmem.cli;

import dev.physmem.MemorySystem;
import dev.physmem.space.AddressSpace;
import java.util.stream.Collectors;

/** Finding an address space by the name {@code info mtree} prints. */
final class AddressSpaces {
    private AddressSpaces() {
    }

    /** The first address space called {@code name}; a usage error listing the names otherwise. */
    static AddressSpace find(MemorySystem system, String name) {
        for (AddressSpace as : system.addressSpaces()) {
            if (as.name().equals(name)) {
                return as;
            }
        }
        throw new ExitCodes.UsageException("no address space '" + name + "'; there are: "
                + system.addressSpaces().stream().map(AddressSpace::name).distinct()
                        .collect(Collectors.joining(", ")));
    }
}
