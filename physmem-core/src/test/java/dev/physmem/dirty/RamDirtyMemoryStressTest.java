package dev.physmem.dirty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.physmem.MemorySystem;
import dev.physmem.attr.MemTxAttrs;
import dev.physmem.region.ContainerRegion;
import dev.physmem.region.MemoryRegion;
import dev.physmem.region.RamRegion;
import dev.physmem.space.AddressSpace;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Writers marking pages while the bitmaps grow under them: blocks of a bitmap block's size each
 * (256 MiB of ram addresses, mapped without reserving memory) are added and mapped one after the
 * other, so every addition publishes a longer block array while writers mark the first block and
 * the newest one. No bit may be lost, no writer may fail, and every new block starts with its used
 * range dirty. Bounded: a fixed number of additions.
 */
class RamDirtyMemoryStressTest {
    private static final long PAGE = DirtyLog.PAGE_SIZE;
    private static final long GROWTH = DirtyBitmap.BLOCK_PAGES * PAGE;
    private static final int ADDITIONS = 8;
    private static final int FIRST_PAGES = 512;
    private static final long NEW_BASE = 0x1_0000_0000L;

    private final MemorySystem sys = new MemorySystem();
    private final DirtyLog dirty = sys.dirtyLog();
    private final RamDirtyMemory memory = dirty.ramDirtyMemory();
    private final ContainerRegion root = sys.initContainer(null, "root", MemoryRegion.SIZE_2_64);

    private volatile boolean stop;

    @Test
    void noBitIsLostAndNoWriterFailsWhileBlocksAreAddedAndTheBitmapsGrow() throws Exception {
        long seed = System.nanoTime();
        System.out.println("RamDirtyMemoryStressTest seed=" + seed);
        RamRegion first = sys.initRamNomigrate(null, "first", FIRST_PAGES * PAGE);
        root.addSubregion(0, first);
        AddressSpace as = sys.addressSpace(root, "memory");
        dirty.setLog(first, true, DirtyClient.VGA);
        dirty.resetDirty(first, 0, first.size(), DirtyClient.VGA);
        long limitBefore = memory.ramAddrLimit();

        AtomicReference<Throwable> failure = new AtomicReference<>();
        BitSet written = new BitSet(FIRST_PAGES);
        /** The newest block's guest-physical base, once mapped and logged; -1 before. */
        long[] newest = {-1};
        CountDownLatch started = new CountDownLatch(2);
        Thread firstWriter = Thread.ofPlatform().name("first-writer").start(() -> {
            SplittableRandom rnd = new SplittableRandom(seed);
            started.countDown();
            try {
                while (!stop) {
                    int page = rnd.nextInt(FIRST_PAGES);
                    as.stb(page * PAGE + rnd.nextInt((int) PAGE), 1);
                    written.set(page);
                }
            } catch (Throwable t) {
                failure.compareAndSet(null, t);
            }
        });
        Thread newestWriter = Thread.ofPlatform().name("newest-writer").start(() -> {
            SplittableRandom rnd = new SplittableRandom(seed + 1);
            started.countDown();
            try {
                while (!stop) {
                    long base;
                    synchronized (newest) {
                        base = newest[0];
                    }
                    if (base >= 0) {
                        as.write(base + rnd.nextLong(GROWTH - 8), MemTxAttrs.UNSPECIFIED, new byte[8], 0, 8);
                    } else {
                        Thread.onSpinWait();
                    }
                }
            } catch (Throwable t) {
                failure.compareAndSet(null, t);
            }
        });
        started.await();

        List<RamRegion> added = new ArrayList<>();
        for (int i = 0; i < ADDITIONS; i++) {
            RamRegion next = sys.initRamNomigrate(null, "grow" + i, GROWTH);
            added.add(next);
            long at = next.ramBlock().orElseThrow().ramAddr();
            assertThat(memory.ramAddrLimit()).isGreaterThanOrEqualTo(at + GROWTH);
            assertThat(memory.dirtyPages(at, GROWTH, DirtyClient.MIGRATION))
                    .as("block %d starts dirty", i).isEqualTo(GROWTH / PAGE);
            long base = NEW_BASE + i * GROWTH;
            root.addSubregion(base, next);
            dirty.setLog(next, true, DirtyClient.CODE);
            synchronized (newest) {
                newest[0] = base;
            }
        }
        stop = true;
        firstWriter.join();
        newestWriter.join();

        assertThat(failure.get()).isNull();
        assertThat(memory.ramAddrLimit()).as("the bitmaps grew").isGreaterThan(limitBefore + (ADDITIONS - 1) * GROWTH);
        for (int page = written.nextSetBit(0); page >= 0; page = written.nextSetBit(page + 1)) {
            assertThat(dirty.getDirty(first, page * PAGE, PAGE, DirtyClient.VGA)).as("page %d", page).isTrue();
        }
        assertThat(memory.dirtyPages(first.ramBlock().orElseThrow().ramAddr(), first.size(), DirtyClient.VGA))
                .isEqualTo(written.cardinality());
        for (RamRegion r : added) {
            assertThat(dirty.getDirty(r, 0, r.size(), DirtyClient.VGA)).isTrue();
        }
    }
}
