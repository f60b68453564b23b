package dev.physmem.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class MonitorCommandTest {

    /** Runs {@code physmem monitor ARGS} in process with {@code input} as its (piped) standard input. */
    private static CliRunner monitor(String input, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var command = new MonitorCommand(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)));
        CommandLine cl = new CommandLine(command);
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        cl.setExecutionExceptionHandler(ExitCodes::onException);
        cl.setParameterExceptionHandler(ExitCodes::onUsageError);
        int code = cl.execute(args);
        return new CliRunner(code, out.toString(), err.toString());
    }

    @Test
    void infoMtreeFlatPrintsWhatTheMtreeVerbPrints() {
        CliRunner r = monitor("info mtree -f\n");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).isEqualTo(CliRunner.run("mtree", "-f").out());
    }

    @Test
    void theMapOptionsAreTheMtreeVerbs() {
        CliRunner r = monitor("info mtree -f -o\n", "--machine", "q35", "-m", "2G", "--firmware", "seabios");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo(
                CliRunner.run("mtree", "-f", "-o", "--machine", "q35", "-m", "2G", "--firmware", "seabios").out());
    }

    @Test
    void aQemuDumpCanBeInspectedButHasNoChipsetToProgram() {
        String dump = CliRunner.GOLDEN.resolve("x86_64-pc/reset/mtree-o-D.txt").toString();
        CliRunner r = monitor("info mtree -f\npam 0xc0000 rw\nxp /1xw 0\n", "--from-qemu", dump);
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).startsWith(CliRunner.run("mtree", "-f", "--from-qemu", dump).out())
                .endsWith("0000000000000000: 0x00000000\n");
        assertThat(r.err()).isEqualTo(
                "pam: the QEMU dump mtree-o-D.txt has no x86 chipset to program; pc and q35 have one (--machine pc or q35)\n");
    }

    @Test
    void aVirtMachineCanBeInspectedAndWrittenButHasNoChipsetToProgram() {
        CliRunner r = monitor("info mtree -f\nstl 0x40000000 0x12345678\nxp /1xw 0x40000000\npam 0xc0000 rw\n",
                "--machine", "virt-aarch64");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).startsWith(CliRunner.run("mtree", "-f", "--machine", "virt-aarch64").out())
                .endsWith("0000000040000000: 0x12345678\n");
        assertThat(r.err()).startsWith("pam: virt-aarch64, 1 GiB has no x86 chipset to program");
    }

    @Test
    void aBoardFileCanBeInspectedButHasNoChipsetToProgram() {
        String board = Path.of("..", "examples", "board-example.yaml").toString();
        CliRunner r = monitor("info mtree\nsmram open\n", "--machine", board);
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo(CliRunner.run("mtree", "--machine", board).out());
        assertThat(r.err()).isEqualTo("smram: the board file board-example.yaml has no x86 chipset to program; "
                + "pc and q35 have one (--machine pc or q35)\n");
    }

    @Test
    void aBoardFileTakesNoRamSize() {
        CliRunner r = monitor("", "--machine", Path.of("..", "examples", "board-example.yaml").toString(), "-m", "1G");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void errorsInCommandsLeaveTheExitStatusZero() {
        CliRunner r = monitor("frob\ninfo mtree -o -f\nquit\n");
        assertThat(r.exitCode()).isZero();
        assertThat(r.err()).isEqualTo("""
                unknown command: 'frob'
                mtree: unsupported option -f
                Try "help info mtree" for more information
                """);
    }

    @Test
    void theEndOfInputEndsTheMonitor() {
        CliRunner r = monitor("");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).isEmpty();
    }

    @Test
    void badMapOptionsAreUsageErrors() {
        CliRunner r = monitor("", "--hints", "hints.txt");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("--hints goes with --from-qemu");
    }

    @Test
    void theMonitorIsAVerbOfPhysmem() {
        assertThat(CliRunner.run("--help").out()).contains("monitor");
        CliRunner help = CliRunner.run("monitor", "--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("--history=FILE", "--machine=NAME", "--from-qemu=DUMP");
    }
}
