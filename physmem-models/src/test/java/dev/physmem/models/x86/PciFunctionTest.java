package dev.physmem.models.x86;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.physmem.MemorySystem;
import dev.physmem.models.Regions;
import dev.physmem.models.pci.PciBarSpace;
import dev.physmem.models.pci.PciFunction;
import dev.physmem.region.Owner;
import org.junit.jupiter.api.Test;

class PciFunctionTest {
    private final Q35Machine q35 = Q35Machine.build(new MemorySystem(), 256L << 20);
    private final PciFunction ahci = q35.ahci().function();

    @Test
    void aBarDecodesOnlyWithAnAddressAndItsSpaceEnabled() {
        ahci.setBarAddress(Ich9Ahci.ABAR, 0xfebf_f000L);
        assertThat(q35.memory().view().lookup(0xfebf_f000L)).as("memory decode off").isNull();
        ahci.setMemoryDecode(true);
        assertThat(q35.memory().view().lookup(0xfebf_f000L).region().name()).isEqualTo("ahci");
        assertThat(ahci.barRegion(Ich9Ahci.ABAR).priority()).isEqualTo(1);
        assertThat(q35.ioSpace().view().lookup(0xc040).region().name()).as("I/O BAR unassigned").isEqualTo("io");
    }

    @Test
    void movingAndClearingABarRemapsIt() {
        ahci.setIoDecode(true);
        ahci.setBarAddress(Ich9Ahci.IDP_BAR, 0xc040);
        assertThat(q35.ioSpace().view().lookup(0xc05f).region().name()).isEqualTo("ahci-idp");
        ahci.setBarAddress(Ich9Ahci.IDP_BAR, 0xd000);
        assertThat(q35.ioSpace().view().lookup(0xc040).region().name()).isEqualTo("io");
        assertThat(q35.ioSpace().view().lookup(0xd000).region().name()).isEqualTo("ahci-idp");
        ahci.setIoDecode(false);
        assertThat(q35.ioSpace().view().lookup(0xd000).region().name()).isEqualTo("io");
        ahci.setIoDecode(true);
        ahci.setBarAddress(Ich9Ahci.IDP_BAR, 0);
        assertThat(q35.ioSpace().view().lookup(0xd000).region().name()).isEqualTo("io");
        assertThat(ahci.barAddress(Ich9Ahci.IDP_BAR)).isZero();
    }

    @Test
    void busMasteringMovesTheDeviceOntoTheSystemView() {
        assertThat(ahci.busMasterAddressSpace().view().root()).isNull();
        ahci.setBusMaster(true);
        assertThat(ahci.isBusMaster()).isTrue();
        assertThat(ahci.busMasterAddressSpace().view()).isSameAs(q35.memory().view());
        ahci.setBusMaster(false);
        assertThat(ahci.busMasterAddressSpace().view().root()).isNull();
    }

    @Test
    void theRomBarDecodesOnlyWhileItsEnableBitIsSet() {
        PciFunction nic = q35.pciBus().addFunction("nic", Owner.devicePath("/machine/peripheral-anon/device[0]"));
        var rom = q35.system().initRom(nic.owner(), "nic.rom", 0x1_0000);
        nic.registerRomBar(rom);
        nic.setMemoryDecode(true);
        nic.setBarAddress(PciFunction.ROM_SLOT, 0xfeb0_0000L);
        assertThat(q35.memory().view().lookup(0xfeb0_0000L)).as("enable bit clear").isNull();
        nic.setRomEnabled(true);
        assertThat(q35.memory().view().lookup(0xfeb0_0000L).region()).isSameAs(rom);
        assertThat(nic.barIndexes()).containsExactly(PciFunction.ROM_SLOT);
        nic.setRomEnabled(false);
        assertThat(q35.memory().view().lookup(0xfeb0_0000L)).isNull();
        assertThatThrownBy(() -> nic.registerBar(PciFunction.ROM_SLOT, PciBarSpace.MEMORY, rom))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("registerRomBar");
        assertThatThrownBy(() -> ahci.setRomEnabled(true))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bar=6");
    }

    @Test
    void listsItsBarsWithSpacesAndSizes() {
        assertThat(ahci.barIndexes()).containsExactly(4, 5);
        assertThat(ahci.barSpace(4)).isEqualTo(PciBarSpace.IO);
        assertThat(ahci.barSize(5)).isEqualTo(0x1000);
    }

    @Test
    void rejectsMisuseWithTheFunctionAndBarInTheMessage() {
        assertThatThrownBy(() -> ahci.setBarAddress(Ich9Ahci.ABAR, 0xfebf_f800L))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("function=ich9-ahci").hasMessageContaining("bar=5")
                .hasMessageContaining("address=0xfebff800");
        assertThatThrownBy(() -> ahci.setBarAddress(Ich9Ahci.IDP_BAR, 1L << 32))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ahci.barAddress(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("BAR not registered");
        assertThatThrownBy(() -> ahci.barAddress(6))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bar=6");
        assertThatThrownBy(() -> ahci.registerBar(5, PciBarSpace.MEMORY, q35.memoryMap().bios()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("already registered");
        var odd = Regions.registers(q35.system(), ahci.owner(), "odd", 0x30);
        assertThatThrownBy(() -> ahci.registerBar(0, PciBarSpace.IO, odd))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("size=0x30");
    }
}
