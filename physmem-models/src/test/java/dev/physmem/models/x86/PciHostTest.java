package dev.physmem.models.x86;

import static org.assertj.core.api.Assertions.assertThat;

import dev.physmem.MemorySystem;
import dev.physmem.attr.MemTxAttrs;
import dev.physmem.attr.MemTxResult;
import dev.physmem.space.MemTxResultHolder;
import dev.physmem.space.AddressSpace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Configuration mechanism #1 at ports 0xcf8/0xcfc, driven through the machine's I/O space. */
class PciHostTest {
    private final PcMachine pc = PcMachine.build(new MemorySystem(), 128L << 20);
    private final AddressSpace io = pc.ioSpace();

    private static int address(int devfn, int register) {
        return 0x8000_0000 | devfn << 8 | register;
    }

    @Test
    void dataPortReadsAllOnesAndDropsWritesWhileTheEnableBitIsClear() {
        io.stlLe(0xcf8, 0x0000_0000);
        assertThat(io.ldlLe(0xcfc)).isEqualTo(0xffff_ffff);
        assertThat(io.lduwLe(0xcfe)).isEqualTo(0xffff);
        io.stlLe(0xcfc, 0x1111_1111);
        io.stlLe(0xcf8, 0x0000_005c);
        io.stlLe(0xcfc, 0x3333_3333);
        assertThat(pc.i440fx().pam().readRegister(3)).isZero();
        assertThat(pc.i440fx().pamMode(5)).isEqualTo(PamMode.DISABLED);
    }

    @Test
    void addressPortKeepsOnlyWholeDwordWritesAndReadsBackWhatWasWritten() {
        io.stlLe(0xcf8, address(0x08, 0x00));
        io.stb(0xcf8, 0x55);
        io.stwLe(0xcfa, 0x1234);
        assertThat(io.ldlLe(0xcf8)).isEqualTo(address(0x08, 0x00));
        assertThat(io.ldub(0xcf8)).as("low byte of the register").isEqualTo(0x00);
        assertThat(io.lduwLe(0xcfa)).as("QEMU ignores the offset: the low word again").isEqualTo(0x0800);
    }

