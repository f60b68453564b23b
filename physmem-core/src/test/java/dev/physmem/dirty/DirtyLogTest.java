package dev.physmem.dirty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.physmem.MemorySystem;
import dev.physmem.attr.MemTxAttrs;
import dev.physmem.dispatch.MemoryRegionSection;
import dev.physmem.listener.MemoryListener;
import dev.physmem.region.ContainerRegion;
import dev.physmem.region.MemoryRegion;
import dev.physmem.region.RamRegion;
import dev.physmem.space.AddressSpace;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** Dirty marking through every RAM write path, the bitmap API and snapshot-and-clear. */
class DirtyLogTest {
    private static final long PAGE = DirtyLog.PAGE_SIZE;
    private static final long BASE = 0x100000;

    private final MemorySystem sys = new MemorySystem();
    private final DirtyLog dirty = sys.dirtyLog();
    private final ContainerRegion root = sys.initContainer(null, "root", MemoryRegion.SIZE_2_64);
    private final RamRegion ram = sys.initRam(null, "ram", 0x100 * PAGE);
    private final AddressSpace as;

    DirtyLogTest() {
        root.addSubregion(BASE, ram);
        as = sys.addressSpace(root, "memory");
    }

    /** Logs VGA on the region and starts from a clean bitmap. */
    private void logVgaClean() {
        dirty.setLog(ram, true, DirtyClient.VGA);
        dirty.resetDirty(ram, 0, ram.size(), DirtyClient.VGA);
    }

    private boolean dirtyPage(long page, DirtyClient client) {
        return dirty.getDirty(ram, page * PAGE, PAGE, client);
    }

    @Test
    void everyPageStartsDirtyForEveryClient() {
        for (DirtyClient c : DirtyClient.values()) {
            assertThat(dirty.getDirty(ram, 0, ram.size(), c)).isTrue();
            assertThat(dirtyPage(0xff, c)).isTrue();
        }
    }

