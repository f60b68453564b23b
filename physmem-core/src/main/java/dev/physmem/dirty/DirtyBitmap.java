package dev.physmem.dirty;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One client's dirty bits over a run of pages: bit {@code p % 64} of word {@code p / 64} is page
 * {@code p}. QEMU counterpart: one client's {@code ram_list.dirty_memory[client]} over the pages
 * of one block.
 *
 * <h2>Memory order and cost</h2>
 * {@link #mark} reads each word plainly first and does an atomic OR ({@code getAndBitwiseOr})
 * only when a bit it needs is still clear: a clean page costs one atomic read-modify-write, an
 * already dirty page none. {@link #snapshotAndClear} takes whole words with an atomic exchange, so
 * a bit set concurrently is either in the words it returns or still in the bitmap: none is lost.
 * {@link #clear} clears with an atomic AND. Every method may be called from any thread.
 *
 * <p>Bits past {@link #pages()} in the last word are never set.
 */
final class DirtyBitmap {
    /** Pages per word: QEMU's {@code BITS_PER_LONG}. */
    static final int PAGES_PER_WORD = 64;

    private static final VarHandle WORDS = MethodHandles.arrayElementVarHandle(long[].class);

    private final long pages;
    private final long[] words;

    /**
     * A bitmap of {@code pages} pages, every page dirty if {@code dirty}.
     *
     * @throws IllegalArgumentException if {@code pages} is negative or needs more than 2^31-1 words
     */
    DirtyBitmap(long pages, boolean dirty) {
        long count = (pages + PAGES_PER_WORD - 1) / PAGES_PER_WORD;
        if (pages < 0 || count > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("dirty bitmap too large: pages=" + pages);
        }
        this.pages = pages;
        this.words = new long[(int) count];
        if (dirty && pages > 0) {
            java.util.Arrays.fill(words, -1L);
            int tail = (int) (pages % PAGES_PER_WORD);
            if (tail != 0) {
                words[words.length - 1] = (1L << tail) - 1;
            }
        }
    }

    /** Number of pages covered. */
    long pages() {
        return pages;
    }

    /** Number of words. */
    int words() {
        return words.length;
    }

    /** Marks pages {@code [first, last]} dirty; both inside the bitmap. Allocation-free. */
    void mark(long first, long last) {
        int w = (int) (first >>> 6);
        int lastWord = (int) (last >>> 6);
        long bits = -1L << first;
        while (true) {
            if (w == lastWord) {
                bits &= -1L >>> (63 - (last & 63));
            }
            long old = words[w];
            if ((old & bits) != bits) {
                WORDS.getAndBitwiseOr(words, w, bits);
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
        int w = (int) (first >>> 6);
        int lastWord = (int) (last >>> 6);
        long bits = -1L << first;
        for (; ; w++, bits = -1L) {
            if (w == lastWord) {
                bits &= -1L >>> (63 - (last & 63));
            }
            if (((long) WORDS.getAcquire(words, w) & bits) != 0) {
                return true;
            }
            if (w == lastWord) {
                return false;
            }
        }
    }

    /** Clears pages {@code [first, last]}. */
    void clear(long first, long last) {
        int w = (int) (first >>> 6);
        int lastWord = (int) (last >>> 6);
        long bits = -1L << first;
        for (; ; w++, bits = -1L) {
            if (w == lastWord) {
                bits &= -1L >>> (63 - (last & 63));
            }
            if ((words[w] & bits) != 0) {
                WORDS.getAndBitwiseAnd(words, w, ~bits);
            }
            if (w == lastWord) {
                return;
            }
        }
    }

    /**
     * Takes words {@code [from, to)} and leaves them clear, each with one atomic exchange (words
     * already clear are read and left alone). Returns what they held.
     */
    long[] snapshotAndClear(int from, int to) {
        long[] out = new long[to - from];
        for (int w = from; w < to; w++) {
            if (words[w] != 0) {
                out[w - from] = (long) WORDS.getAndSet(words, w, 0L);
            }
        }
        return out;
    }

    /** Number of dirty pages (for tests and statistics; not atomic as a whole). */
    long countDirty() {
        long n = 0;
        for (int w = 0; w < words.length; w++) {
            n += Long.bitCount((long) WORDS.getAcquire(words, w));
        }
        return n;
    }
}
