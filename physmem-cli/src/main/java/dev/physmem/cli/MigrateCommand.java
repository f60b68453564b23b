package dev.physmem.cli;

import dev.physmem.MemorySystem;
import dev.physmem.migration.MigrationLoad;
import dev.physmem.migration.MigrationPass;
import dev.physmem.migration.RamMigrationReceiver;
import dev.physmem.migration.RamMigrationSender;
import java.io.BufferedOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code physmem migrate}: writes a machine's RAM to a migration stream file, or loads one into a
 * machine built the same way (docs/MIGRATION-FORMAT.md). QEMU counterpart: {@code migrate
 * "exec:cat > FILE"} and {@code -incoming "exec:cat FILE"}, RAM only.
 */
@Command(
        name = "migrate",
        mixinStandardHelpOptions = true,
        description = {
            "Write a machine's RAM as a migration stream, or load one into a machine built the same way.",
            "Only RAM registered for migration travels: the built-in machines register theirs; board files "
                    + "and QEMU dumps register none. A stream that does not fit the machine (unknown block, "
                    + "other length, corrupt or truncated) exits " + ExitCodes.BAD_INPUT
                    + " with the stream offset of the problem."
        },
        footer = {"", "Examples:", "  physmem migrate --to pc.mig", "  physmem migrate --machine q35 -m 2G --firmware seabios --to q35.mig",
            "  physmem migrate --from pc.mig"})
final class MigrateCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private MapSource source;

    @ArgGroup(exclusive = true, multiplicity = "1")
    private Direction direction;

    /** Exactly one of --to and --from. */
    static final class Direction {
        @Option(names = "--to", paramLabel = "FILE", required = true,
                description = "Write the machine's RAM to FILE (replaced if it exists).")
        Path to;

        @Option(names = "--from", paramLabel = "FILE", required = true,
                description = "Load FILE into the machine.")
        Path from;
    }

    @Override
    public Integer call() throws Exception {
        MemorySystem system = source.load().system();
        if (system.ramBlocks().migratableBlocks().isEmpty()) {
            throw new ExitCodes.UsageException("no RAM registered for migration in " + source.describe()
                    + " (board files and QEMU dumps register none)");
        }
        var out = spec.commandLine().getOut();
        if (direction.to != null) {
            MigrationPass pass;
            long bytes;
            try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(direction.to))) {
                RamMigrationSender sender = new RamMigrationSender(system, file);
                sender.setup();
                pass = sender.complete();
                bytes = sender.bytesWritten();
            }
            out.println("sent " + system.ramBlocks().migratableBlocks().size() + " blocks, " + pass.pagesSent()
                    + " pages (" + pass.zeroPages() + " zero) of " + source.describe() + " to " + direction.to
                    + ": " + bytes + " bytes");
        } else {
            MigrationLoad loaded;
            try (InputStream file = Files.newInputStream(direction.from)) {
                loaded = new RamMigrationReceiver(system, file).load();
            }
            out.println("loaded " + loaded.blocks() + " blocks, " + loaded.pages() + " pages (" + loaded.zeroPages()
                    + " zero) from " + direction.from + " into " + source.describe() + ": " + loaded.bytes() + " bytes");
        }
        return ExitCodes.OK;
    }
}
