package dev.physmem.migration;

import static dev.physmem.migration.RamStreamFormat.CONTINUE;
import static dev.physmem.migration.RamStreamFormat.EOS;
import static dev.physmem.migration.RamStreamFormat.FLAG_MASK;
import static dev.physmem.migration.RamStreamFormat.KNOWN_FLAGS;
import static dev.physmem.migration.RamStreamFormat.MEM_SIZE;
import static dev.physmem.migration.RamStreamFormat.PAGE;
import static dev.physmem.migration.RamStreamFormat.PAGE_SIZE;
import static dev.physmem.migration.RamStreamFormat.ZERO;

import dev.physmem.MemorySystem;
import dev.physmem.ram.RamBlock;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The receiving side of a RAM migration: reads a stream written by {@link RamMigrationSender}
 * into the RAM blocks of a destination memory system built like the source (the same machine,
 * so the same idstrs). QEMU counterpart: {@code ram_load_precopy} ({@code migration/ram.c}) under
 * {@code qemu_loadvm_state} ({@code migration/savevm.c}).
 *
 * <h2>What is checked</h2>
 * The header (magic, version, page size); the section order START, PART*, END, EOF; that every
 * block of the block list exists here under its idstr with the same used length (a resizeable
 * block is resized to the stream's length first, as QEMU's {@code qemu_ram_resize} on load); that
 * every record's flags are known and combined legally; that a page names a block of the list
 * (by idstr, or by {@code CONTINUE} after a page of the same section) and lies inside its used
 * length. Anything else is a {@link MigrationStreamException} naming the stream offset, what was
 * expected and what was found. Pages are written into the blocks' host memory directly, without
 * dirty marking (as QEMU's load), and never outside a block's used length. Blocks of the
 * destination that the stream does not list are left alone, as in QEMU.
 *
 * <h2>Thread safety</h2>
 * One thread calls {@link #load()}, once. The destination guest must not run meanwhile.
 * {@snippet :
 * MigrationLoad loaded = new RamMigrationReceiver(destination, in).load();
 * }
 */
public final class RamMigrationReceiver {
    private final MemorySystem system;
    private final StreamIn in;
    /** The stream's block list, by idstr. */
    private final Map<String, RamBlock> listed = new HashMap<>();
    private boolean loaded;
    private long pages;
    private long zeroPages;

    /** A receiver into {@code system}'s RAM blocks from {@code in} (buffered here). */
    public RamMigrationReceiver(MemorySystem system, InputStream in) {
        this.system = Objects.requireNonNull(system, "system");
        this.in = new StreamIn(in);
    }

    /** A receiver into {@code system}'s RAM blocks from {@code channel}. */
    public RamMigrationReceiver(MemorySystem system, ReadableByteChannel channel) {
        this(system, Channels.newInputStream(Objects.requireNonNull(channel, "channel")));
    }

    /**
     * Reads the whole stream, up to and including its end marker, writing its pages into the
     * destination's blocks. Reads nothing past the end marker.
     *
     * @throws MigrationStreamException if the stream is truncated, corrupt, of another version, or
     *         lists a block the destination lacks or has with another used length
     * @throws IOException if reading fails
     * @throws IllegalStateException if called twice
     */
    public MigrationLoad load() throws IOException {
        if (loaded) {
            throw new IllegalStateException("load() already called");
        }
        loaded = true;
        header();
        section(RamStreamFormat.SECTION_START, "START section");
        blockList();
        while (true) {
            long at = in.position();
            int tag = in.u8("section tag PART or END");
            if (tag == RamStreamFormat.SECTION_END) {
                pageRecords();
                break;
            }
            if (tag != RamStreamFormat.SECTION_PART) {
                throw new MigrationStreamException(at, "section tag PART or END", "tag " + RamStreamFormat.sectionName(tag));
            }
            pageRecords();
        }
        section(RamStreamFormat.SECTION_EOF, "end marker EOF");
        return new MigrationLoad(listed.size(), pages, zeroPages, in.position());
    }

    private void header() throws IOException {
        int magic = in.u32("magic 0x" + Integer.toHexString(RamStreamFormat.MAGIC));
        if (magic != RamStreamFormat.MAGIC) {
            throw new MigrationStreamException(0, "magic 0x" + Integer.toHexString(RamStreamFormat.MAGIC),
                    "0x" + Integer.toHexString(magic));
        }
        int version = in.u32("version");
        if (version != RamStreamFormat.VERSION) {
            throw new MigrationStreamException(4, "version " + RamStreamFormat.VERSION, "version " + version);
        }
        int pageSize = in.u32("page size");
        if (pageSize != PAGE_SIZE) {
            throw new MigrationStreamException(8, "page size " + PAGE_SIZE, "page size " + pageSize);
        }
    }

    private void section(int wanted, String what) throws IOException {
        long at = in.position();
        int tag = in.u8(what);
        if (tag != wanted) {
            throw new MigrationStreamException(at, what, "tag " + RamStreamFormat.sectionName(tag));
        }
    }

    /** The START section: MEM_SIZE word, block count, the blocks, EOS. QEMU: the {@code RAM_SAVE_FLAG_MEM_SIZE} case. */
    private void blockList() throws IOException {
        long wordAt = in.position();
        long word = in.u64("MEM_SIZE word");
        if ((word & FLAG_MASK) != MEM_SIZE) {
            throw new MigrationStreamException(wordAt, "MEM_SIZE word (flags 0x4)", "flags=0x" + Long.toHexString(word & FLAG_MASK));
        }
        long total = word & ~FLAG_MASK;
        long countAt = in.position();
        int count = in.u32("block count");
        if (count < 0) {
            throw new MigrationStreamException(countAt, "block count below 2^31", "count=" + Integer.toUnsignedString(count));
        }
        long sum = 0;
        for (int i = 0; i < count; i++) {
            sum += listBlock(i, count);
        }
        if (sum != total) {
            throw new MigrationStreamException(wordAt, "MEM_SIZE total equal to the sum of used lengths 0x"
                    + Long.toHexString(sum), "total=0x" + Long.toHexString(total));
        }
        long eosAt = in.position();
        long eos = in.u64("EOS word after the block list");
        if (eos != EOS) {
            throw new MigrationStreamException(eosAt, "EOS word after the block list", "word=0x" + Long.toHexString(eos));
        }
    }

    /** One entry of the block list: finds, checks and if need be resizes the block. Returns its used length. */
    private long listBlock(int index, int count) throws IOException {
        long idAt = in.position();
        String idstr = in.idstr("block " + (index + 1) + " of " + count);
        long lengthAt = in.position();
        long used = in.u64("used length of block idstr=" + idstr);
        RamBlock block = system.ramBlocks().byIdstr(idstr).orElseThrow(() -> new MigrationStreamException(idAt,
                "idstr of a RAM block of the destination", "unknown block idstr=" + idstr));
        if (listed.putIfAbsent(idstr, block) != null) {
            throw new MigrationStreamException(idAt, "each block listed once", "second entry for idstr=" + idstr);
        }
        if (used % PAGE_SIZE != 0) {
            throw new MigrationStreamException(lengthAt, "used length of block idstr=" + idstr
                    + " in whole pages", "usedLength=0x" + Long.toHexString(used));
        }
        if (block.host().isReadOnly()) {
            throw new MigrationStreamException(idAt, "block idstr=" + idstr + " writable on the destination",
                    "read-only host memory");
        }
        if (used != block.usedLength()) {
            resize(block, used, lengthAt);
        }
        return used;
    }

    /** A resizeable block takes the stream's used length; any other mismatch is an error. QEMU: {@code qemu_ram_resize} in {@code ram_load}. */
    private static void resize(RamBlock block, long used, long lengthAt) throws MigrationStreamException {
        String found = "usedLength=0x" + Long.toHexString(used);
        if (!block.isResizeable()) {
            throw new MigrationStreamException(lengthAt, "usedLength=0x" + Long.toHexString(block.usedLength())
                    + " of block idstr=" + block.idstr() + " (not resizeable)", found);
        }
        if (Long.compareUnsigned(used, block.maxLength()) > 0) {
            throw new MigrationStreamException(lengthAt, "usedLength at most maxLength=0x"
                    + Long.toHexString(block.maxLength()) + " of block idstr=" + block.idstr(), found);
        }
        try {
            block.resize(used);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new MigrationStreamException(lengthAt, "a length block idstr=" + block.idstr() + " can take",
                    found + " (" + e.getMessage() + ")");
        }
    }

    /** Page and zero records up to an EOS word. QEMU: the {@code RAM_SAVE_FLAG_PAGE / ZERO / EOS} cases. */
    private void pageRecords() throws IOException {
        RamBlock current = null;
        while (true) {
            long at = in.position();
            long word = in.u64("record word (PAGE, ZERO or EOS)");
            int flags = recordFlags(at, word);
            if (flags == EOS) {
                return;
            }
            long offset = word & ~FLAG_MASK;
            current = recordBlock(at, (flags & CONTINUE) != 0, current);
            checkInside(at, current, offset);
            if ((flags & PAGE) != 0) {
                in.copyTo(current.host(), offset, PAGE_SIZE, "page data of block idstr=" + current.idstr()
                        + " offset=0x" + Long.toHexString(offset));
            } else {
                int fill = in.u8("fill byte of a zero page");
                current.host().asSlice(offset, PAGE_SIZE).fill((byte) fill);
                zeroPages++;
            }
            pages++;
        }
    }

    /**
     * The flags of a record word at stream offset {@code at}: EOS alone with no offset, or PAGE or
     * ZERO, each optionally with CONTINUE.
     */
    private static int recordFlags(long at, long word) throws MigrationStreamException {
        int flags = (int) (word & FLAG_MASK);
        if ((flags & ~KNOWN_FLAGS) != 0) {
            throw new MigrationStreamException(at, "record flags among ZERO|PAGE|EOS|CONTINUE (0x3e)",
                    "unknown flags 0x" + Integer.toHexString(flags & ~KNOWN_FLAGS) + " in word=0x" + Long.toHexString(word));
        }
        if (flags == EOS) {
            if ((word & ~FLAG_MASK) != 0) {
                throw new MigrationStreamException(at, "EOS word with no offset", "word=0x" + Long.toHexString(word));
            }
            return flags;
        }
        int kind = flags & ~CONTINUE;
        if (kind != PAGE && kind != ZERO) {
            throw new MigrationStreamException(at, "one of PAGE, ZERO, EOS (CONTINUE only with PAGE or ZERO)",
                    "flags=0x" + Integer.toHexString(flags));
        }
        return flags;
    }

    /** The block a record is for: the previous one if CONTINUE, else the one its idstr names. */
    private RamBlock recordBlock(long at, boolean cont, RamBlock previous) throws IOException {
        if (cont) {
            if (previous == null) {
                throw new MigrationStreamException(at, "an idstr on the first page of a section",
                        "CONTINUE without a previous page");
            }
            return previous;
        }
        long idAt = in.position();
        String idstr = in.idstr("page record");
        RamBlock block = listed.get(idstr);
        if (block == null) {
            throw new MigrationStreamException(idAt, "idstr of a block in the block list", "unknown block idstr=" + idstr);
        }
        return block;
    }

    private static void checkInside(long at, RamBlock block, long offset) throws MigrationStreamException {
        long used = block.usedLength();
        if (used < PAGE_SIZE || Long.compareUnsigned(offset, used - PAGE_SIZE) > 0) {
            throw new MigrationStreamException(at, "page offset below usedLength=0x" + Long.toHexString(used)
                    + " of block idstr=" + block.idstr(), "offset=0x" + Long.toHexString(offset));
        }
    }
}