    @Test
    void theResetControlPortAtCf9LeavesTheWholeDwordAddressWriteToTheHostBridge() {
        io.stlLe(0xcf8, address(0x00, 0x00));
        assertThat(io.ldlLe(0xcfc)).isEqualTo(0x1237_8086);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "i440FX, 0x00, 0x12378086, 0x02, 0x060000, 0x00",
            "PIIX3, 0x08, 0x70008086, 0x00, 0x060100, 0x80",
            "piix3-ide, 0x09, 0x70108086, 0x00, 0x010180, 0x00",
            "PIIX4_PM, 0x0b, 0x71138086, 0x03, 0x068000, 0x00"})
    void pcFunctionsReportQemusIds(String name, int devfn, long ids, int revision, int classCode, int headerType) {
        io.stlLe(0xcf8, address(devfn, 0x00));
        assertThat(io.ldlLe(0xcfc) & 0xffff_ffffL).as(name).isEqualTo(ids);
        io.stlLe(0xcf8, address(devfn, 0x08));
        assertThat(io.ldlLe(0xcfc)).isEqualTo(classCode << 8 | revision);
        io.stlLe(0xcf8, address(devfn, 0x0c));
        assertThat(io.ldub(0xcfe)).isEqualTo(headerType);
        io.stlLe(0xcf8, address(devfn, 0x2c));
        assertThat(io.ldlLe(0xcfc)).as("QEMU's default subsystem").isEqualTo(0x1100_1af4);
    }

    @Test
    void absentFunctionsAndOtherBusesReadAllOnesAndIgnoreWrites() {
        io.stlLe(0xcf8, address(0x10, 0x00));
        assertThat(io.ldlLe(0xcfc)).isEqualTo(0xffff_ffff);
        io.stlLe(0xcfc, 0);
        io.stlLe(0xcf8, 0x8001_0000);
        assertThat(io.ldlLe(0xcfc)).as("bus 1").isEqualTo(0xffff_ffff);
        io.stlLe(0xcf8, address(0x0a, 0x00));
        assertThat(io.ldub(0xcfd)).as("01.2 is not there").isEqualTo(0xff);
    }

    @Test
    void bytesAndWordsOfTheDataPortSelectRegisterBytesByPortOffset() {
        io.stlLe(0xcf8, address(0x00, 0x00));
        assertThat(io.ldub(0xcfc)).isEqualTo(0x86);
        assertThat(io.ldub(0xcfd)).isEqualTo(0x80);
        assertThat(io.ldub(0xcfe)).isEqualTo(0x37);
        assertThat(io.ldub(0xcff)).isEqualTo(0x12);
        assertThat(io.lduwLe(0xcfe)).isEqualTo(0x1237);
    }

    @Test
    void theRegisterFieldsLowBitsAreOredWithThePortOffset() {
        io.stlLe(0xcf8, address(0x00, 0x02));
        assertThat(io.ldub(0xcfc)).as("register 2").isEqualTo(0x37);
        assertThat(io.ldub(0xcfd)).as("register 3").isEqualTo(0x12);
    }

    @Test
    void aDwordThatRunsPastTheSpaceIsCutAtItsEnd() {
        io.stlLe(0xcf8, address(0x00, 0xfe));
        pc.i440fx().function().configWrite(0xfc, 0xaabb_ccdd, 4);
        assertThat(io.ldlLe(0xcfc)).as("registers 0xfe, 0xff only").isEqualTo(0xaabb);
    }

    @Test
    void pamWritesThroughTheDataPortShadowTheBios() {
        io.stlLe(0xcf8, address(0x00, 0x58));
        io.stlLe(0xcfc, 0x0000_3000);
        assertThat(pc.i440fx().pamMode(0)).isEqualTo(PamMode.READ_WRITE);
        io.stb(0xcfd, 0x10);
        assertThat(pc.i440fx().pamMode(0)).isEqualTo(PamMode.READ_ONLY);
        assertThat(pc.memory().view().lookup(0xf_0000L).readonly()).isTrue();
    }

    @Test
    void unalignedDataPortAccessesFollowQemusAccessRules() {
        io.stlLe(0xcf8, address(0x00, 0x00));
        MemTxResultHolder result = new MemTxResultHolder();
        assertThat(io.lduwLe(0xcfd, MemTxAttrs.UNSPECIFIED, result)).as("an unaligned word is not valid").isZero();
        assertThat(result.get()).isEqualTo(MemTxResult.DECODE_ERROR);
        byte[] bytes = new byte[2];
        assertThat(io.read(0xcfd, MemTxAttrs.UNSPECIFIED, bytes, 0, 2)).isEqualTo(MemTxResult.OK);
        assertThat(bytes).as("a buffer read is cut into bytes: registers 1 and 2").containsExactly(0x80, 0x37);
        io.stwLe(0xcfd, 0xffff, MemTxAttrs.UNSPECIFIED, result);
        assertThat(result.get()).isEqualTo(MemTxResult.DECODE_ERROR);
        assertThat(io.ldlLe(0xcfc)).as("the invalid write changed nothing").isEqualTo(0x1237_8086);
    }

    @Test
    void aFourByteBufferWriteToCf8IsOneAddressWriteAsCpuOutlIs() {
        assertThat(io.write(0xcf8, MemTxAttrs.UNSPECIFIED, new byte[] {0x00, 0x0b, 0x00, (byte) 0x80}, 0, 4))
                .isEqualTo(MemTxResult.OK);
        byte[] data = new byte[4];
        io.read(0xcfc, MemTxAttrs.UNSPECIFIED, data, 0, 4);
        assertThat(data).as("PIIX4 PM's IDs").containsExactly(0x86, 0x80, 0x13, 0x71);
    }
}
