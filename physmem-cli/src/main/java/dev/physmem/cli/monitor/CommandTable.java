package dev.physmem.cli.monitor;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A table of commands looked up by name or alias. QEMU counterpart: {@code hmp_cmds} and
 * {@code hmp_info_cmds}.
 *
 * <p>Immutable once built.
 */
public final class CommandTable {
    private final List<Command> commands;
    private final Map<String, Command> byName = new LinkedHashMap<>();

    /**
     * A table of {@code commands}.
     *
     * @throws IllegalArgumentException if two commands share a name or alias
     */
    public CommandTable(List<? extends Command> commands) {
        this.commands = List.copyOf(commands);
        for (Command c : this.commands) {
            List<String> names = new ArrayList<>(c.aliases());
            names.addFirst(c.name());
            for (String n : names) {
                if (byName.putIfAbsent(n, c) != null) {
                    throw new IllegalArgumentException("two commands are called the same: name=" + n);
                }
            }
        }
    }

    /** The command called {@code name} (by its name or an alias). */
    public Optional<Command> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** The commands sorted by name, as QEMU's {@code help} lists them. */
    public List<Command> sorted() {
        return commands.stream().sorted(Comparator.comparing(Command::name)).toList();
    }

    /** Every name and alias, for completion. */
    public List<String> names() {
        return List.copyOf(byName.keySet());
    }
}
