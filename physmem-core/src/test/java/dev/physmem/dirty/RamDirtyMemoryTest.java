package dev.physmem.dirty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.physmem.MemorySystem;
import dev.physmem.ram.RamBlock;
import dev.physmem.ram.ResizeCallback;
import dev.physmem.region.ContainerRegion;
import dev.physmem.region.MemoryRegion;
import dev.physmem.region.RamRegion;
import dev.physmem.space.AddressSpace;
import org.junit.jupiter.api.Test;

/**
 * The bitmaps over the ram address space: where writes land, how blocks start, resize and free,
 * and that a snapshot's rounding stays inside its block.
 */
class RamDirtyMemoryTest {
    private static final long PAGE = DirtyLog.PAGE_SIZE;
    private static final long KiB = 1024;
    private static final long WORD = DirtyLog.SNAPSHOT_ALIGN;

    private final MemorySystem sys = new MemorySystem();
    private final DirtyLog dirty = sys.dirtyLog();
    private final RamDirtyMemory memory = dirty.ramDirtyMemory();
    private final ContainerRegion root = sys.initContainer(null, "root", MemoryRegion.SIZE_2_64);

    private static RamBlock block(RamRegion r) {
        return r.ramBlock().orElseThrow();
    }

    /** Clears every client's bits over everything the bitmaps cover. */
    private void clearAll() {
        memory.clearDirtyRange(0, memory.ramAddrLimit());
    }

    private long dirtyPagesEverywhere(DirtyClient client) {
        return memory.dirtyPages(0, memory.ramAddrLimit(), client);
    }

    @Test
    void aNewBlocksUsedRangeIsDirtyForEveryClientAndTheRestOfItsRangeIsClean() {
        RamRegion blob = sys.initResizeableRam(null, "blob", 3 * PAGE, 64 * PAGE, ResizeCallback.NONE);
        long at = block(blob).ramAddr();
        for (DirtyClient c : DirtyClient.values()) {
            assertThat(memory.dirtyPages(at, 3 * PAGE, c)).isEqualTo(3);
            assertThat(memory.getDirty(at + 3 * PAGE, 61 * PAGE, c)).isFalse();
        }
    }

