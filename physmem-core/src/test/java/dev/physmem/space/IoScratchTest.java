package dev.physmem.space;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.physmem.MemorySystem;
import dev.physmem.attr.MemTxAttrs;
import dev.physmem.attr.MemTxResult;
import dev.physmem.region.ContainerRegion;
import dev.physmem.region.MemTxData;
import dev.physmem.region.MemoryRegion;
import dev.physmem.region.MemoryRegionOps;
import org.junit.jupiter.api.Test;

/** Device callbacks that access memory themselves must not disturb the access that called them. */
class IoScratchTest {
    private final MemorySystem sys = new MemorySystem();
    private final ContainerRegion root = sys.initContainer(null, "root", MemoryRegion.SIZE_2_64);
    private AddressSpace as;

    /** A device that stores its answer first and then reads another device, as a DMA engine might. */
    private final MemoryRegionOps nested = new MemoryRegionOps() {
        @Override
        public long read(long offset, int size) {
            throw new AssertionError();
        }

        @Override
        public void write(long offset, long value, int size) {
        }

        @Override
        public MemTxResult readWithAttrs(long offset, int size, MemTxAttrs attrs, MemTxData data) {
            data.value = 0x1111_0000L + offset;
            int inner = as.ldlLe(0x2000);
            byte[] buf = new byte[4];
            as.read(0x2000, MemTxAttrs.UNSPECIFIED, buf, 0, 4);
            return inner == 0x7777_7777 && buf[0] == 0x77 ? MemTxResult.OK : MemTxResult.ERROR;
        }
    };

    @Test
    void nestedDeviceAccessGetsItsOwnOutParameter() {
        root.addSubregion(0x1000, sys.initIo(null, nested, "outer", 0x100));
        root.addSubregion(0x2000, sys.initIo(null, MemoryRegionOps.of((o, s) -> 0x7777_7777L, (o, v, s) -> { }),
                "inner", 0x100));
        as = sys.addressSpace(root, "memory");
        var result = new MemTxResultHolder();
        assertThat(as.ldlLe(0x1010, MemTxAttrs.UNSPECIFIED, result)).isEqualTo(0x1111_0010);
        assertThat(result.get()).isEqualTo(MemTxResult.OK);
        byte[] buf = new byte[8];
        assertThat(as.read(0x1010, MemTxAttrs.UNSPECIFIED, buf, 0, 8)).isEqualTo(MemTxResult.OK);
        assertThat(buf).containsExactly(0x10, 0, 0x11, 0x11, 0x14, 0, 0x11, 0x11);
        assertThat(IoScratch.current().depth()).isZero();
    }

    @Test
    void throwingDeviceReleasesTheScratch() {
        root.addSubregion(0, sys.initIo(null, MemoryRegionOps.of((o, s) -> {
            throw new IllegalStateException("device bug");
        }, (o, v, s) -> { }), "broken", 0x10));
        as = sys.addressSpace(root, "memory");
        assertThatThrownBy(() -> as.ldlLe(0)).hasMessage("device bug");
        assertThatThrownBy(() -> as.read(0, MemTxAttrs.UNSPECIFIED, new byte[4], 0, 4)).hasMessage("device bug");
        assertThat(IoScratch.current().depth()).isZero();
    }

    @Test
    void deepNestingGrowsTheStack() {
        IoScratch scratch = IoScratch.current();
        MemTxData[] seen = new MemTxData[10];
        for (int i = 0; i < seen.length; i++) {
            seen[i] = scratch.push();
        }
        assertThat(seen).doesNotHaveDuplicates();
        for (int i = 0; i < seen.length; i++) {
            scratch.pop();
        }
        assertThat(scratch.push()).isSameAs(seen[0]);
        scratch.pop();
    }
}
