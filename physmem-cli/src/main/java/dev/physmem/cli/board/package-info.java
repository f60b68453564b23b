/**
 * Board files: a YAML description of a user's own machine (its regions, their nesting,
 * priorities, aliases, flags and owners, and its address spaces) and the loader that builds it
 * into a {@link dev.physmem.MemorySystem}. Entry point: {@link dev.physmem.cli.board.BoardLoader};
 * the format is documented in {@code docs/BOARD-FORMAT.md}.
 *
 * <p>Loading runs in three stages, one class each: {@code BoardParser} (YAML nodes to a
 * {@code BoardSpec}, field by field, with line and column for every error),
 * {@code BoardValidator} (references, mappings, cycles and contents, to a {@code ResolvedBoard}),
 * {@code BoardBuilder} (the memory API calls, in one transaction).
 */
package dev.physmem.cli.board;