    @Test
    void moveDirtyIntoOrsTheRangesBitsIntoTheCallersBitmapAndClearsOnlyThem() {
        RamRegion blob = sys.initRamNomigrate(null, "blob", 70 * PAGE);
        long at = block(blob).ramAddr();
        clearAll();
        memory.setDirtyRange(at + 2 * PAGE, PAGE, DirtyClient.MIGRATION.bit());
        memory.setDirtyRange(at + 65 * PAGE, 5 * PAGE, DirtyClient.MIGRATION.bit() | DirtyClient.VGA.bit());
        memory.setDirtyRange(at + 70 * PAGE, PAGE, DirtyClient.MIGRATION.bit()); // past the range moved
        long[] into = {1L << 2 | 1L << 9, 0};

        long newlySet = memory.moveDirtyInto(at, 69 * PAGE, DirtyClient.MIGRATION, into);

        assertThat(newlySet).as("page 2 was already set in into").isEqualTo(4);
        assertThat(into).containsExactly(1L << 2 | 1L << 9, 0b1111L << 1);
        assertThat(memory.dirtyPages(at, 69 * PAGE, DirtyClient.MIGRATION)).isZero();
        assertThat(memory.getDirty(at + 69 * PAGE, PAGE, DirtyClient.MIGRATION)).as("page 69, outside").isTrue();
        assertThat(memory.getDirty(at + 70 * PAGE, PAGE, DirtyClient.MIGRATION)).isTrue();
        assertThat(memory.dirtyPages(at, 70 * PAGE, DirtyClient.VGA)).as("other clients keep theirs").isEqualTo(5);
        assertThatThrownBy(() -> memory.moveDirtyInto(at + PAGE, PAGE, DirtyClient.MIGRATION, into))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("start on a bitmap word");
        assertThatThrownBy(() -> memory.moveDirtyInto(at, 65 * PAGE, DirtyClient.MIGRATION, new long[1]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("intoWords=1");
    }

    @Test
    void theBitmapsGrowToCoverEveryBlockPlaced() {
        RamRegion a = sys.initRamNomigrate(null, "a", 4 * PAGE);
        RamRegion big = sys.initRamNomigrate(null, "big", DirtyBitmap.BLOCK_PAGES * PAGE);
        long end = block(big).ramAddr() + block(big).maxLength();
        assertThat(memory.ramAddrLimit()).isGreaterThanOrEqualTo(end);
        assertThat(memory.dirtyPages(block(big).ramAddr(), block(big).usedLength(), DirtyClient.VGA))
                .isEqualTo(DirtyBitmap.BLOCK_PAGES);
        assertThat(memory.dirtyPages(block(a).ramAddr(), 4 * PAGE, DirtyClient.VGA)).isEqualTo(4);
    }

    @Test
    void writesThroughTwoBlocksLandInDisjointRamAddressRanges() {
        RamRegion a = sys.initRam(null, "a", 16 * PAGE);
        RamRegion b = sys.initRam(null, "b", 16 * PAGE);
        root.addSubregion(0x10_0000, a);
        root.addSubregion(0x20_0000, b);
        AddressSpace as = sys.addressSpace(root, "memory");
        dirty.setLog(a, true, DirtyClient.VGA);
        dirty.setLog(b, true, DirtyClient.VGA);
        clearAll();

        as.stb(0x10_0000 + 3 * PAGE, 1);
        as.stlLe(0x20_0000 + 5 * PAGE + 0x10, 1);

        long atA = block(a).ramAddr();
        long atB = block(b).ramAddr();
        assertThat(atA + block(a).maxLength()).isLessThanOrEqualTo(atB);
        assertThat(memory.getDirty(atA + 3 * PAGE, PAGE, DirtyClient.VGA)).isTrue();
        assertThat(memory.getDirty(atB + 5 * PAGE, PAGE, DirtyClient.VGA)).isTrue();
        assertThat(dirtyPagesEverywhere(DirtyClient.VGA)).as("nothing else").isEqualTo(2);
        assertThat(dirty.getDirty(a, 5 * PAGE, PAGE, DirtyClient.VGA)).isFalse();
        assertThat(dirty.getDirty(b, 3 * PAGE, PAGE, DirtyClient.VGA)).isFalse();
        assertThat(dirtyPagesEverywhere(DirtyClient.MIGRATION)).as("only logging clients").isZero();
    }

    @Test
    void aSnapshotRoundedToWholeWordsNeverReachesTheNextBlock() {
        RamRegion a = sys.initRam(null, "a", WORD + 3 * PAGE);   // ends inside its second word
        RamRegion b = sys.initRam(null, "b", 8 * PAGE);
        assertThat(block(b).ramAddr()).as("b starts on the word after a's end").isEqualTo(2 * WORD);

        DirtySnapshot snap = dirty.snapshotAndClearDirty(a, WORD + 2 * PAGE, PAGE, DirtyClient.VGA);

        assertThat(snap.start()).isEqualTo(WORD);
        assertThat(snap.end()).isEqualTo(2 * WORD);
        assertThat(snap.dirtyPages()).as("a's three pages of that word").isEqualTo(3);
        assertThat(memory.dirtyPages(block(b).ramAddr(), 8 * PAGE, DirtyClient.VGA)).as("b untouched").isEqualTo(8);
        assertThat(dirty.getDirty(a, 0, WORD, DirtyClient.VGA)).as("a's first word untouched").isTrue();
    }

    @Test
    void aSnapshotOfTheWholeFirstBlockLeavesTheSecondBlocksBitsAlone() {
        RamRegion a = sys.initRam(null, "a", 5 * PAGE);
        RamRegion b = sys.initRam(null, "b", 5 * PAGE);

        DirtySnapshot snap = dirty.snapshotAndClearDirty(a, 0, a.size(), DirtyClient.MIGRATION);

        assertThat(snap.end()).isEqualTo(WORD);
        assertThat(snap.dirtyPages()).isEqualTo(5);
        assertThat(dirty.getDirty(b, 0, b.size(), DirtyClient.MIGRATION)).isTrue();
        assertThat(memory.dirtyPages(block(b).ramAddr(), b.size(), DirtyClient.MIGRATION)).isEqualTo(5);
    }

    // ---------------------------------------------------------------- resize

    @Test
    void growingABlockDirtiesItsNewUsedRangeForEveryClient() {
        RamRegion blob = sys.initResizeableRam(null, "blob", 2 * PAGE, 16 * PAGE, ResizeCallback.NONE);
        long at = block(blob).ramAddr();
        clearAll();

        block(blob).resize(5 * PAGE);

        for (DirtyClient c : DirtyClient.values()) {
            assertThat(memory.dirtyPages(at, 16 * PAGE, c)).as("client %s", c).isEqualTo(5);
            assertThat(memory.getDirty(at, 5 * PAGE, c)).isTrue();
        }
    }

    @Test
    void shrinkingABlockClearsThePagesPastItsNewUsedLength() {
        RamRegion blob = sys.initResizeableRam(null, "blob", 8 * PAGE, 16 * PAGE, ResizeCallback.NONE);
        long at = block(blob).ramAddr();
        clearAll();
        memory.setDirtyRange(at + 6 * PAGE, PAGE, DirtyClient.VGA.bit());

        block(blob).resize(2 * PAGE);

        assertThat(memory.getDirty(at + 2 * PAGE, 14 * PAGE, DirtyClient.VGA)).isFalse();
        assertThat(memory.dirtyPages(at, 2 * PAGE, DirtyClient.CODE)).isEqualTo(2);
    }

    @Test
    void aResizeThatKeepsTheUsedLengthLeavesTheBitsAlone() {
        RamRegion blob = sys.initResizeableRam(null, "blob", 2 * PAGE, 16 * PAGE, ResizeCallback.NONE);
        long at = block(blob).ramAddr();
        clearAll();

        block(blob).resize(2 * PAGE - 100);

        assertThat(dirtyPagesEverywhere(DirtyClient.VGA)).isZero();
        assertThat(blob.size()).isEqualTo(2 * PAGE - 100);
        assertThat(memory.getDirty(at, PAGE, DirtyClient.VGA)).isFalse();
    }

    // ---------------------------------------------------------------- free

    @Test
    void freeingABlockClearsItsWholeRangeForEveryClient() {
        RamRegion keep = sys.initRam(null, "keep", 4 * PAGE);
        RamRegion gone = sys.initRam(null, "gone", 64 * PAGE);
        long at = block(gone).ramAddr();

        gone.release();

        for (DirtyClient c : DirtyClient.values()) {
            assertThat(memory.getDirty(at, 64 * PAGE, c)).isFalse();
            assertThat(memory.dirtyPages(block(keep).ramAddr(), 4 * PAGE, c)).isEqualTo(4);
        }
    }

    @Test
    void aBlockPlacedInAFreedRangeStartsLikeANewOne() {
        RamRegion old = sys.initRamNomigrate(null, "old", 64 * PAGE);
        long at = block(old).ramAddr();
        old.release();

        RamRegion blob = sys.initResizeableRam(null, "blob", 4 * PAGE, 64 * PAGE, ResizeCallback.NONE);

        assertThat(block(blob).ramAddr()).isEqualTo(at);
        assertThat(memory.dirtyPages(at, 64 * PAGE, DirtyClient.MIGRATION)).as("used range only").isEqualTo(4);
        assertThat(memory.getDirty(at + 4 * PAGE, 60 * PAGE, DirtyClient.VGA)).isFalse();
    }

    @Test
    void aReleasedRegionMarksNothingAndRefusesDirtyQueries() {
        RamRegion gone = sys.initRam(null, "gone", 4 * PAGE);
        dirty.setLog(gone, true, DirtyClient.VGA);
        long at = block(gone).ramAddr();
        gone.release();

        gone.dirtyLog().markWritten(0, PAGE);

        assertThat(memory.getDirty(at, 4 * PAGE, DirtyClient.VGA)).isFalse();
        assertThat(dirty.isLogging(gone, DirtyClient.VGA)).as("its logging state is kept").isTrue();
        assertThatThrownBy(() -> dirty.getDirty(gone, 0, PAGE, DirtyClient.VGA))
                .isInstanceOf(IllegalStateException.class).hasMessage("RAM block is freed: region=gone");
    }

    // ---------------------------------------------------------------- frames and misuse

    @Test
    void aMarkPastTheBlocksMaxLengthIsCutAtIt() {
        RamRegion a = sys.initRam(null, "a", 2 * PAGE);
        RamRegion b = sys.initRam(null, "b", 2 * PAGE);
        dirty.setLog(a, true, DirtyClient.VGA);
        clearAll();

        a.dirtyLog().markWritten(PAGE, WORD * 4);

        assertThat(memory.dirtyPages(block(a).ramAddr(), 2 * PAGE, DirtyClient.VGA)).isEqualTo(1);
        assertThat(dirty.getDirty(b, 0, b.size(), DirtyClient.VGA)).isFalse();
    }

    @Test
    void rangesOutsideTheRamAddressSpaceAreRejectedWithTheirValues() {
        sys.initRam(null, "a", PAGE);
        long limit = memory.ramAddrLimit();
        assertThatThrownBy(() -> memory.getDirty(limit, 1, DirtyClient.VGA))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("range outside the ram address space: ramAddr=0x" + Long.toHexString(limit)
                        + " length=0x1 ramAddrLimit=0x" + Long.toHexString(limit));
        assertThatThrownBy(() -> memory.clearDirtyRange(0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> memory.setDirtyRange(0, PAGE, 0x80)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("mask=0x80");
    }

    @Test
    void testAndClearReportsWhetherAnyPageWasDirty() {
        RamRegion a = sys.initRam(null, "a", 4 * PAGE);
        long at = block(a).ramAddr();
        assertThat(memory.testAndClearDirty(at, 4 * PAGE, DirtyClient.CODE)).isTrue();
        assertThat(memory.testAndClearDirty(at, 4 * PAGE, DirtyClient.CODE)).isFalse();
        assertThat(memory.getDirty(at, 4 * PAGE, DirtyClient.VGA)).as("other clients kept").isTrue();
    }
}
