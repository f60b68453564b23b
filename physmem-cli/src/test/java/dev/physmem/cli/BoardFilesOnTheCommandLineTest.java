package dev.physmem.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.physmem.cli.board.BoardLoader;
import dev.physmem.mtree.MtreeOptions;
import dev.physmem.mtree.MtreePrinter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --machine FILE} and board files as {@code diff} operands: every verb works on a user's board. */
class BoardFilesOnTheCommandLineTest {
    private static final Path EXAMPLE = Path.of("..", "examples", "board-example.yaml");
    private static final Path PC_BOARD = Path.of("..", "examples", "pc-i440fx.yaml");

    @Test
    void mtreePrintsTheBoardFilesMachine() throws Exception {
        CliRunner r = CliRunner.run("mtree", "-o", "--machine", EXAMPLE.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo(MtreePrinter.print(BoardLoader.load(EXAMPLE), MtreeOptions.tree().withOwners()));
    }

    @Test
    void boardFileOfThePcMachinePrintsQemusFlatViews() throws Exception {
        CliRunner r = CliRunner.run("mtree", "-f", "--machine", PC_BOARD.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(CliRunner.blocks(r.out())).isEqualTo(CliRunner.blocks(
                Files.readString(CliRunner.GOLDEN.resolve("x86_64-pc/reset/mtree-f.txt"))));
    }

    @Test
    void explainAndLintWorkOnABoardFile() {
        CliRunner explain = CliRunner.run("explain", "0x40002012", "--machine", EXAMPLE.toString());
        assertThat(explain.exitCode()).as(explain.err()).isZero();
        assertThat(explain.out()).contains("timer.counter");
        CliRunner lint = CliRunner.run("lint", "--machine", EXAMPLE.toString());
        assertThat(lint.exitCode()).as(lint.err()).isIn(ExitCodes.OK, ExitCodes.FINDINGS);
    }

    @Test
    void diffTakesBoardFilesAndTheBuiltInPcEqualsItsBoardFile() {
        CliRunner r = CliRunner.run("diff", "pc:512M", PC_BOARD.toString());
        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(ExitCodes.OK);
        CliRunner other = CliRunner.run("diff", "pc:512M", EXAMPLE.toString());
        assertThat(other.exitCode()).as(other.err()).isEqualTo(ExitCodes.FINDINGS);
    }

    @Test
    void badBoardFileIsBadInputNamingFileLineAndField(@TempDir Path dir) throws Exception {
        Path board = dir.resolve("board.yaml");
        Files.writeString(board, """
                regions:
                  - {name: system, kind: container, size: big}
                address-spaces: [{name: memory, root: system}]
                """);
        CliRunner r = CliRunner.run("mtree", "--machine", board.toString());
        assertThat(r.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.err()).isEqualTo("physmem: " + board + ":2:43: field 'size': expected a size like 0x1000 or 4K,"
                + " got 'big'\n");
    }

    @Test
    void missingBoardFileIsAnIoError() {
        CliRunner r = CliRunner.run("mtree", "--machine", "/nonexistent/board.yaml");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.IO);
        assertThat(r.err()).contains("/nonexistent/board.yaml");
    }

    @Test
    void unknownMachineNameIsAUsageErrorListingTheMachines() {
        CliRunner r = CliRunner.run("mtree", "--machine", "q99");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("'q99'").contains("pc, q35");
    }

    @Test
    void ramSizeAndFirmwareGoWithBuiltInMachinesOnly() {
        CliRunner r = CliRunner.run("mtree", "--machine", EXAMPLE.toString(), "-m", "1G");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("-m and --firmware go with a built-in machine");
        CliRunner f = CliRunner.run("mtree", "--machine", EXAMPLE.toString(), "--firmware", "seabios");
        assertThat(f.exitCode()).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void builtInNamesStillSelectTheBuiltInMachines() {
        CliRunner r = CliRunner.run("mtree", "--machine", "pc", "-m", "1G", "-f");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("pc.ram");
        CliRunner q35 = CliRunner.run("mtree", "--machine", "q35", "-f");
        assertThat(q35.exitCode()).as(q35.err()).isZero();
        assertThat(q35.out()).contains("mch");
    }

    @Test
    void hostRefusingABoardsMemoryIsAHostFailure(@TempDir Path dir) throws Exception {
        Path board = dir.resolve("huge.yaml");
        Files.writeString(board, """
                regions: [{name: system, kind: ram, size: 4E}]
                address-spaces: [{name: memory, root: system}]
                """);
        CliRunner r = CliRunner.run("mtree", "--machine", board.toString());
        assertThat(r.exitCode()).isEqualTo(ExitCodes.HOST);
        assertThat(r.err()).contains(board + ":1:43: field 'size': the host cannot provide");
    }
}
