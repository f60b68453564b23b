package dev.physmem.cli.board;

import dev.physmem.MemorySystem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Loads a board file (docs/BOARD-FORMAT.md) into a new {@link MemorySystem}: the user's own
 * machine, described in YAML, ready for every {@code physmem} verb. QEMU counterpart: a board's
 * {@code machine_init} as far as its memory map goes.
 *
 * {@snippet :
 * MemorySystem system = BoardLoader.load(Path.of("board.yaml"));
 * AddressSpace memory = system.addressSpaces().getFirst();
 * FlatRange r = memory.view().lookup(0x4000_0000L);
 * }
 *
 * <h2>Stages</h2>
 * The file is parsed (fields, types, ranges), then validated as a whole (references, mappings,
 * cycles, contents), and only then built, in one transaction. A file that fails any check builds
 * nothing; the {@link BoardFormatException} names the file, line, column and field.
 *
 * <h2>Thread safety</h2>
 * Stateless; loads may run concurrently. Each returns its own memory system.
 */
public final class BoardLoader {

    private BoardLoader() {
    }

    /**
     * Loads the board file {@code file}. Messages name it as given; {@code contents.file} paths
     * are relative to its directory.
     *
     * @throws IOException if the file cannot be read
     * @throws BoardFormatException if it is not a valid board
     */
    public static MemorySystem load(Path file) throws IOException, BoardFormatException {
        String text = Files.readString(file);
        Path dir = file.toAbsolutePath().getParent();
        return load(text, file.toString(), dir);
    }

    /**
     * Loads board text; {@code sourceName} names it in messages, and {@code contents.file} paths
     * are relative to the current directory.
     *
     * @throws BoardFormatException if it is not a valid board
     */
    public static MemorySystem load(String text, String sourceName) throws BoardFormatException {
        return load(text, sourceName, Path.of("").toAbsolutePath());
    }

    /**
     * Loads board text whose {@code contents.file} paths are relative to {@code baseDirectory}.
     *
     * @throws BoardFormatException if it is not a valid board
     */
    public static MemorySystem load(String text, String sourceName, Path baseDirectory) throws BoardFormatException {
        BoardSpec spec = new BoardParser(sourceName, baseDirectory).parse(text);
        ResolvedBoard resolved = BoardValidator.validate(spec);
        return BoardBuilder.build(resolved);
    }
}
