package dev.physmem.models.x86.firmware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.physmem.MemorySystem;
import dev.physmem.models.RegisterFile;
import dev.physmem.models.pci.PciBarSpace;
import dev.physmem.models.pci.PciFunction;
import dev.physmem.models.x86.Q35Machine;
import dev.physmem.region.Owner;
import org.junit.jupiter.api.Test;

class PciResourceAllocatorTest {
    private final MemorySystem system = new MemorySystem();
    private final Q35Machine q35 = Q35Machine.build(system, 256L << 20);

    private PciFunction device(String name) {
        PciFunction f = q35.pciBus().addFunction(name, Owner.devicePath("/machine/peripheral-anon/" + name));
        f.initHeader(0x1b36, 0x0100 + f.devfn(), 0, 0xff_0000, false);
        return f;
    }

    private void assign() {
        PciResourceAllocator.assign(new PciConfigCycles(q35.ioSpace(), q35.memory()), 0xc000_0000L, SeaBios.PCIMEM_END);
    }

    @Test
    void largerBarsComeFirstEachAlignedInABlockAsHighAsTheLargestAlignmentAllows() {
        PciFunction nic = device("nic");
        nic.registerBar(0, PciBarSpace.MEMORY, system.initIo(nic.owner(), new RegisterFile(0x2_0000), "nic-mmio", 0x2_0000));
        nic.registerBar(1, PciBarSpace.IO, system.initIo(nic.owner(), new RegisterFile(0x40), "nic-io", 0x40));
        assign();
        assertThat(nic.devfn()).as("first free slot").isEqualTo(0x08);
        assertThat(nic.barAddress(1)).as("ties in devfn order: nic (01.0) before ICH9-SMB (1f.3)").isEqualTo(0xc000);
        assertThat(q35.smbus().function().barAddress(4)).isEqualTo(0xc040);
        assertThat(q35.ahci().function().barAddress(4)).isEqualTo(0xc080);
        // 0x21000 bytes below 0xfec00000, aligned down to 128 KiB: the block starts at 0xfebc0000.
        assertThat(nic.barAddress(0)).isEqualTo(0xfebc_0000L);
        assertThat(q35.ahci().function().barAddress(5)).isEqualTo(0xfebe_0000L);
    }

    @Test
    void prefetchableBarsGoBelowTheNonPrefetchableBlockWhenThatHasTheSmallerAlignment() {
        // QEMU's VGA: 16 MiB prefetchable video RAM, a 4 KiB MMIO BAR and a 64 KiB ROM.
        PciFunction vga = device("vga");
        vga.registerBar(0, PciBarSpace.MEMORY_PREFETCH, system.initRam(vga.owner(), "vram", 16 << 20));
        vga.registerBar(2, PciBarSpace.MEMORY, system.initIo(vga.owner(), new RegisterFile(0x1000), "mmio", 0x1000));
        vga.registerRomBar(system.initRom(vga.owner(), "vga.rom", 0x1_0000));
        assign();
        // Non-prefetchable: ROM 64 KiB, MMIO 4 KiB (01.0), AHCI 4 KiB (1f.2) = 0x12000 below
        // 0xfec00000, 64 KiB aligned.
        assertThat(vga.barAddress(PciFunction.ROM_SLOT)).isEqualTo(0xfebe_0000L);
        assertThat(vga.barAddress(2)).isEqualTo(0xfebf_0000L);
        assertThat(q35.ahci().function().barAddress(5)).isEqualTo(0xfebf_1000L);
        assertThat(vga.barAddress(0)).as("16 MiB aligned below 0xfebe0000").isEqualTo(0xfd00_0000L);
        assertThat(vga.isRomEnabled()).isFalse();
    }

    @Test
    void aPrefetchableBlockWithTheSmallerAlignmentStaysOnTop() {
        PciFunction big = device("big");
        big.registerBar(0, PciBarSpace.MEMORY, system.initIo(big.owner(), new RegisterFile(0x10_0000), "big", 0x10_0000));
        big.registerBar(1, PciBarSpace.MEMORY_PREFETCH, system.initRam(big.owner(), "small", 0x2000));
        assign();
        assertThat(big.barAddress(1)).isEqualTo(0xfebf_e000L);
        assertThat(big.barAddress(0)).as("1 MiB block plus AHCI's 4 KiB, 1 MiB aligned").isEqualTo(0xfea0_0000L);
    }

    @Test
    void refusesMemoryBarsThatDoNotFitTheWindow() {
        PciFunction big = device("big");
        big.registerBar(0, PciBarSpace.MEMORY,
                system.initIo(big.owner(), new RegisterFile(1L << 30), "big-mmio", 1L << 30));
        assertThatThrownBy(this::assign)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("pcimemStart=0xc0000000");
    }
}
