package dev.physmem.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MtreeCommandTest {
    private static final Path PC_RESET = CliRunner.GOLDEN.resolve("x86_64-pc/reset");

    @ParameterizedTest(name = "physmem mtree {0} = QEMU {1}")
    @CsvSource({
        "'-f',      mtree-f.txt",
        "'-f -o',   mtree-f-o.txt",
        "'',        mtree.txt",
        "'-o',      mtree-o.txt",
        "'-D',      mtree-D.txt",
        "'-o -D',   mtree-o-D.txt"
    })
    void builtInPcMachineMatchesQemusResetCapture(String flags, String golden) throws IOException {
        String[] args = ("mtree " + flags).trim().split(" +");
        CliRunner r = CliRunner.run(args);
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(CliRunner.blocks(r.out()))
                .isEqualTo(CliRunner.blocks(Files.readString(PC_RESET.resolve(golden))));
    }

    @ParameterizedTest(name = "physmem mtree {0} = QEMU {1}/{2}/{3}")
    @CsvSource({
        "'--machine pc -m 512M -f --firmware seabios',    x86_64-pc,  running, mtree-f.txt",
        "'--machine q35 -m 2G -f',                        x86_64-q35, reset,   mtree-f.txt",
        "'--machine q35 -m 2G -f -o --firmware seabios',  x86_64-q35, running, mtree-f-o.txt",
        "'--machine q35 -m 2G -o -D --firmware seabios',  x86_64-q35, running, mtree-o-D.txt",
        "'--machine pc+vga -o -D',                        x86_64-pc-vga, reset, mtree-o-D.txt",
        "'--machine pc+vga -f --firmware seabios',        x86_64-pc-vga, running, mtree-f.txt",
        "'--machine pc:512M+vga+seabios -f -o',           x86_64-pc-vga, running, mtree-f-o.txt",
        "'--machine q35:1G+intel-iommu+virtio-net -o -D', x86_64-q35-intel-iommu, reset, mtree-o-D.txt",
        "'--machine q35:1G+intel-iommu+virtio-net+seabios -f -o', x86_64-q35-intel-iommu, running, mtree-f-o.txt",
        "'--machine virt-aarch64 -o -D',                  aarch64-virt, reset, mtree-o-D.txt",
        "'--machine virt-aarch64:1G -f -o',               aarch64-virt, reset, mtree-f-o.txt",
        "'--machine virt-riscv64 -m 512M -o -D',          riscv64-virt, reset, mtree-o-D.txt",
        "'--machine virt-riscv64 -f -o',                  riscv64-virt, running, mtree-f-o.txt",
    })
    void builtInMachinesWithAndWithoutSeaBiosMatchQemusCaptures(String flags, String machine, String state,
            String golden) throws IOException {
        CliRunner r = CliRunner.run(("mtree " + flags).split(" +"));
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(CliRunner.blocks(r.out()))
                .isEqualTo(CliRunner.blocks(Files.readString(CliRunner.GOLDEN.resolve(machine, state, golden))));
    }

    @Test
    void firmwareGoesWithABuiltInMachineOnly() {
        Path dump = CliRunner.GOLDEN.resolve("x86_64-pc/reset/mtree-o-D.txt");
        CliRunner r = CliRunner.run("mtree", "--from-qemu", dump.toString(), "--firmware", "seabios");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("--firmware");
    }

    @Test
    void importedQemuDumpRendersItsFlatViews() throws IOException {
        Path dir = CliRunner.GOLDEN.resolve("x86_64-q35/running");
        CliRunner r = CliRunner.run("mtree", "--from-qemu", dir.resolve("mtree-o-D.txt").toString(),
                "--hints", dir.resolve("hints.txt").toString(), "-f");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(CliRunner.blocks(r.out())).isEqualTo(CliRunner.blocks(Files.readString(dir.resolve("mtree-f.txt"))));
    }

    @Test
    void missingDumpIsAnIoErrorNamingTheFile() {
        CliRunner r = CliRunner.run("mtree", "--from-qemu", "/nonexistent/dump.txt");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.IO);
        assertThat(r.err()).contains("/nonexistent/dump.txt");
    }

    @Test
    void malformedDumpIsBadInputNamingTheLine(@TempDir Path tmp) throws IOException {
        Path dump = tmp.resolve("dump.txt");
        Files.writeString(dump, "address-space: memory\n  0000000000000000-zzzz (prio 0, i/o): system\n\n");
        CliRunner r = CliRunner.run("mtree", "--from-qemu", dump.toString());
        assertThat(r.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.err()).contains("line 2");
    }

    @Test
    void aMachineWordAndAnOptionGivingTheSamePartIsAUsageError() {
        CliRunner r = CliRunner.run("mtree", "--machine", "pc+vga+seabios", "--firmware", "none");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("pc+vga+seabios").contains("--firmware");
        CliRunner unknown = CliRunner.run("mtree", "--machine", "pc+cirrus");
        assertThat(unknown.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(unknown.err()).contains("devices: [intel-iommu,vga,virtio-net]");
    }

    @Test
    void theVirtMachinesTakeNeitherDevicesNorSeaBios() {
        CliRunner device = CliRunner.run("mtree", "--machine", "virt-aarch64+vga");
        assertThat(device.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(device.err()).contains("virt-aarch64+vga").contains("pc and q35 only");
        CliRunner firmware = CliRunner.run("mtree", "--machine", "virt-riscv64", "--firmware", "seabios");
        assertThat(firmware.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(firmware.err()).contains("machine=virt-riscv64");
        CliRunner ram = CliRunner.run("mtree", "--machine", "virt-riscv64:15G");
        assertThat(ram.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(ram.err()).contains("riscv_virt_board.ram").contains("virt-riscv64:");
    }

    @Test
    void anIntelIommuOnThePcMachineIsAUsageError() {
        CliRunner r = CliRunner.run("mtree", "--machine", "pc+intel-iommu");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("intel-iommu needs the q35 machine").contains("pc+intel-iommu");
    }

    @Test
    void badRamSizeIsAUsageError() {
        CliRunner r = CliRunner.run("mtree", "-m", "lots");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("lots");
    }

    @Test
    void importAndBuiltInMachineExcludeEachOther() {
        CliRunner r = CliRunner.run("mtree", "--from-qemu", "x.txt", "--machine", "pc");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("exclude each other");
    }

    @Test
    void helpShowsExamples() {
        CliRunner r = CliRunner.run("mtree", "--help");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("Examples:").contains("--from-qemu");
    }
}
