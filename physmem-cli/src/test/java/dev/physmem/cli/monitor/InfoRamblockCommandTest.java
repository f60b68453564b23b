package dev.physmem.cli.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class InfoRamblockCommandTest {

    @Test
    void printsWhatQemuPrintedForThePcMachine() throws IOException {
        // The capture ends with an empty line that QEMU's text does not have.
        String golden = Files.readString(Path.of("../physmem-core/src/test/resources/qemu-7.2/x86_64-pc/reset/ramblock.txt"));
        Transcript t = Transcript.pc("info ramblock");
        assertThat(t.err()).isEmpty();
        assertThat(t.out()).isEqualTo(golden.substring(0, golden.length() - 1));
    }

    @Test
    void takesNoArguments() {
        assertThat(Transcript.pc("info ramblock pc.ram").err()).isNotEmpty();
    }
}
