package dev.physmem.cli.monitor;

import dev.physmem.space.AddressSpace;
import java.util.List;
import java.util.Optional;

/**
 * The {@code --as NAME} option of physmem's memory commands: which address space to use, by the
 * name {@code info mtree} prints; {@code memory} (the CPUs' view) when it is left out.
 */
final class SpaceOption {
    /** The option word. */
    static final String OPTION = "--as";
    /** The address space used without the option. */
    static final String DEFAULT = "memory";
    /** How help lines show the option. */
    static final String PARAMS = "[--as NAME]";

    private SpaceOption() {
    }

    /** Takes {@code --as NAME} out of {@code args}. */
    static Args.WithOption take(Args args) {
        return Args.takeOption(args.text(), OPTION, "--as NAME");
    }

    /**
     * The address space named by the option, or {@code memory} without it.
     *
     * @throws CommandException listing the names there are when there is no such space
     */
    static AddressSpace resolve(Session session, Optional<String> name) {
        return session.target().space(name.orElse(DEFAULT));
    }

    /** Address-space names after {@code --as}; the option itself for a word that starts with {@code -}. */
    static List<String> complete(Session session, List<String> args, String partial) {
        if (!args.isEmpty() && args.getLast().equals(OPTION)) {
            return session.target().spaceNames();
        }
        return partial.startsWith("-") && !args.contains(OPTION) ? List.of(OPTION) : List.of();
    }
}
