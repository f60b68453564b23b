package dev.physmem.dirty;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One client's dirty bits over the pages of the ram address space, growable without a lock on the
 * marking side. Page {@code p} (ram address {@code p * PAGE_SIZE}) is bit {@code p % 64} of word
 * {@code p / 64}; words live in fixed-size blocks of {@link #BLOCK_WORDS} words. QEMU
 * counterpart: {@code DirtyMemoryBlocks}, one {@code ram_list.dirty_memory[client]}.
 *
 * <h2>Growth</h2>
 * The blocks are held in an array published through a volatile field. {@link #extend} (called
 * with the memory system's topology lock held, so one grower at a time) makes a longer array
 * holding the same block objects plus new, clear ones, and publishes it with one volatile write.
 * A writer still using the old array writes into the same blocks, so no bit is lost; the old array
 * is garbage once no writer holds it (the collector is our RCU). Blocks are never removed and the
 * bitmap never shrinks.
 *
 * <h2>Memory order and cost</h2>
 * {@link #mark} reads the blocks array once (volatile), then reads each word plainly and does an
 * atomic OR ({@code getAndBitwiseOr}) only when a bit it needs is still clear: a clean page costs
 * one atomic read-modify-write, an already dirty page none. {@link #snapshotAndClear} takes whole
 * words with an atomic exchange, so a bit set concurrently is either in the words it returns or
 * still in the bitmap. {@link #clear} clears with an atomic AND. Every method but {@link #extend}
 * may be called from any thread; page arguments must be below {@link #pages()} as read before the
 * call (callers get them from RAM blocks, which are placed only after the bitmap covers them).
 */
final class DirtyBitmap {
    /** Pages per word: QEMU's {@code BITS_PER_LONG}. */
    static final int PAGES_PER_WORD = 64;
    /**
     * log2 of the words per block. A block is 8 KiB of bitmap for 2^16 pages (256 MiB of RAM at 4
     * KiB pages). QEMU uses 2^21 pages per block; a smaller block keeps a small machine's bitmaps
     * at 8 KiB per client while 16 GiB of RAM still needs only 64 blocks.
     */
    static final int BLOCK_WORD_BITS = 10;
    /** Words per block. */
    static final int BLOCK_WORDS = 1 << BLOCK_WORD_BITS;
    /** Pages per block. QEMU: {@code DIRTY_MEMORY_BLOCK_SIZE}. */
    static final long BLOCK_PAGES = (long) BLOCK_WORDS * PAGES_PER_WORD;

    private static final int WORD_IN_BLOCK = BLOCK_WORDS - 1;
    private static final VarHandle WORDS = MethodHandles.arrayElementVarHandle(long[].class);
    private static final long[][] NO_BLOCKS = new long[0][];

    private volatile long[][] blocks = NO_BLOCKS;

    /** Number of pages covered: a multiple of {@link #BLOCK_PAGES}. */
    long pages() {
        return blocks.length * BLOCK_PAGES;
    }

    /**
     * Covers at least {@code pages} pages, the new ones clear. Does nothing if it already does.
     * Topology lock held (one grower at a time); markers never wait.
     *
     * @throws IllegalArgumentException if {@code pages} is negative or needs more than 2^31-9 blocks
     */
    void extend(long pages) {
        long count = pages / BLOCK_PAGES + (pages % BLOCK_PAGES == 0 ? 0 : 1);
        if (pages < 0 || count > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("dirty bitmap too large: pages=" + pages);
        }
        long[][] old = blocks;
        if (count <= old.length) {
            return;
        }
        long[][] grown = java.util.Arrays.copyOf(old, (int) count);
        for (int b = old.length; b < grown.length; b++) {
            grown[b] = new long[BLOCK_WORDS];
        }
        blocks = grown;
    }

    /** Marks pages {@code [first, last]} dirty. Allocation-free. */
    void mark(long first, long last) {
        long[][] b = blocks;
        long w = first >>> 6;
        long lastWord = last >>> 6;
        long bits = -1L << first;
        while (true) {
            if (w == lastWord) {
                bits &= -1L >>> (63 - (last & 63));
            }
            long[] block = b[(int) (w >>> BLOCK_WORD_BITS)];
            int i = (int) w & WORD_IN_BLOCK;
            if ((block[i] & bits) != bits) {
                WORDS.getAndBitwiseOr(block, i, bits);
            }
            if (w == lastWord) {
                return;
            }
            w++;
            bits = -1L;
        }
    }

    /** True if any page in {@code [first, last]} is dirty. */
    boolean anyDirty(long first, long last) {
        long[][] b = blocks;
        long w = first >>> 6;
        long lastWord = last >>> 6;
        long bits = -1L << first;
        for (; ; w++, bits = -1L) {
            if (w == lastWord) {
                bits &= -1L >>> (63 - (last & 63));
            }
            long[] block = b[(int) (w >>> BLOCK_WORD_BITS)];
            if (((long) WORDS.getAcquire(block, (int) w & WORD_IN_BLOCK) & bits) != 0) {
                return true;
            }
            if (w == lastWord) {
                return false;
            }
        }
    }

    /** Clears pages {@code [first, last]}; true if any of them was dirty (each word tested and cleared atomically). */
    boolean clear(long first, long last) {
        long[][] b = blocks;
        long w = first >>> 6;
        long lastWord = last >>> 6;
        long bits = -1L << first;
        boolean wasDirty = false;
        for (; ; w++, bits = -1L) {
            if (w == lastWord) {
                bits &= -1L >>> (63 - (last & 63));
            }
            long[] block = b[(int) (w >>> BLOCK_WORD_BITS)];
            int i = (int) w & WORD_IN_BLOCK;
            if ((block[i] & bits) != 0) {
                wasDirty |= ((long) WORDS.getAndBitwiseAnd(block, i, ~bits) & bits) != 0;
            }
            if (w == lastWord) {
                return wasDirty;
            }
        }
    }

    /**
     * Takes words {@code [fromWord, toWord)} and leaves them clear, each with one atomic exchange
     * (words already clear are read and left alone). Returns what they held.
     */
    long[] snapshotAndClear(long fromWord, long toWord) {
        long[][] b = blocks;
        long[] out = new long[Math.toIntExact(toWord - fromWord)];
        for (long w = fromWord; w < toWord; w++) {
            long[] block = b[(int) (w >>> BLOCK_WORD_BITS)];
            int i = (int) w & WORD_IN_BLOCK;
            if (block[i] != 0) {
                out[(int) (w - fromWord)] = (long) WORDS.getAndSet(block, i, 0L);
            }
        }
        return out;
    }

    /**
     * Moves the bits of pages {@code [first, first + pages)} into {@code into} (bit {@code i} of
     * word {@code i / 64} is page {@code first + i}), ORing them in and clearing them here: whole
     * words with one atomic exchange, a partial last word with an atomic AND, so a bit set
     * concurrently is either moved or still here. {@code first} is a multiple of 64. Returns the
     * number of pages newly set in {@code into}.
     */
    long moveInto(long first, long pages, long[] into) {
        long[][] b = blocks;
        long fromWord = first >>> 6;
        int words = (int) ((pages + 63) >>> 6);
        long newlySet = 0;
        for (int k = 0; k < words; k++) {
            long w = fromWord + k;
            long[] block = b[(int) (w >>> BLOCK_WORD_BITS)];
            int i = (int) w & WORD_IN_BLOCK;
            long mask = k == words - 1 && (pages & 63) != 0 ? (1L << pages) - 1 : -1L;
            if ((block[i] & mask) == 0) {
                continue;
            }
            long taken = mask == -1L ? (long) WORDS.getAndSet(block, i, 0L)
                    : (long) WORDS.getAndBitwiseAnd(block, i, ~mask) & mask;
            newlySet += Long.bitCount(taken & ~into[k]);
            into[k] |= taken;
        }
        return newlySet;
    }

    /** Number of dirty pages in {@code [first, last]} (for tests and statistics; not atomic as a whole). */
    long countDirty(long first, long last) {
        long[][] b = blocks;
        long n = 0;
        long w = first >>> 6;
        long lastWord = last >>> 6;
        long bits = -1L << first;
        for (; ; w++, bits = -1L) {
            if (w == lastWord) {
                bits &= -1L >>> (63 - (last & 63));
            }
            long[] block = b[(int) (w >>> BLOCK_WORD_BITS)];
            n += Long.bitCount((long) WORDS.getAcquire(block, (int) w & WORD_IN_BLOCK) & bits);
            if (w == lastWord) {
                return n;
            }
        }
    }
}
