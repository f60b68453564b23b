package dev.physmem.cli.monitor;

import dev.physmem.MemorySystem;
import dev.physmem.models.x86.X86Machine;
import dev.physmem.mtree.MtreeOptions;
import dev.physmem.space.AddressSpace;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What a monitor works on: a memory system, the accelerator {@code info mtree -f} marks, and the
 * machine model that built the system when there is one (a built-in machine has one; a map
 * imported from a QEMU dump has only regions, so it has no chipset to program).
 *
 * @param system the memory map
 * @param accel the accelerator of an imported dump, null for none
 * @param machine the machine model, null when the map has none
 * @param description what the map is, for the banner and messages, e.g. {@code pc, 512 MiB RAM}
 */
public record MonitorTarget(MemorySystem system, MtreeOptions.Accel accel, X86Machine machine, String description) {

    public MonitorTarget {
        Objects.requireNonNull(system, "system");
        Objects.requireNonNull(description, "description");
        if (machine != null && machine.system() != system) {
            throw new IllegalArgumentException("the machine was built in another memory system: machine="
                    + machine.typeName());
        }
    }

    /** A built-in machine model, described by its type and RAM size. */
    public static MonitorTarget of(X86Machine machine) {
        return new MonitorTarget(machine.system(), null, machine,
                machine.typeName() + ", " + (machine.ramSplit().ramSize() >> 20) + " MiB RAM");
    }

    /** A map without a machine model, e.g. one imported from a QEMU dump. */
    public static MonitorTarget withoutModel(MemorySystem system, MtreeOptions.Accel accel, String description) {
        return new MonitorTarget(system, accel, null, description);
    }

    /** The machine model, if the map has one. */
    public Optional<X86Machine> machineModel() {
        return Optional.ofNullable(machine);
    }

    /**
     * The machine model, for a command that programs its chipset.
     *
     * @throws CommandException naming {@code command} when the map has no machine model
     */
    X86Machine requireMachine(String command) {
        if (machine == null) {
            throw new CommandException(command + ": " + description
                    + " has no x86 chipset to program; pc and q35 have one (--machine pc or q35)");
        }
        return machine;
    }

    /**
     * The first address space called {@code name}.
     *
     * @throws CommandException listing the names there are
     */
    AddressSpace space(String name) {
        for (AddressSpace as : system.addressSpaces()) {
            if (as.name().equals(name)) {
                return as;
            }
        }
        throw new CommandException("no address space '" + name + "'; there are: "
                + spaceNames().stream().collect(Collectors.joining(", ")));
    }

    /** The address spaces' names, each once, in creation order. */
    List<String> spaceNames() {
        return system.addressSpaces().stream().map(AddressSpace::name).distinct().toList();
    }
}
