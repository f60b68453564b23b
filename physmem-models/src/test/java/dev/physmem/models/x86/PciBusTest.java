package dev.physmem.models.x86;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.physmem.MemorySystem;
import dev.physmem.models.UnattachedDevices;
import dev.physmem.models.pci.PciFunction;
import dev.physmem.space.AddressSpace;
import org.junit.jupiter.api.Test;

class PciBusTest {
    private final PcMachine pc = PcMachine.build(new MemorySystem(), 64L << 20);

    @Test
    void aFunctionPluggedAfterMachineDoneGetsItsAddressSpaceAtOnce() {
        PciFunction nic = pc.pciBus().addFunction("e1000", UnattachedDevices.device(19));
        assertThat(pc.system().addressSpaces()).extracting(AddressSpace::name).endsWith("e1000");
        assertThat(nic.busMasterAddressSpace().view().root()).isNull();
        assertThat(pc.pciBus().function("e1000")).isSameAs(nic);
    }

    @Test
    void findsFunctionsByNameInBusOrder() {
        assertThat(pc.pciBus().functions()).extracting(PciFunction::name)
                .containsExactly("i440FX", "PIIX3", "piix3-ide", "PIIX4_PM");
        assertThat(pc.pciBus().function("piix3-ide")).isSameAs(pc.ide().function());
    }

    @Test
    void aFunctionWithoutAnAddressTakesTheFirstFreeSlotAndNamesItsRamAfterIt() {
        assertThat(pc.pciBus().addFunction("e1000", UnattachedDevices.device(19)).devPath()).isEqualTo("0000:00:02.0");
        assertThat(pc.pciBus().addFunction("e1000-2", UnattachedDevices.device(20)).devfn()).isEqualTo(0x18);
        assertThat(pc.pm().function().devPath()).isEqualTo("0000:00:01.3");
        assertThatThrownBy(() -> pc.pciBus().addFunction("bridge", UnattachedDevices.device(21), 0x09))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("existing=piix3-ide");
    }

    @Test
    void rejectsDuplicateAndUnknownNames() {
        assertThatThrownBy(() -> pc.pciBus().addFunction("PIIX3", UnattachedDevices.device(20)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("name=PIIX3");
        assertThatThrownBy(() -> pc.pciBus().function("virtio-net-pci"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("name=virtio-net-pci");
    }
}
