package dev.physmem.cli.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.physmem.models.x86.PamMode;
import dev.physmem.models.x86.X86Machine;
import org.junit.jupiter.api.Test;

class FlatViewChangesTest {

    @Test
    void nothingChangedIsSaidSo() {
        X86Machine pc = Transcript.machine("pc");
        assertThat(FlatViewChanges.snapshot(pc.system()).report()).isEqualTo("flat views unchanged\n");
    }

    @Test
    void addressSpacesWithTheSameChangesAreReportedTogether() {
        X86Machine pc = Transcript.machine("pc");
        pc.pciBus().function("PIIX3").setBusMaster(true);
        FlatViewChanges changes = FlatViewChanges.snapshot(pc.system());
        pc.hostBridge().setPam(0, PamMode.READ_WRITE);
        assertThat(changes.report()).isEqualTo("""
                address-space: memory, cpu-memory-0, cpu-smm-0, PIIX3
                  ~ 00000000000f0000-00000000000fffff pc.bios @0000000000030000 (rom) -> pc.ram @00000000000f0000 (ram)

                """);
    }
}
