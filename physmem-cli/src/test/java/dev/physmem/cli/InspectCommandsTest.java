package dev.physmem.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class InspectCommandsTest {

    @Test
    void explainShowsTheAliasPathToRamBehindTheVgaHole() {
        CliRunner r = CliRunner.run("explain", "0xa0000");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out())
                .contains("alias smram-region @pci")
                .contains("container with nothing here")
                .contains("=> pc.ram @0x00000000000a0000 (ram)");
    }

    @Test
    void explainInAnotherAddressSpace() {
        CliRunner r = CliRunner.run("explain", "0x71", "--as", "I/O");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("=> rtc @0x0000000000000001 (i/o)");
    }

    @Test
    void explainNamesTheAddressSpacesWhenTheOneAskedForIsMissing() {
        CliRunner r = CliRunner.run("explain", "0x0", "--as", "nope");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("no address space 'nope'").contains("I/O");
    }

    @Test
    void explainRejectsAnAddressThatIsNotOne() {
        CliRunner r = CliRunner.run("explain", "0xzz");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("not an address");
    }

    @Test
    void lintOfThePcMachineReportsItsHiddenAndUnreachableRegions() {
        CliRunner r = CliRunner.run("lint");
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).containsPattern("\\d+ findings?\n$");
        assertThat(r.exitCode()).isIn(ExitCodes.OK, ExitCodes.FINDINGS);
    }

    @Test
    void diffOfTwoRamSizesShowsTheRamThatMoved() {
        CliRunner r = CliRunner.run("diff", "pc:512M", "pc:4G");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.FINDINGS);
        assertThat(r.out()).contains("address-space: memory")
                .contains("  + 0000000020000000-00000000bfffffff pc.ram @0000000020000000 (ram)")
                .contains("  + 0000000100000000-000000013fffffff pc.ram @00000000c0000000 (ram)");
    }

    @Test
    void diffOfAMapWithItselfIsEmpty() {
        CliRunner r = CliRunner.run("diff", "pc", "pc:512M");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).isEqualTo("no differences\n");
    }

    @Test
    void diffOfTheModelAgainstQemusOwnDumpIsEmpty() {
        String dump = CliRunner.GOLDEN.resolve("x86_64-pc/reset/mtree-o-D.txt").toString();
        CliRunner r = CliRunner.run("diff", "pc", dump);
        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
    }

    @Test
    void diffOfTheQ35ModelAfterSeaBiosAgainstQemusRunningDumpIsEmpty() {
        String dump = CliRunner.GOLDEN.resolve("x86_64-q35/running/mtree-o-D.txt").toString();
        CliRunner r = CliRunner.run("diff", "q35:2G+seabios", dump);
        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).isEqualTo("no differences\n");
    }

    @Test
    void diffOfThePcWithVgaAfterSeaBiosAgainstQemusRunningDumpIsEmptyAndTheVgaIsTheDifferenceToPlainPc() {
        String dump = CliRunner.GOLDEN.resolve("x86_64-pc-vga/running/mtree-o-D.txt").toString();
        CliRunner same = CliRunner.run("diff", "pc+vga+seabios", dump);
        assertThat(same.exitCode()).as(same.out() + same.err()).isZero();
        CliRunner r = CliRunner.run("diff", "pc+seabios", "pc+vga+seabios");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.FINDINGS);
        assertThat(r.out()).contains("vga.vram").contains("vga-lowmem").contains("bochs dispi interface");
    }

    @Test
    void diffRejectsAnUnknownMap() {
        CliRunner r = CliRunner.run("diff", "pc", "vax");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("not a built-in machine or a file: 'vax'");
    }
}
