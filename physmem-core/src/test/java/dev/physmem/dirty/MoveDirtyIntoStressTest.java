package dev.physmem.dirty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.physmem.MemorySystem;
import dev.physmem.region.RamRegion;
import java.util.BitSet;
import java.util.SplittableRandom;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Migration's sync racing with guest writes: in each round two threads mark every page of a block
 * exactly once between them, in random order, while this thread keeps moving the block's bits
 * into a fresh bitmap. The block's last bitmap word is partial (the atomic-AND path). A mark lost
 * between reading and clearing a word would never be repeated, so after a final move the bitmap
 * must hold every page, each counted as newly moved exactly once. Bounded: a fixed number of rounds.
 */
class MoveDirtyIntoStressTest {
    private static final long PAGE = DirtyLog.PAGE_SIZE;
    private static final int PAGES = (1 << 14) + 8;
    private static final int ROUNDS = 300;

    @Test
    void everyMarkIsMovedExactlyOnceWhileMarkersRun() throws Exception {
        long seed = System.nanoTime();
        System.out.println("MoveDirtyIntoStressTest seed=" + seed);
        MemorySystem sys = new MemorySystem();
        RamRegion ram = sys.initRamNomigrate(null, "ram", PAGES * PAGE);
        RamDirtyMemory memory = sys.dirtyLog().ramDirtyMemory();
        long at = ram.ramBlock().orElseThrow().ramAddr();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CyclicBarrier roundStart = new CyclicBarrier(3);
        AtomicInteger markersDone = new AtomicInteger();
        Thread[] markers = new Thread[2];
        for (int t = 0; t < 2; t++) {
            int parity = t;
            SplittableRandom rnd = new SplittableRandom(seed + t);
            markers[t] = Thread.ofPlatform().name("marker-" + t).start(() -> {
                try {
                    for (int round = 0; round < ROUNDS; round++) {
                        int[] order = shuffledPages(parity, rnd);
                        roundStart.await();
                        for (int page : order) {
                            memory.setDirtyRange(at + page * PAGE, PAGE, DirtyClient.MIGRATION.bit());
                        }
                        markersDone.incrementAndGet();
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            });
        }
        for (int round = 0; round < ROUNDS && failure.get() == null; round++) {
            memory.clearDirtyRange(at, PAGES * PAGE);
            long[] into = new long[(PAGES + 63) / 64];
            roundStart.await();
            long moved = 0;
            while (markersDone.get() < 2 * (round + 1)) {
                moved += memory.moveDirtyInto(at, PAGES * PAGE, DirtyClient.MIGRATION, into);
            }
            moved += memory.moveDirtyInto(at, PAGES * PAGE, DirtyClient.MIGRATION, into);
            BitSet got = BitSet.valueOf(into);
            assertThat(got.cardinality()).as("seed=%d round=%d: pages moved", seed, round).isEqualTo(PAGES);
            assertThat(moved).as("seed=%d round=%d: each page newly moved once", seed, round).isEqualTo(PAGES);
        }
        for (Thread m : markers) {
            m.join();
        }
        assertThat(failure.get()).as("seed=%d", seed).isNull();
    }

    /** The pages of one parity, in random order. */
    private static int[] shuffledPages(int parity, SplittableRandom rnd) {
        int[] pages = new int[PAGES / 2];
        for (int i = 0; i < pages.length; i++) {
            pages[i] = 2 * i + parity;
        }
        for (int i = pages.length - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int tmp = pages[i];
            pages[i] = pages[j];
            pages[j] = tmp;
        }
        return pages;
    }
}
