package dev.physmem.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ViewCommandTest {

    @Test
    void writesThePageOfTheBuiltInMachineTitledAfterIt(@TempDir Path dir) throws IOException {
        Path page = dir.resolve("pc.html");

        CliRunner r = CliRunner.run("view", "-m", "4G", "-o", page.toString());

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("wrote " + page + "\n");
        assertThat(Files.readString(page)).startsWith("<!DOCTYPE html>")
                .contains("<title>physmem view: pc, 4 GiB</title>")
                .contains("\"start\":\"0000000100000000\",\"last\":\"000000013fffffff\",\"region\":\"pc.ram\"");
    }

    @Test
    void writesThePageOfAQemuDumpTitledAfterTheFile(@TempDir Path dir) throws IOException {
        Path state = CliRunner.GOLDEN.resolve("x86_64-q35-intel-iommu/running");
        Path page = dir.resolve("q35.html");

        CliRunner r = CliRunner.run("view", "--from-qemu", state.resolve("mtree-o-D.txt").toString(),
                "-o", page.toString());

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(Files.readString(page)).contains("/running/mtree-o-D.txt</title>")
                .contains("{\"name\":\"vtd-root\",\"root\":\"vtd-00.0\"}");
    }

    @Test
    void titleNamesTheMachineItsRamAndTheFirmwareThatRan() {
        CliRunner r = CliRunner.run("view", "--machine", "q35", "-m", "2G", "--firmware", "seabios", "-o", "-");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("<title>physmem view: q35, 2 GiB, after seabios</title>");
    }

    @Test
    void titleOfABoardFileIsItsPath() {
        String board = Path.of("..", "examples", "board-example.yaml").toString();

        CliRunner r = CliRunner.run("view", "--machine", board, "-o", "-");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("<title>physmem view: " + board + "</title>");
    }

    @Test
    void dashWritesThePageToStandardOutputWithTheTitleGiven() {
        CliRunner r = CliRunner.run("view", "-o", "-", "--title", "my <map>");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("<!DOCTYPE html>").contains("<title>my &lt;map&gt;</title>").endsWith("</html>\n");
    }

    @Test
    void outputIsRequired() {
        CliRunner r = CliRunner.run("view");

        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("Missing required option: '--output=FILE.html'");
    }

    @Test
    void unwritableOutputIsAnIoError(@TempDir Path dir) {
        CliRunner r = CliRunner.run("view", "-o", dir.resolve("no/such/dir/pc.html").toString());

        assertThat(r.exitCode()).isEqualTo(ExitCodes.IO);
        assertThat(r.err()).contains("no such file");
    }
}
