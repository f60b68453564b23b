package dev.physmem.models.x86.firmware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.physmem.MemorySystem;
import dev.physmem.models.RegisterFile;
import dev.physmem.models.x86.PciBarSpace;
import dev.physmem.models.x86.PciFunction;
import dev.physmem.models.x86.Q35Machine;
import dev.physmem.region.Owner;
import org.junit.jupiter.api.Test;

class PciResourceAllocatorTest {
    private final MemorySystem system = new MemorySystem();
    private final Q35Machine q35 = Q35Machine.build(system, 256L << 20);

    private PciFunction device(String name) {
        return q35.pciBus().addFunction(name, Owner.devicePath("/machine/peripheral-anon/" + name));
    }

    @Test
    void largerBarsComeFirstEachAlignedInABlockAsHighAsTheLargestAlignmentAllows() {
        PciFunction nic = device("nic");
        nic.registerBar(0, PciBarSpace.MEMORY, system.initIo(nic.owner(), new RegisterFile(0x2_0000), "nic-mmio", 0x2_0000));
        nic.registerBar(1, PciBarSpace.IO, system.initIo(nic.owner(), new RegisterFile(0x40), "nic-io", 0x40));
        PciResourceAllocator.assign(q35.pciBus(), 0xc000_0000L, SeaBios.PCIMEM_END);
        assertThat(nic.barAddress(1)).as("ties keep bus order: ICH9-SMB's 64 bytes first").isEqualTo(0xc040);
        assertThat(q35.smbus().function().barAddress(4)).isEqualTo(0xc000);
        assertThat(q35.ahci().function().barAddress(4)).isEqualTo(0xc080);
        // 0x21000 bytes below 0xfec00000, aligned down to 128 KiB: the block starts at 0xfebc0000.
        assertThat(nic.barAddress(0)).isEqualTo(0xfebc_0000L);
        assertThat(q35.ahci().function().barAddress(5)).isEqualTo(0xfebe_0000L);
    }

    @Test
    void refusesMemoryBarsThatDoNotFitTheWindow() {
        PciFunction big = device("big");
        big.registerBar(0, PciBarSpace.MEMORY,
                system.initIo(big.owner(), new RegisterFile(1L << 30), "big-mmio", 1L << 30));
        assertThatThrownBy(() -> PciResourceAllocator.assign(q35.pciBus(), 0xc000_0000L, SeaBios.PCIMEM_END))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("pcimemStart=0xc0000000");
    }
}
