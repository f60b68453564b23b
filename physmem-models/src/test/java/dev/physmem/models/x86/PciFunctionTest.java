package dev.physmem.models.x86;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.physmem.MemorySystem;
import dev.physmem.models.Regions;
import dev.physmem.models.pci.PciBarSpace;
import dev.physmem.models.pci.PciConfigSpace;
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

    @Test
    void barSizingReadsBackTheSizeMaskWithTheTypeBits() {
        PciFunction ide = PcMachine.build(new MemorySystem(), 64L << 20).ide().function();
        ide.configWrite(PciFunction.barOffset(PiixIde.BMDMA_BAR), 0xffff_ffffL, 4);
        assertThat(ide.configRead(PciFunction.barOffset(PiixIde.BMDMA_BAR), 4)).isEqualTo(0xffff_fff1L);
        ahci.configWrite(PciFunction.barOffset(Ich9Ahci.ABAR), 0xffff_ffffL, 4);
        assertThat(ahci.configRead(PciFunction.barOffset(Ich9Ahci.ABAR), 4)).isEqualTo(0xffff_f000L);
        assertThat(ahci.configRead(PciFunction.barOffset(0), 4)).as("no BAR 0").isZero();
        ahci.configWrite(PciFunction.barOffset(0), 0xffff_ffffL, 4);
        assertThat(ahci.configRead(PciFunction.barOffset(0), 4)).isZero();
    }

    @Test
    void vgaAndVirtioBarsSizeAsQemusDo() {
        Q35Machine machine = Q35Machine.builder().ramSize(256L << 20).vga(true).virtioNet(true).build(new MemorySystem());
        PciFunction vga = machine.vga().orElseThrow().function();
        vga.configWrite(PciFunction.barOffset(StdVga.VRAM_BAR), 0xffff_ffffL, 4);
        assertThat(vga.configRead(PciFunction.barOffset(StdVga.VRAM_BAR), 4)).as("16 MiB prefetchable").isEqualTo(0xff00_0008L);
        vga.configWrite(PciFunction.barOffset(PciFunction.ROM_SLOT), 0xffff_f800L, 4);
        assertThat(vga.configRead(PciFunction.barOffset(PciFunction.ROM_SLOT), 4)).isEqualTo(0xffff_0000L);
        PciFunction net = machine.virtioNet().orElseThrow().function();
        int bar4 = PciFunction.barOffset(VirtioNetPci.MODERN_BAR);
        assertThat(net.configRead(bar4, 4)).as("64-bit prefetchable memory").isEqualTo(0xcL);
        net.configWrite(bar4, 0xffff_ffffL, 4);
        net.configWrite(bar4 + 4, 0xffff_ffffL, 4);
        assertThat(net.configRead(bar4, 4)).isEqualTo(0xffff_c00cL);
        assertThat(net.configRead(bar4 + 4, 4)).isEqualTo(0xffff_ffffL);
        assertThat(net.isBar64(VirtioNetPci.MODERN_BAR)).isTrue();
    }

    @Test
    void commandRegisterWritesMapAndUnmapBarsInTheFlatView() {
        ahci.configWrite(PciFunction.barOffset(Ich9Ahci.ABAR), 0xfebf_f000L, 4);
        assertThat(q35.memory().view().lookup(0xfebf_f000L)).isNull();
        ahci.configWrite(PciConfigSpace.COMMAND, PciConfigSpace.COMMAND_MEMORY, 2);
        assertThat(q35.memory().view().lookup(0xfebf_f000L).region().name()).isEqualTo("ahci");
        assertThat(ahci.isMemoryDecode()).isTrue();
        ahci.configWrite(PciConfigSpace.COMMAND, PciConfigSpace.COMMAND_IO, 1);
        assertThat(q35.memory().view().lookup(0xfebf_f000L)).as("memory decode off again").isNull();
        ahci.configWrite(PciFunction.barOffset(Ich9Ahci.IDP_BAR), 0xc041, 4);
        assertThat(q35.ioSpace().view().lookup(0xc040).region().name()).isEqualTo("ahci-idp");
        ahci.configWrite(PciConfigSpace.COMMAND + 1, 0x04, 1);
        assertThat(ahci.command()).as("a write to the command's high byte alone").isEqualTo(0x0401);
    }

    @Test
    void aBarWhoseLastByteReachesFourGibIsNotMapped() {
        ahci.setMemoryDecode(true);
        ahci.configWrite(PciFunction.barOffset(Ich9Ahci.ABAR), 0xffff_f000L, 4);
        assertThat(ahci.barAddress(Ich9Ahci.ABAR)).isEqualTo(0xffff_f000L);
        assertThat(ahci.barMappedAddress(Ich9Ahci.ABAR)).isEqualTo(-1);
        ahci.configWrite(PciFunction.barOffset(Ich9Ahci.ABAR), 0xffff_e000L, 4);
        assertThat(ahci.barMappedAddress(Ich9Ahci.ABAR)).isEqualTo(0xffff_e000L);
    }

    @Test
    void theBusMasterBitOfAConfigWriteSwitchesTheDmaView() {
        ahci.configWrite(PciConfigSpace.COMMAND, PciConfigSpace.COMMAND_MASTER, 2);
        assertThat(ahci.busMasterAddressSpace().view()).isSameAs(q35.memory().view());
        ahci.configWrite(PciConfigSpace.COMMAND, 0, 2);
        assertThat(ahci.busMasterAddressSpace().view().root()).isNull();
    }

    @Test
    void typedSettersAndConfigReadsShowTheSameRegisters() {
        ahci.setBarAddress(Ich9Ahci.IDP_BAR, 0xd000);
        assertThat(ahci.configRead(PciFunction.barOffset(Ich9Ahci.IDP_BAR), 4)).isEqualTo(0xd001L);
        ahci.setIoDecode(true);
        ahci.setBusMaster(true);
        assertThat(ahci.configRead(PciConfigSpace.COMMAND, 2)).isEqualTo(0x5L);
    }

    @Test
    void rejectsConfigAccessesOutsideTheSpace() {
        assertThatThrownBy(() -> ahci.configRead(0xfe, 4)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("function=ich9-ahci");
        assertThatThrownBy(() -> ahci.configWrite(0, 0, 8)).isInstanceOf(IllegalArgumentException.class);
    }
}
