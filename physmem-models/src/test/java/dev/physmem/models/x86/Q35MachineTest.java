package dev.physmem.models.x86;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.physmem.MemorySystem;
import dev.physmem.space.AddressSpace;
import org.junit.jupiter.api.Test;

class Q35MachineTest {
    private static final long MIB = 1L << 20;
    private static final long GIB = 1L << 30;

    @Test
    void threeGibOfRamPutsTwoGibBelowFourGibAndTheRestAbove() {
        Q35Machine q35 = Q35Machine.build(new MemorySystem(), 3 * GIB);
        assertThat(q35.ramSplit()).isEqualTo(new RamSplit(3 * GIB, 2 * GIB, GIB));
        var view = q35.memory().view();
        assertThat(view.lookup(2 * GIB - 1).region()).isSameAs(q35.memoryMap().ram());
        assertThat(view.lookup(2 * GIB)).isNull();
        assertThat(view.lookup(4 * GIB).offsetOf(4 * GIB)).isEqualTo(2 * GIB);
    }

    @Test
    void tsegRegionsSitAtTheTopOfLowRam() {
        Q35Machine q35 = Q35Machine.build(new MemorySystem(), 3 * GIB);
        q35.mch().smram().setEnabled(true);
        q35.mch().smram().enableTseg(TsegSize.MB_8);
        assertThat(q35.memory().view().lookup(2 * GIB - 8 * MIB).region().name()).isEqualTo("tseg-blackhole");
        assertThat(q35.memory().view().lookup(2 * GIB - 8 * MIB - 1).region()).isSameAs(q35.memoryMap().ram());
    }

    @Test
    void createsAddressSpacesInQemusOrder() {
        Q35Machine q35 = Q35Machine.build(new MemorySystem(), 128 * MIB);
        assertThat(q35.system().addressSpaces()).extracting(AddressSpace::name).containsExactly(
                "memory", "I/O", "cpu-memory-0", "cpu-smm-0", "mch", "ICH9-LPC", "ich9-ahci", "ICH9-SMB");
        assertThat(q35.hostBridge()).isSameAs(q35.mch());
        assertThat(q35.typeName()).isEqualTo("q35");
    }

    @Test
    void hasNoFloppyControllerButTheLpcResetControl() {
        Q35Machine q35 = Q35Machine.build(new MemorySystem(), 128 * MIB);
        var io = q35.ioSpace().view();
        assertThat(io.lookup(0x3f1).region()).isSameAs(q35.memoryMap().io());
        assertThat(io.lookup(0xcf9).region().name()).isEqualTo("lpc-reset-control");
    }

    @Test
    void rejectsAnExtendedTsegSizeTheRegisterCannotHold() {
        assertThatThrownBy(() -> Q35Machine.builder().extendedTsegMbytes(0x1000).build(new MemorySystem()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("extendedTsegMbytes=4096");
    }
}
