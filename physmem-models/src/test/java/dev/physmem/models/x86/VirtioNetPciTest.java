package dev.physmem.models.x86;

import static org.assertj.core.api.Assertions.assertThat;

import dev.physmem.MemorySystem;
import dev.physmem.models.pci.PciBarSpace;
import dev.physmem.models.pci.PciFunction;
import org.junit.jupiter.api.Test;

class VirtioNetPciTest {

    @Test
    void registersTheMsixAndModernBarsAndARomNamedAfterItsSlot() {
        PcMachine pc = PcMachine.builder().ramSize(128L << 20).virtioNet(true).build(new MemorySystem());
        VirtioNetPci net = pc.virtioNet().orElseThrow();
        PciFunction f = net.function();
        assertThat(f.devPath()).isEqualTo("0000:00:02.0");
        assertThat(f.barIndexes()).containsExactly(VirtioNetPci.MSIX_BAR, VirtioNetPci.MODERN_BAR, PciFunction.ROM_SLOT);
        assertThat(f.barSpace(VirtioNetPci.MODERN_BAR)).isEqualTo(PciBarSpace.MEMORY_PREFETCH);
        assertThat(f.barRegion(VirtioNetPci.MODERN_BAR).subregions()).extracting(r -> r.name()).containsExactlyInAnyOrder(
                "virtio-pci-common-virtio-net", "virtio-pci-isr-virtio-net", "virtio-pci-device-virtio-net",
                "virtio-pci-notify-virtio-net");
        assertThat(f.barSize(PciFunction.ROM_SLOT)).isEqualTo(VirtioNetPci.ROM_SIZE);
        assertThat(pc.system().ramBlocks().byIdstr("0000:00:02.0/virtio-net-pci.rom")).isPresent();
        assertThat(net.dma().name()).isEqualTo("virtio-net-pci");
    }

    @Test
    void withoutAnIommuItsDmaReachesSystemMemoryOnceItMasters() {
        PcMachine pc = PcMachine.builder().ramSize(128L << 20).virtioNet(true).build(new MemorySystem());
        VirtioNetPci net = pc.virtioNet().orElseThrow();
        assertThat(net.dma().view().root()).isNull();
        net.function().setBusMaster(true);
        net.dma().stlLe(0x1000, 0x1234_5678);
        assertThat(pc.memory().ldlLe(0x1000)).isEqualTo(0x1234_5678);
    }
}
