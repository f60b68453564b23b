package dev.physmem.cli.monitor;

import dev.physmem.models.pci.PciFunction;
import dev.physmem.models.x86.X86Machine;
import java.io.PrintWriter;
import java.util.List;
import java.util.stream.Collectors;

/**
 * {@code busmaster [device on|off]}: show or set a PCI function's bus mastering
 * ({@code PCI_COMMAND_MASTER}) through {@link PciFunction#setBusMaster}: whether the function's
 * DMA address space, named after the function, reaches system memory.
 */
final class BusMasterCommand implements Command {

    @Override
    public String name() {
        return "busmaster";
    }

    @Override
    public String params() {
        return "[device on|off]";
    }

    @Override
    public String help() {
        return "show or set PCI bus mastering (whether a function's DMA reaches memory)";
    }

    @Override
    public List<String> details() {
        return List.of(
                "device is a PCI function as its address space is named (i440FX, PIIX3, piix3-ide, ...).",
                "Alone: every function and whether it is a bus master. Example: busmaster PIIX3 on");
    }

    @Override
    public void run(Session session, Args args) {
        X86Machine machine = session.target().requireMachine(name());
        PrintWriter out = session.out();
        if (args.atEnd()) {
            for (PciFunction f : machine.pciBus().functions()) {
                out.print(f.name() + " " + (f.isBusMaster() ? "on" : "off") + "\n");
            }
            return;
        }
        PciFunction function = find(machine, args.word("device"));
        boolean on = switch (args.word("on|off")) {
            case "on" -> true;
            case "off" -> false;
            case String other -> throw new ArgumentException("busmaster: on or off, not '" + other + "'");
        };
        args.end();
        FlatViewChanges changes = FlatViewChanges.snapshot(session.target().system());
        boolean before = function.isBusMaster();
        function.setBusMaster(on);
        out.print("bus master " + function.name() + ": "
                + (before == on ? onOff(on) + " (unchanged)" : onOff(before) + " -> " + onOff(on)) + "\n");
        out.print(changes.report());
    }

    private static PciFunction find(X86Machine machine, String name) {
        List<PciFunction> functions = machine.pciBus().functions();
        for (PciFunction f : functions) {
            if (f.name().equals(name)) {
                return f;
            }
        }
        List<PciFunction> ignoringCase = functions.stream().filter(f -> f.name().equalsIgnoreCase(name)).toList();
        if (ignoringCase.size() == 1) {
            return ignoringCase.getFirst();
        }
        throw new CommandException("busmaster: no PCI function '" + name + "'; there are: "
                + functions.stream().map(PciFunction::name).collect(Collectors.joining(", ")));
    }

    private static String onOff(boolean on) {
        return on ? "on" : "off";
    }

    @Override
    public List<String> complete(Session session, List<String> args, String partial) {
        return session.target().machineModel().map(m -> switch (args.size()) {
            case 0 -> m.pciBus().functions().stream().map(PciFunction::name).toList();
            case 1 -> List.of("on", "off");
            default -> List.<String>of();
        }).orElse(List.of());
    }
}
