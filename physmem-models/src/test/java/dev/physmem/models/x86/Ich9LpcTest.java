package dev.physmem.models.x86;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.physmem.MemorySystem;
import org.junit.jupiter.api.Test;

class Ich9LpcTest {
    private final Q35Machine q35 = Q35Machine.build(new MemorySystem(), 64L << 20);
    private final Ich9Lpc lpc = q35.lpc();

    private String portOwner(int port) {
        return q35.ioSpace().view().lookup(port).region().name();
    }

    @Test
    void thePmBlockDecodesAtPmbaseOnlyWithAcpiEnabled() {
        lpc.setPmBase(0x600);
        assertThat(portOwner(0x660)).isEqualTo("io");
        lpc.setAcpiEnabled(true);
        assertThat(portOwner(0x660)).isEqualTo("sm-tco");
        assertThat(portOwner(0x630)).isEqualTo("acpi-smi");
        assertThat(portOwner(0x620)).isEqualTo("acpi-gpe0");
        assertThat(lpc.pmBase()).isEqualTo(0x600);
        lpc.setAcpiEnabled(false);
        assertThat(portOwner(0x600)).isEqualTo("io");
    }

    @Test
    void rcbaMapsTheRootComplexRegistersAbovePci() {
        lpc.setRcba(0xfed1_c000L, true);
        assertThat(lpc.isRcbaEnabled()).isTrue();
        var range = q35.memory().view().lookup(0xfed1_ffffL);
        assertThat(range.region().name()).isEqualTo("lpc-rcrb-mmio");
        assertThat(range.region().priority()).isEqualTo(1);
        lpc.setRcba(0xfed1_c000L, false);
        assertThat(q35.memory().view().lookup(0xfed1_c000L)).isNull();
    }

    @Test
    void rejectsMisalignedBases() {
        assertThatThrownBy(() -> lpc.setPmBase(0x640))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pmBase=0x640");
        assertThatThrownBy(() -> lpc.setRcba(0xfed1_d000L, true))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("base=0xfed1d000");
        assertThatThrownBy(() -> lpc.setRcba(1L << 32, true)).isInstanceOf(IllegalArgumentException.class);
    }
}
