package dev.physmem.migration;

/**
 * What one pass of {@link RamMigrationSender} did. QEMU counterpart: the counters of
 * {@code RAMState} / {@code ram_counters} for one {@code ram_save_iterate}.
 *
 * @param pagesSent pages written to the stream in this pass, zero pages included
 * @param zeroPages of those, pages sent as {@link RamStreamFormat#ZERO} records
 * @param bytes stream bytes written by this pass (section tag and EOS included)
 * @param remainingDirtyPages pages the guest dirtied while the pass ran, as the MIGRATION bitmap
 *     shows after it (not synced): an estimate of what the next pass will send; 0 after
 *     {@link RamMigrationSender#complete()}
 */
public record MigrationPass(long pagesSent, long zeroPages, long bytes, long remainingDirtyPages) {
    /** Checks that every count is non-negative and {@code zeroPages <= pagesSent}. */
    public MigrationPass {
        if (pagesSent < 0 || zeroPages < 0 || zeroPages > pagesSent || bytes < 0 || remainingDirtyPages < 0) {
            throw new IllegalArgumentException("bad pass counts: pagesSent=" + pagesSent + " zeroPages=" + zeroPages
                    + " bytes=" + bytes + " remainingDirtyPages=" + remainingDirtyPages);
        }
    }
}
