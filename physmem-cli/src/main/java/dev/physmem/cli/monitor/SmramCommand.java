package dev.physmem.cli.monitor;

import dev.physmem.models.x86.Smram;
import java.util.List;

/**
 * {@code smram [open|close|lock|enable|disable]}: show or change the host bridge's SMRAM control
 * through {@link Smram}'s typed operations: open SMRAM at {@code 0xa0000} to code outside SMM,
 * close it, lock the setting until reset, or set the global enable ({@code G_SMRAME}) that gives
 * SMM code its SMRAM.
 */
final class SmramCommand implements Command {
    private static final List<String> OPERATIONS = List.of("open", "close", "lock", "enable", "disable");

    @Override
    public String name() {
        return "smram";
    }

    @Override
    public String params() {
        return "[open|close|lock|enable|disable]";
    }

    @Override
    public String help() {
        return "show or change SMRAM (0xa0000-0xbffff): open, close, lock, global enable";
    }

    @Override
    public List<String> details() {
        return List.of(
                "open: code outside SMM sees SMRAM (RAM) at 0xa0000 instead of the VGA window; close: it",
                "does not. enable/disable: G_SMRAME, whether SMM code (cpu-smm-0) sees SMRAM. lock: D_LCK,",
                "closes SMRAM and freezes open and enable until reset. Alone: the register and its state.",
                "Example: smram open, then explain 0xa0000");
    }

    @Override
    public void run(Session session, Args args) {
        Smram smram = session.target().requireMachine(name()).hostBridge().smram();
        if (args.atEnd()) {
            session.out().print("SMRAM register " + state(smram.register()) + "\n");
            return;
        }
        String op = args.word("operation");
        args.end();
        if (!OPERATIONS.contains(op)) {
            throw new ArgumentException("smram: operation is one of " + String.join(", ", OPERATIONS) + ": '"
                    + op + "'");
        }
        if (smram.isLocked() && !op.equals("close") && !op.equals("lock")) {
            throw new CommandException(String.format("smram: SMRAM is locked until reset (register 0x%02x)",
                    smram.register()));
        }
        FlatViewChanges changes = FlatViewChanges.snapshot(session.target().system());
        int before = smram.register();
        switch (op) {
            case "open" -> smram.open();
            case "close" -> smram.close();
            case "lock" -> smram.lock();
            case "enable" -> smram.setEnabled(true);
            default -> smram.setEnabled(false);
        }
        session.out().print(String.format("SMRAM register 0x%02x -> %s\n", before, state(smram.register())));
        session.out().print(changes.report());
    }

    /** The register and what it means, e.g. {@code 0x4a: open, enabled, unlocked}. */
    private static String state(int register) {
        return String.format("0x%02x: %s, %s, %s", register,
                (register & Smram.D_OPEN) != 0 ? "open" : "closed",
                (register & Smram.G_SMRAME) != 0 ? "enabled" : "disabled",
                (register & Smram.D_LCK) != 0 ? "locked" : "unlocked");
    }

    @Override
    public List<String> complete(Session session, List<String> args, String partial) {
        return args.isEmpty() && session.target().machineModel().isPresent() ? OPERATIONS : List.of();
    }
}
