package dev.physmem.models.x86;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.physmem.MemorySystem;
import org.junit.jupiter.api.Test;

class Piix4PmTest {
    private final PcMachine pc = PcMachine.build(new MemorySystem(), 64L << 20);
    private final Piix4Pm pm = pc.pm();

    private String portOwner(int port) {
        return pc.ioSpace().view().lookup(port).region().name();
    }

    @Test
    void theSmbusStartsAt0xb100AndThePmBlockIsOff() {
        assertThat(portOwner(0xb100)).isEqualTo("pm-smbus");
        assertThat(portOwner(0x0)).isEqualTo("dma-chan");
        assertThat(pm.smbusBase()).isEqualTo(Piix4Pm.RESET_SMBUS_BASE);
        assertThat(pm.pmBase()).isZero();
    }

    @Test
    void pmbaAndPmregmiscPlaceTheAcpiBlock() {
        pm.setPmBase(0x600);
        assertThat(portOwner(0x608)).as("not enabled yet").isEqualTo("io");
        pm.setPmEnabled(true);
        assertThat(portOwner(0x600)).isEqualTo("acpi-evt");
        assertThat(portOwner(0x604)).isEqualTo("acpi-cnt");
        assertThat(portOwner(0x608)).isEqualTo("acpi-tmr");
    }

    @Test
    void smbbaAndSmbhstcfgMoveAndSwitchTheSmbus() {
        pm.setSmbusBase(0x700);
        assertThat(portOwner(0x73f)).isEqualTo("pm-smbus");
        assertThat(portOwner(0xb100)).isEqualTo("io");
        pm.setSmbusEnabled(false);
        assertThat(portOwner(0x700)).isEqualTo("io");
    }

    @Test
    void rejectsBasesThatAreNotAligned64BytePorts() {
        assertThatThrownBy(() -> pm.setPmBase(0x610))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pmBase=0x610");
        assertThatThrownBy(() -> pm.setSmbusBase(0x10000))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("smbusBase=0x10000");
    }
}
