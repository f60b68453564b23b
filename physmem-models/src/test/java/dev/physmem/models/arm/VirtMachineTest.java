package dev.physmem.models.arm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.physmem.MemorySystem;
import dev.physmem.flat.FlatRange;
import dev.physmem.ram.RamBlock;
import dev.physmem.space.AddressSpace;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.Test;

class VirtMachineTest {
    private static final long GIB = 1L << 30;
    private final VirtMachine virt = VirtMachine.build(new MemorySystem(), GIB);

    @Test
    void ramAtOneGibIsGuestMemoryForTheBoardAndTheCpu() {
        virt.memory().stlLe(VirtMachine.RAM_BASE + 0x100, 0xd503201f);

        assertThat(virt.cpuMemory().ldlLe(VirtMachine.RAM_BASE + 0x100)).isEqualTo(0xd503201f);
        assertThat(virt.ram().backing().get(ValueLayout.JAVA_INT_UNALIGNED, 0x100)).isEqualTo(0xd503201f);
        assertThat(virt.memory().view().lookup(VirtMachine.RAM_BASE + GIB)).as("past the end of RAM").isNull();
    }

    @Test
    void flashReadsItsArrayAndIgnoresWritesItsCommandSetWouldTakeAsCommands() {
        var flash0 = virt.flashes().get(0);
        flash0.array().set(ValueLayout.JAVA_INT_UNALIGNED, 0x40, 0x1234_5678);

        virt.memory().stlLe(0x40, 0xffff_ffff);

        assertThat(virt.memory().ldlLe(0x40)).isEqualTo(0x1234_5678);
        assertThat(virt.memory().view().lookup(VirtMachine.FLASH_SIZE).region())
                .isSameAs(virt.flashes().get(1).region());
        flash0.region().setRomd(false);
        assertThat(virt.memory().ldlLe(0x40)).as("read-array mode through the callbacks").isEqualTo(0x1234_5678);
    }

    @Test
    void devicesAnswerWhereQemuPutsThem() {
        var view = virt.memory().view();
        assertThat(view.lookup(VirtMachine.UART_BASE).region()).isSameAs(virt.uart());
        assertThat(view.lookup(VirtMachine.GIC_CPU_BASE + 0x1fff).region().name()).isEqualTo("gic_cpu");
        assertThat(view.lookup(VirtMachine.FW_CFG_BASE + 8).region().name()).isEqualTo("fwcfg.ctl");
        assertThat(virt.virtioTransports()).hasSize(32);
        assertThat(view.lookup(VirtMachine.VIRTIO_BASE + 31 * 0x200).region()).isSameAs(virt.virtioTransports().get(31));
        assertThat(view.lookup(VirtMachine.PLATFORM_BUS_BASE)).as("the empty platform bus").isNull();
    }

    @Test
    void pcieWindowsShowPciSpaceOneToOneAndUnassignedAddressesReadAllOnes() {
        FlatRange low = virt.memory().view().lookup(VirtMachine.PCIE.mmioBase());
        assertThat(low.region()).isSameAs(virt.pcie().mmioWindow());
        assertThat(low.offsetOf(VirtMachine.PCIE.mmioBase())).isEqualTo(VirtMachine.PCIE.mmioBase());
        assertThat(virt.memory().ldlLe(VirtMachine.PCIE.highMmioBase() + 4)).isEqualTo(-1);
        assertThat(virt.memory().view().lookup(VirtMachine.PCIE.ecamBase()).region()).isSameAs(virt.pcie().ecam());
        assertThat(virt.memory().view().lookup(VirtMachine.PCIE.pioBase()).region()).isSameAs(virt.pcie().ioWindow());
    }

    @Test
    void hostBridgeDmaReachesSystemMemoryOnlyWhileItMastersTheBus() {
        AddressSpace dma = virt.pcie().root().busMasterAddressSpace();
        assertThat(dma.name()).isEqualTo("gpex-root");
        assertThat(dma.view().root()).isNull();

        virt.pcie().root().setBusMaster(true);

        assertThat(dma.view()).isSameAs(virt.memory().view());
    }

    @Test
    void ramBlocksAreRamThenTheFlashesRegisteredUnderTheirNames() {
        assertThat(virt.system().ramBlocks().blocks()).extracting(RamBlock::idstr)
                .containsExactly("mach-virt.ram", "virt.flash0", "virt.flash1");
        assertThat(virt.system().addressSpaces()).extracting(AddressSpace::name)
                .containsExactly("memory", "I/O", "cpu-memory-0", "gpex-root");
    }

    @Test
    void rejectsRamThatIsNotWholePagesOrPushesTheHighWindows() {
        assertThatThrownBy(() -> VirtMachine.build(new MemorySystem(), GIB + 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("id=mach-virt.ram");
        assertThatThrownBy(() -> VirtMachine.build(new MemorySystem(), 256 * GIB))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("size=0x4000000000");
    }
}
