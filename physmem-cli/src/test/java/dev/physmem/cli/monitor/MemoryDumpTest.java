package dev.physmem.cli.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.physmem.MemorySystem;
import dev.physmem.region.Owner;
import java.lang.foreign.ValueLayout;
import dev.physmem.space.AddressSpace;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

class MemoryDumpTest {

    /** 64 KiB of RAM at 0 holding the bytes 0x00, 0x01, ... 0xff repeated. */
    private static AddressSpace counting(ByteOrder order) {
        MemorySystem system = new MemorySystem(order);
        var root = system.initContainer(Owner.UNATTACHED, "root", 1L << 32);
        var ram = system.initRam(Owner.UNATTACHED, "ram", 0x10000);
        for (int i = 0; i < 0x10000; i++) {
            ram.backing().set(ValueLayout.JAVA_BYTE, i, (byte) i);
        }
        root.addSubregion(0, ram);
        return system.addressSpace(root, "memory");
    }

    private static String dump(AddressSpace as, long addr, DumpFormat f) {
        StringWriter out = new StringWriter();
        MemoryDump.dump(new PrintWriter(out, true), as, addr, f, as.system().targetByteOrder());
        return out.toString();
    }

    @Test
    void printsSixteenBytesALineForWiderUnitsAndEightForBytes() {
        AddressSpace as = counting(ByteOrder.LITTLE_ENDIAN);
        assertThat(dump(as, 0x10, new DumpFormat(6, 'x', 4))).isEqualTo("""
                0000000000000010: 0x13121110 0x17161514 0x1b1a1918 0x1f1e1d1c
                0000000000000020: 0x23222120 0x27262524
                """);
        assertThat(dump(as, 0, new DumpFormat(10, 'x', 1))).isEqualTo("""
                0000000000000000: 0x00 0x01 0x02 0x03 0x04 0x05 0x06 0x07
                0000000000000008: 0x08 0x09
                """);
    }

    @Test
    void readsUnitsInTheTargetsByteOrder() {
        assertThat(dump(counting(ByteOrder.BIG_ENDIAN), 0x10, new DumpFormat(1, 'x', 4)))
                .isEqualTo("0000000000000010: 0x10111213\n");
    }

    @Test
    void padsDecimalAndOctalAsQemusPrintfDoes() {
        AddressSpace as = counting(ByteOrder.LITTLE_ENDIAN);
        assertThat(dump(as, 0xfe, new DumpFormat(2, 'u', 1))).isEqualTo("00000000000000fe: 254 255\n");
        assertThat(dump(as, 0xfe, new DumpFormat(2, 'd', 1))).isEqualTo("00000000000000fe: 254 255\n");
        assertThat(dump(as, 0, new DumpFormat(2, 'o', 1))).isEqualTo("0000000000000000:   0  01\n");
        assertThat(dump(as, 0, new DumpFormat(2, 'o', 2))).isEqualTo("0000000000000000:   0400  01402\n");
        assertThat(dump(as, 0xf8, new DumpFormat(1, 'd', 8)))
                .isEqualTo("00000000000000f8:     -283686952306184\n");
        assertThat(dump(as, 0xf8, new DumpFormat(1, 'u', 8)))
                .isEqualTo("00000000000000f8: 18446460386757245432\n");
    }

    @Test
    void characterFormatPrintsEveryByteOfTheRequestedUnits() {
        AddressSpace as = counting(ByteOrder.LITTLE_ENDIAN);
        assertThat(dump(as, 0x41, new DumpFormat(1, 'c', 4))).isEqualTo("0000000000000041: 'A' 'B' 'C' 'D'\n");
        assertThat(dump(as, 0x0a, new DumpFormat(1, 'c', 1))).isEqualTo("000000000000000a: '\\n'\n");
    }

    @Test
    void aLineThatCannotBeReadEndsTheDumpWithItsResult() {
        AddressSpace as = counting(ByteOrder.LITTLE_ENDIAN);
        assertThat(dump(as, 0xfff0, new DumpFormat(8, 'x', 4))).isEqualTo("""
                000000000000fff0: 0xf3f2f1f0 0xf7f6f5f4 0xfbfaf9f8 0xfffefdfc
                0000000000010000: Cannot access memory (MEMTX_DECODE_ERROR)
                """);
    }

    @Test
    void printsCharactersAsQemusMonitorPrintcDoes() {
        assertThat(MemoryDump.character('A')).isEqualTo("'A'");
        assertThat(MemoryDump.character('\'')).isEqualTo("'\\''");
        assertThat(MemoryDump.character('\\')).isEqualTo("'\\\\'");
        assertThat(MemoryDump.character('\r')).isEqualTo("'\\r'");
        assertThat(MemoryDump.character(0)).isEqualTo("'\\x00'");
        assertThat(MemoryDump.character(0xff)).isEqualTo("'\\xff'");
    }

    @Test
    void fieldWidthsAreQemus() {
        assertThat(MemoryDump.digits('x', 4)).isEqualTo(8);
        assertThat(MemoryDump.digits('o', 1)).isEqualTo(3);
        assertThat(MemoryDump.digits('o', 8)).isEqualTo(22);
        assertThat(MemoryDump.digits('u', 1)).isEqualTo(3);
        assertThat(MemoryDump.digits('d', 4)).isEqualTo(10);
        assertThat(MemoryDump.digits('d', 8)).isEqualTo(20);
    }
}
