package dev.physmem.migration;

import static dev.physmem.migration.RamStreamFormat.CONTINUE;
import static dev.physmem.migration.RamStreamFormat.EOS;
import static dev.physmem.migration.RamStreamFormat.PAGE;
import static dev.physmem.migration.RamStreamFormat.PAGE_SIZE;
import static dev.physmem.migration.RamStreamFormat.ZERO;

import dev.physmem.MemorySystem;
import dev.physmem.dirty.DirtyClient;
import dev.physmem.dirty.DirtyLog;
import dev.physmem.dirty.RamDirtyMemory;
import dev.physmem.ram.RamBlock;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The sending side of a RAM migration: writes every migratable RAM block of a memory system to a
 * stream, then, while the guest keeps running, the pages it dirties, until the caller stops the
 * guest and completes. QEMU counterpart: {@code ram_save_setup}, {@code ram_save_iterate} and
 * {@code ram_save_complete} ({@code migration/ram.c}) with the precopy loop of
 * {@code migration/migration.c}. The stream format is {@link RamStreamFormat}'s.
 *
 * <h2>Protocol</h2>
 * {@snippet :
 * RamMigrationSender sender = new RamMigrationSender(system, out);
 * sender.setup();                                     // global dirty logging on, block list sent
 * MigrationPass pass = sender.iterate();              // first pass: every page (bulk stage)
 * while (pass.remainingDirtyPages() > threshold) {
 *     pass = sender.iterate();                        // pages dirtied since the last pass
 * }
 * stopTheGuest();
 * sender.complete();                                  // last pass, end marker, logging off
 * }
 *
 * <h2>What is sent, and why it converges</h2>
 * The blocks are {@link dev.physmem.ram.RamBlockList#migratableBlocks()} at {@link #setup()}, in
 * list order. Each block has a migration bitmap of its used pages (QEMU's {@code rb->bmap}),
 * all set at setup. A pass first syncs the dirty log of every address space
 * ({@link DirtyLog#globalSync()}, so listeners of an SMRAM-like space report too), then moves the
 * {@link DirtyClient#MIGRATION} bits of each block into its migration bitmap
 * ({@link RamDirtyMemory#moveDirtyInto}), then sends every page set there and clears it. Writes
 * mark their pages after storing, so a page written while a pass reads it is either read with
 * the write or still dirty for the next pass. A page whose bytes are all zero is sent as a
 * {@link RamStreamFormat#ZERO} record.
 *
 * <h2>Failure and thread safety</h2>
 * One thread drives a sender; guest threads may write through any address space meanwhile. An
 * {@link IOException} from the stream leaves global logging on: call {@link #cancel()}. A block
 * added, freed or resized after setup fails the next pass with {@link IllegalStateException}
 * (QEMU cancels the migration when a block is resized).
 */
public final class RamMigrationSender {
    private static final MemorySegment ZERO_PAGE = Arena.global().allocate(PAGE_SIZE);

    private enum State { NEW, RUNNING, DONE }

    private final MemorySystem system;
    private final StreamOut out;
    private final List<SentBlock> blocks = new ArrayList<>();
    private State state = State.NEW;

    /** One block being migrated: the used length fixed at setup, and its migration bitmap. */
    private record SentBlock(RamBlock block, long usedLength, long[] bmap) {
        long pages() {
            return usedLength / PAGE_SIZE;
        }
    }

    /** A sender of {@code system}'s RAM to {@code out} (buffered here; flushed after each section). */
    public RamMigrationSender(MemorySystem system, OutputStream out) {
        this.system = Objects.requireNonNull(system, "system");
        this.out = new StreamOut(out);
    }

    /** A sender of {@code system}'s RAM to {@code channel}. */
    public RamMigrationSender(MemorySystem system, WritableByteChannel channel) {
        this(system, Channels.newOutputStream(Objects.requireNonNull(channel, "channel")));
    }

    /** Stream bytes written so far. */
    public long bytesWritten() {
        return out.position();
    }

    /**
     * Starts global dirty logging, marks every used page of every migratable block for the first
     * pass, and writes the header and the block list (a START section). QEMU:
     * {@code ram_save_setup} with {@code ram_init_bitmaps}.
     *
     * @throws IllegalStateException if called twice, or if global dirty logging is already on
     * @throws IllegalArgumentException if a block's used length is not a whole number of pages
     *         (nothing started, nothing written)
     * @throws IOException if the stream fails (global logging stays on: {@link #cancel()})
     */
    public void setup() throws IOException {
        expect(State.NEW, "setup");
        long total = 0;
        for (RamBlock b : system.ramBlocks().migratableBlocks()) {
            long used = b.usedLength();
            if (used % PAGE_SIZE != 0) {
                throw new IllegalArgumentException("used length is not a whole number of pages: idstr="
                        + b.idstr() + " usedLength=0x" + Long.toHexString(used));
            }
            long[] bmap = new long[Math.toIntExact((used / PAGE_SIZE + 63) / 64)];
            setFirstPages(bmap, used / PAGE_SIZE);
            blocks.add(new SentBlock(b, used, bmap));
            total += used;
        }
        system.dirtyLog().globalStart();
        state = State.RUNNING;
        sync(); // clears the MIGRATION bits every block starts with; the bulk pass sends every page anyway
        out.u32(RamStreamFormat.MAGIC);
        out.u32(RamStreamFormat.VERSION);
        out.u32(PAGE_SIZE);
        out.u8(RamStreamFormat.SECTION_START);
        out.u64(total | RamStreamFormat.MEM_SIZE);
        out.u32(blocks.size());
        for (SentBlock s : blocks) {
            out.idstr(s.block().idstr());
            out.u64(s.usedLength());
        }
        out.u64(EOS);
        out.flush();
    }

    /**
     * One pass while the guest runs: syncs the dirty log of every address space, takes the
     * MIGRATION bits, and sends every page dirty since the last pass (the first pass: every page)
     * as a PART section. QEMU: {@code migration_bitmap_sync_precopy} then {@code ram_save_iterate}
     * without a rate limit.
     *
     * @throws IllegalStateException before {@link #setup()}, after {@link #complete()} or
     *         {@link #cancel()}, or if the block list changed since setup
     * @throws IOException if the stream fails
     */
    public MigrationPass iterate() throws IOException {
        expect(State.RUNNING, "iterate");
        return pass(RamStreamFormat.SECTION_PART);
    }

    /**
     * The last pass, with the guest stopped by the caller: syncs, sends every remaining dirty page
     * as an END section, writes the end marker, flushes, and stops global dirty logging. QEMU:
     * {@code ram_save_complete} and {@code QEMU_VM_EOF}.
     *
     * @throws IllegalStateException before {@link #setup()}, twice, after {@link #cancel()}, or if
     *         the block list changed since setup
     * @throws IOException if the stream fails (global logging stays on: {@link #cancel()})
     */
    public MigrationPass complete() throws IOException {
        expect(State.RUNNING, "complete");
        MigrationPass last = pass(RamStreamFormat.SECTION_END);
        out.u8(RamStreamFormat.SECTION_EOF);
        out.flush();
        state = State.DONE;
        system.dirtyLog().globalStop();
        return new MigrationPass(last.pagesSent(), last.zeroPages(), last.bytes() + 1, 0);
    }

    /**
     * Abandons the migration: stops global dirty logging if this sender started it and has not
     * stopped it. Writes nothing; the stream is left without an end marker, which the receiver
     * reports. Does nothing after {@link #complete()} or a previous cancel. QEMU:
     * {@code ram_save_cleanup} after {@code migrate_cancel}.
     */
    public void cancel() {
        if (state == State.RUNNING) {
            state = State.DONE;
            system.dirtyLog().globalStop();
        } else {
            state = State.DONE;
        }
    }

    private MigrationPass pass(int sectionTag) throws IOException {
        long start = out.position();
        sync();
        out.u8(sectionTag);
        long sent = 0;
        long zeros = 0;
        for (SentBlock s : blocks) {
            boolean first = true;
            long[] bmap = s.bmap();
            for (int w = 0; w < bmap.length; w++) {
                long bits = bmap[w];
                bmap[w] = 0;
                for (; bits != 0; bits &= bits - 1) {
                    long offset = ((long) w * 64 + Long.numberOfTrailingZeros(bits)) * PAGE_SIZE;
                    zeros += sendPage(s.block(), offset, first) ? 1 : 0;
                    first = false;
                    sent++;
                }
            }
        }
        out.u64(EOS);
        out.flush();
        return new MigrationPass(sent, zeros, out.position() - start, remainingDirty());
    }

    /**
     * Writes one record for the page at {@code offset} of {@code block}: ZERO if every byte is 0,
     * else PAGE with its bytes; the idstr on the block's first record of the section, else
     * CONTINUE. Returns whether it was a ZERO record. QEMU: {@code ram_save_target_page}.
     */
    private boolean sendPage(RamBlock block, long offset, boolean first) throws IOException {
        MemorySegment host = block.host();
        boolean zero = MemorySegment.mismatch(host, offset, offset + PAGE_SIZE, ZERO_PAGE, 0, PAGE_SIZE) < 0;
        out.u64(offset | (zero ? ZERO : PAGE) | (first ? 0 : CONTINUE));
        if (first) {
            out.idstr(block.idstr());
        }
        if (zero) {
            out.u8(0);
        } else {
            out.copyFrom(host, offset, PAGE_SIZE);
        }
        return zero;
    }

    /**
     * Syncs every address space, then moves each block's MIGRATION bits into its migration bitmap.
     * QEMU: {@code migration_bitmap_sync}.
     */
    private void sync() {
        checkBlocksUnchanged();
        system.dirtyLog().globalSync();
        RamDirtyMemory dirty = system.dirtyLog().ramDirtyMemory();
        for (SentBlock s : blocks) {
            if (s.usedLength() != 0) {
                dirty.moveDirtyInto(s.block().ramAddr(), s.usedLength(), DirtyClient.MIGRATION, s.bmap());
            }
        }
    }

    private long remainingDirty() {
        RamDirtyMemory dirty = system.dirtyLog().ramDirtyMemory();
        long n = 0;
        for (SentBlock s : blocks) {
            if (s.usedLength() != 0) {
                n += dirty.dirtyPages(s.block().ramAddr(), s.usedLength(), DirtyClient.MIGRATION);
            }
        }
        return n;
    }

    private void checkBlocksUnchanged() {
        List<RamBlock> now = system.ramBlocks().migratableBlocks();
        boolean same = now.size() == blocks.size();
        for (int i = 0; same && i < now.size(); i++) {
            SentBlock s = blocks.get(i);
            same = now.get(i) == s.block();
            if (same && s.block().usedLength() != s.usedLength()) {
                throw new IllegalStateException("RAM block resized during migration: idstr=" + s.block().idstr()
                        + " usedLength=0x" + Long.toHexString(s.usedLength()) + " now=0x"
                        + Long.toHexString(s.block().usedLength()));
            }
        }
        if (!same) {
            throw new IllegalStateException("RAM blocks changed during migration: blocks=" + blocks.size()
                    + " now=" + now.size());
        }
    }

    private static void setFirstPages(long[] bmap, long pages) {
        for (int w = 0; w < bmap.length; w++) {
            long left = pages - (long) w * 64;
            bmap[w] = left >= 64 ? -1L : (1L << left) - 1;
        }
    }

    private void expect(State wanted, String call) {
        if (state != wanted) {
            throw new IllegalStateException(call + " not allowed now: state=" + state);
        }
    }
}
