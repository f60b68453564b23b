package dev.physmem.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MigrateCommandTest {
    @TempDir
    Path dir;

    @Test
    void aPcStreamWrittenToAFileLoadsIntoAPcBuiltTheSameWay() {
        Path file = dir.resolve("pc.mig");
        CliRunner sent = CliRunner.run("migrate", "--machine", "pc", "-m", "64M", "--to", file.toString());
        assertThat(sent.exitCode()).as(sent.err()).isZero();
        assertThat(sent.out()).startsWith("sent 6 blocks, ").contains(" to " + file).contains(" bytes");

        CliRunner loaded = CliRunner.run("migrate", "--machine", "pc", "-m", "64M", "--from", file.toString());
        assertThat(loaded.exitCode()).as(loaded.err()).isZero();
        assertThat(loaded.out()).startsWith("loaded 6 blocks, ").contains(" from " + file);
    }

    @Test
    void aStreamOfAnotherRamSizeIsBadInputNamingTheBlockAndOffset() {
        Path file = dir.resolve("pc.mig");
        assertThat(CliRunner.run("migrate", "-m", "64M", "--to", file.toString()).exitCode()).isZero();
        CliRunner r = CliRunner.run("migrate", "-m", "128M", "--from", file.toString());
        assertThat(r.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.err()).startsWith("physmem: RAM migration stream offset=")
                .contains("of block idstr=pc.ram (not resizeable) but found usedLength=0x4000000");
    }

    @Test
    void aTruncatedStreamIsBadInputSayingWhereItEnded() throws IOException {
        Path file = dir.resolve("pc.mig");
        assertThat(CliRunner.run("migrate", "-m", "64M", "--to", file.toString()).exitCode()).isZero();
        byte[] all = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(all, all.length - 1));
        CliRunner r = CliRunner.run("migrate", "-m", "64M", "--from", file.toString());
        assertThat(r.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.err()).contains("offset=" + (all.length - 1) + ": expected end marker EOF but found end of stream");
    }

    @Test
    void aBoardFileHasNoMigratableRamAndBothDirectionsAtOnceAreRefused() {
        CliRunner board = CliRunner.run("migrate", "--machine", "../examples/board-example.yaml",
                "--to", dir.resolve("b.mig").toString());
        assertThat(board.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(board.err()).contains("no RAM registered for migration");
        CliRunner both = CliRunner.run("migrate", "--to", "a", "--from", "b");
        assertThat(both.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(CliRunner.run("migrate").exitCode()).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void aMissingFileIsAnIoError() {
        CliRunner r = CliRunner.run("migrate", "--from", dir.resolve("none.mig").toString());
        assertThat(r.exitCode()).isEqualTo(ExitCodes.IO);
    }
}
