package dev.physmem.migration;

/**
 * What {@link RamMigrationReceiver#load()} read. QEMU counterpart: none (QEMU keeps no load
 * counters); for tests and progress output.
 *
 * @param blocks blocks in the stream's block list
 * @param pages page records loaded, zero pages included (a page sent in several passes counts each time)
 * @param zeroPages of those, {@link RamStreamFormat#ZERO} records
 * @param bytes stream bytes read, the end marker included
 */
public record MigrationLoad(int blocks, long pages, long zeroPages, long bytes) {
}