    static Stream<Arguments> writePaths() {
        return Stream.of(
                Arguments.of("stb", 1, (BiConsumer<AddressSpace, Long>) (as, a) -> as.stb(a, 1)),
                Arguments.of("stwLe", 2, (BiConsumer<AddressSpace, Long>) (as, a) -> as.stwLe(a, 1)),
                Arguments.of("stwBe", 2, (BiConsumer<AddressSpace, Long>) (as, a) -> as.stwBe(a, 1)),
                Arguments.of("stlLe", 4, (BiConsumer<AddressSpace, Long>) (as, a) -> as.stlLe(a, 1)),
                Arguments.of("stlBe", 4, (BiConsumer<AddressSpace, Long>) (as, a) -> as.stlBe(a, 1)),
                Arguments.of("stqLe", 8, (BiConsumer<AddressSpace, Long>) (as, a) -> as.stqLe(a, 1)),
                Arguments.of("stqBe", 8, (BiConsumer<AddressSpace, Long>) (as, a) -> as.stqBe(a, 1)),
                Arguments.of("write", 8, (BiConsumer<AddressSpace, Long>)
                        (as, a) -> as.write(a, MemTxAttrs.UNSPECIFIED, new byte[8], 0, 8)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("writePaths")
    void aWriteMarksThePageItTouchesAndNoOther(String path, int size, BiConsumer<AddressSpace, Long> write) {
        logVgaClean();
        write.accept(as, BASE + 5 * PAGE + 0x10);
        assertThat(dirtyPage(5, DirtyClient.VGA)).isTrue();
        assertThat(dirtyPage(4, DirtyClient.VGA)).isFalse();
        assertThat(dirtyPage(6, DirtyClient.VGA)).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("writePaths")
    void aWriteAcrossAPageBoundaryMarksBothPages(String path, int size, BiConsumer<AddressSpace, Long> write) {
        logVgaClean();
        write.accept(as, BASE + 8 * PAGE - 1);
        assertThat(dirtyPage(7, DirtyClient.VGA)).isTrue();
        assertThat(dirtyPage(8, DirtyClient.VGA)).isEqualTo(size > 1);
        assertThat(dirtyPage(9, DirtyClient.VGA)).isFalse();
    }

    @Test
    void aStoreStraddlingTwoRamRegionsMarksBothThroughTheSlowPath() {
        RamRegion next = sys.initRam(null, "next", PAGE);
        root.addSubregion(BASE + ram.size(), next);
        logVgaClean();
        dirty.setLog(next, true, DirtyClient.VGA);
        dirty.resetDirty(next, 0, PAGE, DirtyClient.VGA);

        as.stqLe(BASE + ram.size() - 4, -1L);

        assertThat(dirtyPage(0xff, DirtyClient.VGA)).isTrue();
        assertThat(dirty.getDirty(next, 0, 1, DirtyClient.VGA)).isTrue();
    }

    @Test
    void aWriteAcrossRangesMarksEveryRamPieceItReaches() {
        logVgaClean();
        byte[] buf = new byte[(int) (3 * PAGE)];
        as.write(BASE + 0x10 * PAGE + 0x800, MemTxAttrs.UNSPECIFIED, buf, 0, buf.length);
        assertThat(dirtyPage(0x10, DirtyClient.VGA)).isTrue();
        assertThat(dirtyPage(0x12, DirtyClient.VGA)).isTrue();
        assertThat(dirtyPage(0x13, DirtyClient.VGA)).isTrue();
        assertThat(dirtyPage(0x14, DirtyClient.VGA)).isFalse();
    }

    @Test
    void writesMarkOnlyTheClientsLoggingTheRegion() {
        dirty.resetDirty(ram, 0, ram.size(), DirtyClient.VGA);
        dirty.resetDirty(ram, 0, ram.size(), DirtyClient.MIGRATION);
        dirty.setLog(ram, true, DirtyClient.VGA);
        as.stb(BASE, 1);
        assertThat(dirtyPage(0, DirtyClient.VGA)).isTrue();
        assertThat(dirtyPage(0, DirtyClient.MIGRATION)).isFalse();

        dirty.setLog(ram, false, DirtyClient.VGA);
        dirty.resetDirty(ram, 0, PAGE, DirtyClient.VGA);
        as.stb(BASE, 2);
        assertThat(dirtyPage(0, DirtyClient.VGA)).isFalse();
    }

    @Test
    void writesToReadOnlyRamAreDroppedAndMarkNothing() {
        logVgaClean();
        ram.setReadonly(true);
        as.stlLe(BASE, 1);
        as.write(BASE + PAGE, MemTxAttrs.UNSPECIFIED, new byte[4], 0, 4);
        assertThat(dirty.getDirty(ram, 0, 2 * PAGE, DirtyClient.VGA)).isFalse();
    }

    @Test
    void globalLoggingMarksMigrationOnEveryRamRegionIncludingOnesMadeLater() {
        dirty.resetDirty(ram, 0, ram.size(), DirtyClient.MIGRATION);
        dirty.globalStart();
        RamRegion later = sys.initRam(null, "later", PAGE);
        root.addSubregion(0x10_0000_0000L, later);
        dirty.resetDirty(later, 0, PAGE, DirtyClient.MIGRATION);

        as.stb(BASE + 3 * PAGE, 1);
        as.stb(0x10_0000_0000L, 1);

        assertThat(dirtyPage(3, DirtyClient.MIGRATION)).isTrue();
        assertThat(dirty.getDirty(later, 0, 1, DirtyClient.MIGRATION)).isTrue();
        dirty.globalStop();
        assertThat(dirty.isLogging(ram, DirtyClient.MIGRATION)).isFalse();
    }

    @Test
    void setDirtyMarksForTheLoggingClientsAndResetDirtyClearsOneClient() {
        dirty.resetDirty(ram, 0, ram.size(), DirtyClient.VGA);
        dirty.resetDirty(ram, 0, ram.size(), DirtyClient.CODE);
        dirty.setLog(ram, true, DirtyClient.VGA);
        dirty.setLog(ram, true, DirtyClient.CODE);

        dirty.setDirty(ram, PAGE + 1, PAGE);
        assertThat(dirtyPage(1, DirtyClient.VGA)).isTrue();
        assertThat(dirtyPage(2, DirtyClient.CODE)).isTrue();

        dirty.resetDirty(ram, PAGE, 2 * PAGE, DirtyClient.VGA);
        assertThat(dirty.getDirty(ram, PAGE, 2 * PAGE, DirtyClient.VGA)).isFalse();
        assertThat(dirty.getDirty(ram, PAGE, 2 * PAGE, DirtyClient.CODE)).isTrue();
    }

    @Test
    void snapshotAndClearRoundsOutToWholeWordsAndClearsExactlyWhatItReturns() {
        long word = DirtyLog.SNAPSHOT_ALIGN;
        logVgaClean();
        as.stb(BASE + word - PAGE, 1);           // last page of word 0
        as.stb(BASE + word + 3 * PAGE, 1);       // inside word 1
        as.stb(BASE + 2 * word + 5 * PAGE, 1);   // word 2: outside the request

        DirtySnapshot snap = dirty.snapshotAndClearDirty(ram, word + 3 * PAGE, PAGE, DirtyClient.VGA);

        assertThat(snap.start()).isEqualTo(word);
        assertThat(snap.end()).isEqualTo(2 * word);
        assertThat(dirty.snapshotGetDirty(ram, snap, word + 3 * PAGE, 1)).isTrue();
        assertThat(dirty.snapshotGetDirty(ram, snap, word, 3 * PAGE)).isFalse();
        assertThat(snap.dirtyPages()).isEqualTo(1);
        assertThat(dirty.getDirty(ram, word, word, DirtyClient.VGA)).isFalse();
        assertThat(dirtyPage(word / PAGE - 1, DirtyClient.VGA)).isTrue();
        assertThat(dirty.getDirty(ram, 2 * word, word, DirtyClient.VGA)).isTrue();
        assertThatThrownBy(() -> dirty.snapshotGetDirty(ram, snap, 0, PAGE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outside snapshot");
    }

    @Test
    void snapshotAndClearOfAWholeRegionSeesTheInitialDirtinessOnce() {
        DirtySnapshot first = dirty.snapshotAndClearDirty(ram, 0, ram.size(), DirtyClient.VGA);
        DirtySnapshot second = dirty.snapshotAndClearDirty(ram, 0, ram.size(), DirtyClient.VGA);
        assertThat(first.dirtyPages()).isEqualTo(ram.size() / PAGE);
        assertThat(second.dirtyPages()).isZero();
    }

    @Test
    void snapshotAndClearSyncsFirstSoWhatAListenerReportsIsInTheSnapshot() {
        logVgaClean();
        as.registerListener(new MemoryListener() {
            @Override
            public void logSync(MemoryRegionSection section) {
                dirty.setDirty(section.region(), 9 * PAGE, 1);
            }
        });

        DirtySnapshot snap = dirty.snapshotAndClearDirty(ram, 0, ram.size(), DirtyClient.VGA);

        assertThat(snap.isDirty(9 * PAGE, PAGE)).isTrue();
        assertThat(snap.dirtyPages()).isEqualTo(1);
    }

    @Test
    void aSnapshotOfARegionThatEndsInsideAWordStillCoversTheWholeWord() {
        RamRegion small = sys.initRam(null, "small", 3 * PAGE);
        DirtySnapshot snap = dirty.snapshotAndClearDirty(small, PAGE, PAGE, DirtyClient.VGA);
        assertThat(snap.start()).isZero();
        assertThat(snap.end()).isEqualTo(DirtyLog.SNAPSHOT_ALIGN);
        assertThat(snap.dirtyPages()).isEqualTo(3);
        assertThat(snap.isDirty(5 * PAGE, PAGE)).isFalse();
    }

    @Test
    void misuseIsRejectedWithTheOffendingValues() {
        var io = sys.initContainer(null, "box", PAGE);
        assertThatThrownBy(() -> dirty.setLog(io, true, DirtyClient.VGA))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("region=box");
        assertThatThrownBy(() -> dirty.getDirty(ram, ram.size(), 1, DirtyClient.VGA))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("offset=0x100000");
        assertThatThrownBy(() -> dirty.resetDirty(ram, 0, 0, DirtyClient.VGA))
                .isInstanceOf(IllegalArgumentException.class);
        RamRegion other = sys.initRam(null, "other", PAGE);
        DirtySnapshot snap = dirty.snapshotAndClearDirty(other, 0, PAGE, DirtyClient.VGA);
        assertThatThrownBy(() -> dirty.snapshotGetDirty(ram, snap, 0, PAGE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("another region");
        assertThatThrownBy(() -> dirty.globalStop()).isInstanceOf(IllegalStateException.class);
    }
}
