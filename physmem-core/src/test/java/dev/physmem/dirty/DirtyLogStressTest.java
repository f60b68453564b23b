package dev.physmem.dirty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.physmem.MemorySystem;
import dev.physmem.region.ContainerRegion;
import dev.physmem.region.MemoryRegion;
import dev.physmem.region.RamRegion;
import dev.physmem.space.AddressSpace;
import java.util.BitSet;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Writers marking pages while another thread snapshots and clears, over and over: no dirty bit may
 * be lost. Bounded to about a second.
 */
class DirtyLogStressTest {
    private static final long PAGE = DirtyLog.PAGE_SIZE;
    private static final int PAGES = 2048;
    private static final int WRITERS = 3;
    private static final long RUN_NANOS = TimeUnit.MILLISECONDS.toNanos(800);

    private final MemorySystem sys = new MemorySystem();
    private final ContainerRegion root = sys.initContainer(null, "root", MemoryRegion.SIZE_2_64);
    private final RamRegion ram = sys.initRam(null, "ram", PAGES * PAGE);
    private final DirtyLog dirty = sys.dirtyLog();

    private volatile boolean snapshotterDone;
    private volatile boolean stop;

    @Test
    void noDirtyBitIsLostWhileAnotherThreadSnapshotsAndClears() throws Exception {
        long seed = System.nanoTime();
        System.out.println("DirtyLogStressTest seed=" + seed);
        root.addSubregion(0, ram);
        AddressSpace as = sys.addressSpace(root, "memory");
        dirty.setLog(ram, true, DirtyClient.VGA);
        dirty.resetDirty(ram, 0, ram.size(), DirtyClient.VGA);

        BitSet[] written = new BitSet[WRITERS];
        BitSet[] writtenLate = new BitSet[WRITERS];
        Thread[] writers = new Thread[WRITERS];
        CountDownLatch started = new CountDownLatch(WRITERS + 1);
        for (int w = 0; w < WRITERS; w++) {
            int id = w;
            written[w] = new BitSet(PAGES);
            writtenLate[w] = new BitSet(PAGES);
            SplittableRandom rnd = new SplittableRandom(seed + w);
            writers[w] = Thread.ofPlatform().name("writer-" + w).start(() -> {
                started.countDown();
                while (!stop) {
                    boolean late = snapshotterDone;
                    int page = rnd.nextInt(PAGES);
                    long addr = page * PAGE + rnd.nextInt((int) PAGE - 8);
                    switch (rnd.nextInt(3)) {
                        case 0 -> as.stqLe(addr, page);
                        case 1 -> as.stb(addr, id);
                        default -> as.write(addr, dev.physmem.attr.MemTxAttrs.UNSPECIFIED, new byte[4], 0, 4);
                    }
                    written[id].set(page);
                    if (late) {
                        writtenLate[id].set(page);
                    }
                }
            });
        }

        BitSet snapshots = new BitSet(PAGES);
        int[] rounds = new int[1];
        Thread snapshotter = Thread.ofPlatform().name("snapshotter").start(() -> {
            started.countDown();
            long end = System.nanoTime() + RUN_NANOS;
            while (System.nanoTime() < end) {
                DirtySnapshot snap = dirty.snapshotAndClearDirty(ram, 0, ram.size(), DirtyClient.VGA);
                for (int p = 0; p < PAGES; p++) {
                    if (snap.isDirty(p * PAGE, PAGE)) {
                        snapshots.set(p);
                    }
                }
                rounds[0]++;
            }
        });

        started.await();
        snapshotter.join();
        snapshotterDone = true;
        Thread.sleep(50);
        stop = true;
        for (Thread t : writers) {
            t.join();
        }

        BitSet allWritten = new BitSet(PAGES);
        BitSet late = new BitSet(PAGES);
        for (int w = 0; w < WRITERS; w++) {
            allWritten.or(written[w]);
            late.or(writtenLate[w]);
        }
        BitSet finalDirty = new BitSet(PAGES);
        for (int p = 0; p < PAGES; p++) {
            if (dirty.getDirty(ram, p * PAGE, PAGE, DirtyClient.VGA)) {
                finalDirty.set(p);
            }
        }
        assertThat(rounds[0]).as("snapshot rounds").isGreaterThan(1);
        assertThat(late.cardinality()).as("pages written after the last clear").isPositive();

        BitSet lateMissing = (BitSet) late.clone();
        lateMissing.andNot(finalDirty);
        assertThat(lateMissing).as("pages written after the last clear but clean").hasToString("{}");

        BitSet covered = (BitSet) snapshots.clone();
        covered.or(finalDirty);
        BitSet lost = (BitSet) allWritten.clone();
        lost.andNot(covered);
        assertThat(lost).as("written pages in no snapshot and not dirty").hasToString("{}");
    }
}
