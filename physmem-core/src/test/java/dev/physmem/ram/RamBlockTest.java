package dev.physmem.ram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.physmem.MemorySystem;
import dev.physmem.attr.MemTxAttrs;
import dev.physmem.attr.MemTxResult;
import dev.physmem.region.MemoryRegion;
import dev.physmem.region.RamRegion;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link RamBlock#resize} and the block's view of its region. */
class RamBlockTest {
    private static final long KiB = 1024;

    private final MemorySystem sys = new MemorySystem();
    private final List<String> told = new ArrayList<>();
    private final ResizeCallback recorder = (idstr, size, host) ->
            told.add(idstr + " 0x" + Long.toHexString(size) + " host=" + host.byteSize());

    private RamRegion blob(long size, long maxSize) {
        RamRegion r = sys.initResizeableRam(null, "/rom@etc/acpi/tables", size, maxSize, recorder);
        sys.ramBlocks().vmstateRegisterRamGlobal(r);
        return r;
    }

    @Test
    void growingWithinMaxUpdatesUsedLengthAndRegionSizeThenTellsTheCallback() {
        RamRegion r = blob(0x2_0000, 0x20_0000);
        RamBlock block = r.ramBlock().orElseThrow();
        assertThat(block.isResizeable()).isTrue();

        block.resize(0x3_0000);

        assertThat(block.usedLength()).isEqualTo(0x3_0000);
        assertThat(block.maxLength()).isEqualTo(0x20_0000);
        assertThat(r.size()).isEqualTo(0x3_0000);
        assertThat(told).containsExactly("/rom@etc/acpi/tables 0x30000 host=2097152");
    }

    @Test
    void theUsedLengthIsWholeHostPagesWhileTheRegionKeepsTheExactSize() {
        RamRegion r = sys.initResizeableRam(null, "/rom@etc/acpi/rsdp", 20, 0x1000, recorder);
        RamBlock block = r.ramBlock().orElseThrow();
        assertThat(block.usedLength()).isEqualTo(0x1000);
        assertThat(r.size()).isEqualTo(20);

        block.resize(36);

        assertThat(block.usedLength()).isEqualTo(0x1000);
        assertThat(r.size()).isEqualTo(36);
        assertThat(told).containsExactly(" 0x24 host=4096");
    }

    @Test
    void resizingToTheSameSizeChangesNothingAndTellsNoOne() {
        RamRegion r = blob(0x2_0000, 0x20_0000);
        long version = sys.ramBlocks().version();
        r.ramBlock().orElseThrow().resize(0x2_0000);
        assertThat(told).isEmpty();
        assertThat(sys.ramBlocks().version()).isEqualTo(version);
    }

    @Test
    void shrinkingWorksDownToOnePage() {
        RamRegion r = blob(0x2_0000, 0x20_0000);
        RamBlock block = r.ramBlock().orElseThrow();
        block.resize(1);
        assertThat(block.usedLength()).isEqualTo(0x1000);
        assertThat(r.size()).isOne();
    }

    @Test
    void growingPastTheMaxLengthIsRejectedAndChangesNothing() {
        RamRegion r = blob(0x2_0000, 0x20_0000);
        RamBlock block = r.ramBlock().orElseThrow();
        assertThatThrownBy(() -> block.resize(0x20_0001)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Size too large: idstr=/rom@etc/acpi/tables region=/rom@etc/acpi/tables "
                        + "newSize=0x201000 maxLength=0x200000");
        assertThat(block.usedLength()).isEqualTo(0x2_0000);
        assertThat(r.size()).isEqualTo(0x2_0000);
        assertThat(told).isEmpty();
    }

    @Test
    void aBlockThatIsNotResizeableRefusesANewLength() {
        RamRegion r = sys.initRam(null, "pc.bios", 0x4_0000);
        RamBlock block = r.ramBlock().orElseThrow();
        assertThatThrownBy(() -> block.resize(0x2_0000)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Size mismatch: idstr=pc.bios region=pc.bios newSize=0x20000 usedLength=0x40000");
    }

    @Test
    void aBlockThatIsNotResizeableMayStillChangeSizeWithinItsLastPage() {
        RamRegion r = sys.initRam(null, "odd", 0x1800);
        RamBlock block = r.ramBlock().orElseThrow();
        block.resize(0x1900);
        assertThat(r.size()).isEqualTo(0x1900);
        assertThat(block.usedLength()).isEqualTo(0x2000);
    }

    @Test
    void aSizeLargerThanTheHostMemoryIsRejected() {
        MemorySegment bar = MemorySegment.ofArray(new byte[0x100]);
        var region = sys.initRamDevicePtr(null, "bar", 0x100, bar);
        RamBlock block = region.ramBlock().orElseThrow();
        assertThatThrownBy(() -> block.resize(0x200)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Size too large: idstr= region=bar newSize=0x200 host=0x100");
    }

    @Test
    void aFreedBlockCannotBeResized() {
        RamRegion r = blob(0x1000, 0x2000);
        RamBlock block = r.ramBlock().orElseThrow();
        r.release();
        assertThatThrownBy(() -> block.resize(0x2000)).isInstanceOf(IllegalStateException.class)
                .hasMessage("RAMBlock is freed: idstr=/rom@etc/acpi/tables region=/rom@etc/acpi/tables");
    }

    @Test
    void guestsSeeTheNewSizeOnceTheResizeCommits() {
        var root = sys.initContainer(null, "system", MemoryRegion.SIZE_2_64);
        RamRegion r = blob(0x1000, 0x4000);
        root.addSubregion(0x10_0000, r);
        var as = sys.addressSpace(root, "memory");
        byte[] buf = new byte[4];
        assertThat(as.read(0x10_1000, MemTxAttrs.UNSPECIFIED, buf, 0, 4)).isEqualTo(MemTxResult.DECODE_ERROR);

        r.ramBlock().orElseThrow().resize(0x2000);

        assertThat(as.read(0x10_1000, MemTxAttrs.UNSPECIFIED, buf, 0, 4)).isEqualTo(MemTxResult.OK);
    }

    @Test
    void theCallbackRunsInsideTheResizeTransaction() {
        int[] depth = new int[1];
        RamRegion r = sys.initResizeableRam(null, "blob", 0x1000, 0x4000,
                (idstr, size, host) -> depth[0] = sys.transactionDepth());
        r.ramBlock().orElseThrow().resize(0x3000);
        assertThat(depth[0]).isOne();
    }

    @Test
    void ramAddressesBelongToTheBlockUpToItsMaxLength() {
        RamRegion r = blob(0x1000, 0x4000);
        RamBlock block = r.ramBlock().orElseThrow();
        assertThat(block.containsRamAddr(block.ramAddr())).isTrue();
        assertThat(block.containsRamAddr(block.ramAddr() + 0x3fff)).isTrue();
        assertThat(block.containsRamAddr(block.ramAddr() + 0x4000)).isFalse();
        assertThat(block.containsRamAddr(block.ramAddr() - 1)).isFalse();
    }
}
