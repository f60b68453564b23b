package dev.physmem.cli.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class MemoryDumpCommandTest {

    @Test
    void xpOfTheResetVectorReadsTheZeroFilledBiosRom() {
        assertThat(Transcript.pc("xp /4xw 0xffff0").out())
                .isEqualTo("00000000000ffff0: 0x00000000 0x00000000 0x00000000 0x00000000\n");
        assertThat(Transcript.pc("xp /4xw 0xfffffff0").out())
                .isEqualTo("00000000fffffff0: 0x00000000 0x00000000 0x00000000 0x00000000\n");
    }

    @Test
    void xpShowsWhatWasWrittenToRam() {
        Transcript t = Transcript.pc("stq 0x7c00 0x0123456789abcdef", "xp /2xw 0x7c00", "xp /8xb 0x7c00",
                "xp /1xg 0x7c00");
        assertThat(t.err()).isEmpty();
        assertThat(t.out()).isEqualTo("""
                0000000000007c00: 0x89abcdef 0x01234567
                0000000000007c00: 0xef 0xcd 0xab 0x89 0x67 0x45 0x23 0x01
                0000000000007c00: 0x0123456789abcdef
                """);
    }

    @Test
    void whatAFormatLeavesOutComesFromTheLastDumpAsInQemu() {
        Transcript t = Transcript.pc("stl 0x1000 0x44434241", "xp 0x1000", "xp /2ub 0x1000", "xp 0x1000",
                "xp /2x 0x1000");
        assertThat(t.out()).isEqualTo("""
                0000000000001000: 0x44434241
                0000000000001000:  65  66
                0000000000001000:  65
                0000000000001000: 0x41 0x42
                """);
    }

    @Test
    void anUnassignedAddressCannotBeAccessedAndTheResultIsShown() {
        assertThat(Transcript.pc("xp /4xw 0xe0000000").out())
                .isEqualTo("00000000e0000000: Cannot access memory (MEMTX_DECODE_ERROR)\n");
    }

    @Test
    void xpReadsTheAddressSpaceNamedByAs() {
        Transcript t = Transcript.pc("stb 0x3f8 0x41 --as memory", "xp /1xb 0x70 --as I/O", "xp --as nope 0");
        assertThat(t.out()).startsWith("0000000000000070: 0x");
        assertThat(t.err()).startsWith("no address space 'nope'; there are: memory, I/O, cpu-memory-0, cpu-smm-0");
    }

    @Test
    void xIsTheCpusViewWhichIsTheMemoryAddressSpace() {
        Transcript t = Transcript.pc("stl 0x5000 0xcafe", "x /1xw 0x5000", "x /1xw 0x5000 --as I/O");
        assertThat(t.out()).isEqualTo("0000000000005000: 0x0000cafe\n");
        // as in QEMU, "0x5000 --as" reads as the start of a subtraction
        assertThat(t.err()).isEqualTo("invalid char 'a' in expression\nTry \"help x\" for more information\n");
    }

    @Test
    void badFormatsGetQemusErrors() {
        assertThat(Transcript.pc("xp /4z 0").err()).isEqualTo("""
                invalid char in format: 'z'
                Try "help xp" for more information
                """);
        assertThat(Transcript.pc("xp /i 0").err()).startsWith("format 'i' (disassembly) is not supported\n");
    }

    @Test
    void theAddressIsAnExpression() {
        Transcript t = Transcript.pc("stb 0x10010 7", "xp /1ub 0x10000 + 0x10", "xp /1ub (0x10000|0x10)*1");
        assertThat(t.out()).isEqualTo("0000000000010010:   7\n0000000000010010:   7\n");
    }

    @Test
    void completesAddressSpaceNamesAfterAs() {
        Session s = Transcript.session(Transcript.pc());
        assertThat(MemoryDumpCommand.physical().complete(s, List.of("/4xw", "0", "--as"), ""))
                .contains("memory", "I/O", "cpu-smm-0", "PIIX3");
        assertThat(MemoryDumpCommand.physical().complete(s, List.of("0"), "-")).containsExactly("--as");
        assertThat(MemoryDumpCommand.virtual().complete(s, List.of("0"), "-")).isEmpty();
    }
}
