package dev.physmem.ram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class IdStrTest {

    @Test
    void aDevicePathComesFirstThenASlashThenTheName() {
        assertThat(IdStr.form("0000:00:02.0", "vga.vram")).isEqualTo("0000:00:02.0/vga.vram");
    }

    @Test
    void withoutADeviceTheIdstrIsTheName() {
        assertThat(IdStr.form(null, "pc.ram")).isEqualTo("pc.ram");
        assertThat(IdStr.form(null, "/rom@etc/acpi/tables")).isEqualTo("/rom@etc/acpi/tables");
    }

    @Test
    void anEmptyIdstrIsRejected() {
        assertThatThrownBy(() -> IdStr.form(null, "")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("idstr is empty: name=\"\"");
    }

    @Test
    void twoHundredFiftyFiveBytesFitAndOneMoreDoesNot() {
        assertThat(IdStr.form("d", "x".repeat(253))).hasSize(255);
        assertThatThrownBy(() -> IdStr.form("d", "x".repeat(254))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("idstr longer than 255 bytes: bytes=256 idstr=d/xxx");
    }

    @Test
    void bytesAreCountedInUtf8() {
        assertThatThrownBy(() -> IdStr.form(null, "é".repeat(128))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bytes=256");
    }

    @Test
    void aNulOrALineBreakIsRejected() {
        assertThatThrownBy(() -> IdStr.form(null, "a\0b")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("NUL or a line break");
        assertThatThrownBy(() -> IdStr.form("dev\n", "b")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("NUL or a line break");
    }
}
