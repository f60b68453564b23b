package dev.physmem.models.x86;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.physmem.MemorySystem;
import dev.physmem.models.Regions;
import dev.physmem.models.UnattachedDevices;
import dev.physmem.region.IoRegion;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** SMRAM of the i440FX, observed with a VGA-like window in PCI space at 0xa0000. */
class I440fxSmramTest {
    private final PcMachine pc = PcMachine.build(new MemorySystem(), 64L << 20);
    private final Smram smram = pc.i440fx().smram();
    private IoRegion vga;

    @BeforeEach
    void mapVgaWindow() {
        vga = Regions.registers(pc.system(), UnattachedDevices.device(99), "vga-lowmem", 0x2_0000);
        pc.memoryMap().pci().addSubregionOverlap(0xa_0000L, vga, 1);
    }

    private String memoryAt(long address) {
        return pc.memory().view().lookup(address).region().name();
    }

    private String smmAt(long address) {
        return pc.smm().view().lookup(address).region().name();
    }

    @Test
    void atResetEveryoneSeesThePciWindow() {
        assertThat(smram.register()).isEqualTo(0x02);
        assertThat(memoryAt(0xa_0000L)).isEqualTo("vga-lowmem");
        assertThat(smmAt(0xa_0000L)).isEqualTo("vga-lowmem");
    }

    @Test
    void enabledSmramIsRamForSmmOnly() {
        smram.setEnabled(true);
        assertThat(smram.register()).isEqualTo(0x0a);
        assertThat(memoryAt(0xa_0000L)).isEqualTo("vga-lowmem");
        assertThat(smmAt(0xa_0000L)).isEqualTo("pc.ram");
    }

    @Test
    void openSmramIsRamForEveryoneUntilClosed() {
        smram.setEnabled(true);
        smram.open();
        assertThat(memoryAt(0xb_ffffL)).isEqualTo("pc.ram");
        smram.close();
        assertThat(memoryAt(0xb_ffffL)).isEqualTo("vga-lowmem");
        assertThat(smram.isOpen()).isFalse();
    }

    @Test
    void lockingClosesSmramAndFreezesItUntilReset() {
        smram.setEnabled(true);
        smram.open();
        smram.lock();
        assertThat(smram.isLocked()).isTrue();
        assertThat(smram.isOpen()).isFalse();
        assertThat(memoryAt(0xa_0000L)).isEqualTo("vga-lowmem");
        assertThatThrownBy(smram::open)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("operation=open")
                .hasMessageContaining("register=0x1a");
        assertThatThrownBy(() -> smram.setEnabled(false)).isInstanceOf(IllegalStateException.class);
        smram.writeRegister(Smram.D_OPEN | Smram.D_CLS | Smram.C_BASE_SEG);
        assertThat(smram.register()).as("only D_CLS is writable once locked").isEqualTo(0x3a);
        smram.close();
        smram.lock();
        assertThat(smmAt(0xa_0000L)).isEqualTo("pc.ram");
    }

    @Test
    void rejectsRegisterValuesThatAreNotBytes() {
        assertThatThrownBy(() -> smram.writeRegister(0x100))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("chipset=i440FX")
                .hasMessageContaining("value=256");
    }
}
