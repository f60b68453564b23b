package dev.physmem.models.riscv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.physmem.MemorySystem;
import dev.physmem.ram.RamBlock;
import dev.physmem.space.AddressSpace;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.Test;

class VirtMachineTest {
    private static final long MIB = 1L << 20;
    private final VirtMachine virt = VirtMachine.build(new MemorySystem(), 512 * MIB);

    @Test
    void ramAtTwoGibIsGuestMemoryForTheBoardAndTheHart() {
        virt.memory().stlLe(VirtMachine.RAM_BASE, 0x0000_0013);

        assertThat(virt.cpuMemory().ldlLe(VirtMachine.RAM_BASE)).isEqualTo(0x13);
        assertThat(virt.ram().backing().get(ValueLayout.JAVA_INT_UNALIGNED, 0)).isEqualTo(0x13);
        assertThat(virt.memory().view().lookup(VirtMachine.RAM_BASE + 512 * MIB)).isNull();
    }

    @Test
    void maskRomIsReadOnlyMemory() {
        virt.mrom().backing().set(ValueLayout.JAVA_INT_UNALIGNED, 0, 0x0000_0297);

        virt.memory().stlLe(VirtMachine.MROM_BASE, 0);

        assertThat(virt.memory().ldlLe(VirtMachine.MROM_BASE)).isEqualTo(0x297);
        assertThat(virt.memory().view().lookup(VirtMachine.MROM_BASE).readonly()).isTrue();
    }

    @Test
    void devicesAnswerWhereQemuPutsThem() {
        var view = virt.memory().view();
        assertThat(view.lookup(VirtMachine.UART_BASE + 7).region()).isSameAs(virt.uart());
        assertThat(view.lookup(VirtMachine.UART_BASE + 8)).as("the 16550's 8 registers only").isNull();
        assertThat(view.lookup(VirtMachine.ACLINT_MTIMER_BASE + 0x7ff8).region().name()).isEqualTo("riscv.aclint.mtimer");
        assertThat(view.lookup(VirtMachine.PLIC_BASE + VirtMachine.PLIC_SIZE - 1).region().name())
                .isEqualTo("riscv.sifive.plic");
        assertThat(virt.virtioTransports()).hasSize(8);
        assertThat(view.lookup(VirtMachine.VIRTIO_BASE + 0x1000).region()).isSameAs(virt.virtioTransports().get(1));
        assertThat(view.lookup(VirtMachine.VIRTIO_BASE + 0x200)).as("between transports").isNull();
        assertThat(view.lookup(VirtMachine.FLASH_BASE + VirtMachine.FLASH_SIZE).region())
                .isSameAs(virt.flashes().get(1).region());
    }

    @Test
    void ramBlocksAndAddressSpacesComeInQemusOrder() {
        assertThat(virt.system().ramBlocks().blocks()).extracting(RamBlock::idstr)
                .containsExactly("riscv_virt_board.ram", "virt.flash0", "virt.flash1", "riscv_virt_board.mrom");
        assertThat(virt.system().addressSpaces()).extracting(AddressSpace::name)
                .containsExactly("memory", "I/O", "cpu-memory-0", "gpex-root");
    }

    @Test
    void rejectsRamThatWouldMoveTheHighPcieWindow() {
        assertThatThrownBy(() -> VirtMachine.build(new MemorySystem(), 15L << 30))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("id=riscv_virt_board.ram");
    }
}
