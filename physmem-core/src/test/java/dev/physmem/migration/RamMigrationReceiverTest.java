package dev.physmem.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.physmem.MemorySystem;
import dev.physmem.ram.RamBlock;
import dev.physmem.region.RamRegion;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.nio.channels.Pipe;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/** Loading: whole machines byte for byte, and a clear error for every malformed stream. */
class RamMigrationReceiverTest {
    private static final int PAGE = RamStreamFormat.PAGE_SIZE;

    /** The regions of the systems made here: a RAM block lives only as long as its region is reachable. */
    private final List<RamRegion> keep = new ArrayList<>();

    // ---------------------------------------------------------------- whole migrations

    @RepeatedTest(4)
    void aMachineLikeLayoutArrivesByteForByteAndTheResizeableBlockTakesTheSourceLength() throws IOException {
        long seed = System.nanoTime();
        String context = "seed=" + seed;
        MigrationLayout src = new MigrationLayout();
        src.acpi.ramBlock().orElseThrow().resize(MigrationLayout.ACPI_SIZE + 3 * PAGE);
        src.fillRandom(new SplittableRandom(seed));
        MigrationLayout dst = new MigrationLayout();
        dst.fillRandom(new SplittableRandom(~seed)); // stale contents everywhere, zero pages included

        byte[] stream = MigrationLayout.migrate(src.sys);
        MigrationLoad loaded = MigrationLayout.load(dst.sys, stream);

        MigrationLayout.assertSameRam(src.sys, dst.sys, context);
        assertThat(dst.acpi.size()).as(context).isEqualTo(MigrationLayout.ACPI_SIZE + 3 * PAGE);
        assertThat(loaded.blocks()).as(context).isEqualTo(4);
        assertThat(loaded.bytes()).as(context).isEqualTo(stream.length);
    }

    /** Sender and receiver on two threads joined by a pipe: the receiver loads as the passes arrive. */
    @Test
    void aMigrationStreamsThroughAPipeWhileItIsSent() throws Exception {
        long seed = System.nanoTime();
        MigrationLayout src = new MigrationLayout();
        src.fillRandom(new SplittableRandom(seed));
        MigrationLayout dst = new MigrationLayout();
        Pipe pipe = Pipe.open();
        CompletableFuture<MigrationLoad> loading = CompletableFuture.supplyAsync(() -> {
            try (var in = pipe.source()) {
                return new RamMigrationReceiver(dst.sys, in).load();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        try (var out = pipe.sink()) {
            RamMigrationSender sender = new RamMigrationSender(src.sys, out);
            sender.setup();
            sender.iterate();
            src.memory.stqLe(0x3000, seed);
            src.smm.stqLe(MigrationLayout.SMRAM_BASE, ~seed);
            sender.iterate();
            src.memory.stqLe(0x5000, seed);
            sender.complete();
        }
        MigrationLoad loaded = loading.get(30, TimeUnit.SECONDS);
        assertThat(loaded.pages()).as("seed=%d", seed).isEqualTo(src.sys.ramBlocks().migratableBlocks().stream()
                .mapToLong(b -> b.usedLength() / PAGE).sum() + 3);
        MigrationLayout.assertSameRam(src.sys, dst.sys, "seed=" + seed);
    }

    @Test
    void aZeroRecordOverwritesStaleBytesWithItsFillByte() throws IOException {
        MemorySystem dst = small();
        RamBlock a = block(dst, "a");
        a.host().fill((byte) 0x77);
        byte[] stream = new Wire().startSection(blockA(), blockB(), blockR())
                .section(RamStreamFormat.SECTION_END)
                .word(PAGE | RamStreamFormat.ZERO).idstr("a").u8(0)
                .word(0 | RamStreamFormat.ZERO | RamStreamFormat.CONTINUE).u8(0x11)
                .word(RamStreamFormat.EOS).u8(RamStreamFormat.SECTION_EOF).bytes();
        MigrationLoad loaded = MigrationLayout.load(dst, stream);
        assertThat(loaded.zeroPages()).isEqualTo(2);
        assertThat(a.host().asSlice(PAGE, PAGE).mismatch(MemorySegment.ofArray(new byte[PAGE]))).isEqualTo(-1L);
        byte[] filled = new byte[PAGE];
        Arrays.fill(filled, (byte) 0x11);
        assertThat(a.host().asSlice(0, PAGE).mismatch(MemorySegment.ofArray(filled))).isEqualTo(-1L);
    }

    // ---------------------------------------------------------------- truncation

    @Test
    void aStreamCutAtAnyByteSaysWhereItEndedAndWhatWasExpected() throws IOException {
        MemorySystem src = small();
        SplittableRandom rnd = new SplittableRandom(3);
        for (RamBlock b : src.ramBlocks().migratableBlocks()) {
            byte[] data = new byte[(int) b.usedLength()];
            rnd.nextBytes(data);
            data[0] = 0;
            MemorySegment.copy(MemorySegment.ofArray(data), 0, b.host(), 0, data.length);
            b.host().asSlice(0, PAGE).fill((byte) 0); // one zero page per block
        }
        byte[] stream = MigrationLayout.migrate(src);
        MemorySystem dst = small();
        MigrationLayout.load(dst, stream); // the whole stream loads
        for (int cut = 0; cut < stream.length; cut++) {
            byte[] head = Arrays.copyOf(stream, cut);
            MigrationStreamException e = catchThrowableOfType(MigrationStreamException.class,
                    () -> MigrationLayout.load(dst, head));
            assertThat(e).as("cut=%d", cut).isNotNull();
            assertThat(e.found()).as("cut=%d", cut).isEqualTo("end of stream");
            assertThat(e.offset()).as("cut=%d", cut).isBetween((long) Math.max(0, cut - PAGE), (long) cut);
            assertThat(e.expected()).as("cut=%d", cut).isNotBlank();
            assertThat(e.getMessage()).as("cut=%d", cut).startsWith("RAM migration stream offset=" + e.offset() + ": expected ");
        }
    }

    // ---------------------------------------------------------------- header and sections

    @Test
    void aWrongMagicVersionOrPageSizeIsNamed() {
        assertThatThrownBy(() -> MigrationLayout.load(small(), new Wire().u32(0x5145564d).bytes()))
                .isInstanceOf(MigrationStreamException.class)
                .hasMessage("RAM migration stream offset=0: expected magic 0x50484d47 but found 0x5145564d");
        assertThatThrownBy(() -> MigrationLayout.load(small(), new Wire().u32(RamStreamFormat.MAGIC).u32(2).bytes()))
                .hasMessage("RAM migration stream offset=4: expected version 1 but found version 2");
        assertThatThrownBy(() -> MigrationLayout.load(small(),
                new Wire().u32(RamStreamFormat.MAGIC).u32(1).u32(65536).bytes()))
                .hasMessage("RAM migration stream offset=8: expected page size 4096 but found page size 65536");
    }

    @Test
    void sectionsOutOfOrderAreRefused() {
        assertThatThrownBy(() -> MigrationLayout.load(small(), new Wire().header().section(RamStreamFormat.SECTION_PART).bytes()))
                .hasMessage("RAM migration stream offset=12: expected START section but found tag PART");
        Wire noEnd = new Wire().startSection(blockA(), blockB(), blockR());
        int at = noEnd.size();
        assertThatThrownBy(() -> MigrationLayout.load(small(), noEnd.u8(RamStreamFormat.SECTION_EOF).bytes()))
                .hasMessage("RAM migration stream offset=" + at + ": expected section tag PART or END but found tag EOF");
        Wire afterEnd = new Wire().startSection(blockA(), blockB(), blockR())
                .section(RamStreamFormat.SECTION_END).word(RamStreamFormat.EOS);
        int end = afterEnd.size();
        assertThatThrownBy(() -> MigrationLayout.load(small(), afterEnd.section(RamStreamFormat.SECTION_PART).bytes()))
                .hasMessage("RAM migration stream offset=" + end + ": expected end marker EOF but found tag PART");
    }

    // ---------------------------------------------------------------- the block list

    @Test
    void anUnknownBlockIsNamed() {
        Wire w = new Wire().header().section(RamStreamFormat.SECTION_START)
                .word(PAGE | RamStreamFormat.MEM_SIZE).u32(1);
        int at = w.size();
        assertThatThrownBy(() -> MigrationLayout.load(small(), w.idstr("vga.vram").u64(PAGE).bytes()))
                .hasMessage("RAM migration stream offset=" + at
                        + ": expected idstr of a RAM block of the destination but found unknown block idstr=vga.vram");
    }

    @Test
    void aLengthMismatchOfAFixedBlockIsNamed() {
        Wire w = new Wire().header().section(RamStreamFormat.SECTION_START)
                .word(4 * PAGE | RamStreamFormat.MEM_SIZE).u32(1).idstr("a");
        int at = w.size();
        assertThatThrownBy(() -> MigrationLayout.load(small(), w.u64(4 * PAGE).bytes()))
                .hasMessage("RAM migration stream offset=" + at
                        + ": expected usedLength=0x2000 of block idstr=a (not resizeable) but found usedLength=0x4000");
    }

    @Test
    void aResizeableBlockIsResizedButNotPastItsMaxLength() throws IOException {
        MemorySystem dst = small();
        byte[] grown = new Wire().startSection(blockA(), blockB(), new long[] {'r', 3 * PAGE})
                .section(RamStreamFormat.SECTION_END).word(RamStreamFormat.EOS).u8(RamStreamFormat.SECTION_EOF).bytes();
        MigrationLayout.load(dst, grown);
        assertThat(block(dst, "r").usedLength()).isEqualTo(3 * PAGE);
        Wire w = new Wire().header().section(RamStreamFormat.SECTION_START)
                .word(8 * PAGE | RamStreamFormat.MEM_SIZE).u32(1).idstr("r");
        int at = w.size();
        assertThatThrownBy(() -> MigrationLayout.load(small(), w.u64(8 * PAGE).bytes()))
                .hasMessage("RAM migration stream offset=" + at
                        + ": expected usedLength at most maxLength=0x4000 of block idstr=r but found usedLength=0x8000");
    }

    @Test
    void aBlockListedTwiceOrAWrongTotalIsRefused() {
        assertThatThrownBy(() -> MigrationLayout.load(small(), new Wire().startSection(blockA(), blockA()).bytes()))
                .hasMessageContaining("expected each block listed once but found second entry for idstr=a");
        Wire w = new Wire().header().section(RamStreamFormat.SECTION_START);
        int at = w.size();
        assertThatThrownBy(() -> MigrationLayout.load(small(),
                w.word(PAGE | RamStreamFormat.MEM_SIZE).u32(1).idstr("a").u64(2 * PAGE).word(RamStreamFormat.EOS).bytes()))
                .hasMessage("RAM migration stream offset=" + at
                        + ": expected MEM_SIZE total equal to the sum of used lengths 0x2000 but found total=0x1000");
    }

    // ---------------------------------------------------------------- page records

    @Test
    void recordsWithBadFlagsOrOutsideTheirBlockAreNamed() {
        assertThat(recordError(0x40 | RamStreamFormat.PAGE, "a"))
                .isEqualTo("expected record flags among ZERO|PAGE|EOS|CONTINUE (0x3e) but found unknown flags 0x40 in word=0x48");
        assertThat(recordError(0x1 | RamStreamFormat.ZERO, "a"))
                .isEqualTo("expected record flags among ZERO|PAGE|EOS|CONTINUE (0x3e) but found unknown flags 0x1 in word=0x3");
        assertThat(recordError(RamStreamFormat.MEM_SIZE, "a"))
                .isEqualTo("expected one of PAGE, ZERO, EOS (CONTINUE only with PAGE or ZERO) but found flags=0x4");
        assertThat(recordError(RamStreamFormat.PAGE | RamStreamFormat.ZERO, "a"))
                .isEqualTo("expected one of PAGE, ZERO, EOS (CONTINUE only with PAGE or ZERO) but found flags=0xa");
        assertThat(recordError(RamStreamFormat.EOS | RamStreamFormat.CONTINUE, "a"))
                .isEqualTo("expected one of PAGE, ZERO, EOS (CONTINUE only with PAGE or ZERO) but found flags=0x30");
        assertThat(recordError(PAGE | RamStreamFormat.EOS, "a"))
                .isEqualTo("expected EOS word with no offset but found word=0x1010");
        assertThat(recordError(RamStreamFormat.PAGE | RamStreamFormat.CONTINUE, "a"))
                .isEqualTo("expected an idstr on the first page of a section but found CONTINUE without a previous page");
        assertThat(recordError(2L * PAGE | RamStreamFormat.PAGE, "a"))
                .isEqualTo("expected page offset below usedLength=0x2000 of block idstr=a but found offset=0x2000");
        assertThat(recordError(0x8000_0000_0000_0000L | RamStreamFormat.ZERO, "b"))
                .isEqualTo("expected page offset below usedLength=0x1000 of block idstr=b but found offset=0x8000000000000000");
    }

    @Test
    void aPageOfABlockOutsideTheListIsRefused() {
        MemorySystem dst = small();
        Wire w = new Wire().startSection(blockA()).section(RamStreamFormat.SECTION_END).word(RamStreamFormat.PAGE);
        int at = w.size();
        assertThatThrownBy(() -> MigrationLayout.load(dst, w.idstr("b").bytes()))
                .hasMessage("RAM migration stream offset=" + at
                        + ": expected idstr of a block in the block list but found unknown block idstr=b");
    }

    /** Every single-bit change of a record's flags is a stream error, never another exception or a stray write. */
    @Test
    void flippingAnyFlagBitOfAnyRecordGivesAStreamError() {
        Wire base = new Wire().startSection(blockA(), blockB(), blockR()).section(RamStreamFormat.SECTION_PART);
        int[] words = new int[5];
        words[0] = base.size();
        base.word(RamStreamFormat.PAGE).idstr("a").page((byte) 1);
        words[1] = base.size();
        base.word(PAGE | RamStreamFormat.ZERO | RamStreamFormat.CONTINUE).u8(0);
        words[2] = base.size();
        base.word(RamStreamFormat.PAGE).idstr("b").page((byte) 2);
        words[3] = base.size();
        base.word(RamStreamFormat.EOS).section(RamStreamFormat.SECTION_END);
        words[4] = base.size();
        byte[] good = base.word(RamStreamFormat.EOS).u8(RamStreamFormat.SECTION_EOF).bytes();
        for (int w : words) {
            for (int bit = 0; bit < 12; bit++) {
                byte[] bad = good.clone();
                bad[w + 7 - bit / 8] ^= (byte) (1 << (bit % 8));
                MemorySystem dst = small();
                int word = w;
                int flipped = bit;
                assertThatThrownBy(() -> MigrationLayout.load(dst, bad)).as("word at %d, bit %d", word, flipped)
                        .isInstanceOf(MigrationStreamException.class);
            }
        }
    }

    // ---------------------------------------------------------------- helpers

    /** The message (without the offset prefix) of a PART section holding one record {@code word} with {@code idstr}. */
    private String recordError(long word, String idstr) {
        Wire w = new Wire().startSection(blockA(), blockB(), blockR()).section(RamStreamFormat.SECTION_PART);
        int at = w.size();
        byte[] stream = w.word(word).idstr(idstr).page((byte) 9).bytes();
        MigrationStreamException e = catchThrowableOfType(MigrationStreamException.class,
                () -> MigrationLayout.load(small(), stream));
        assertThat(e).as("word=0x%x", word).isNotNull();
        assertThat(e.offset()).as("word=0x%x", word).isEqualTo(at);
        return "expected " + e.expected() + " but found " + e.found();
    }

    /** A destination with blocks a (2 pages), b (1 page) and resizeable r (1 page, max 4). */
    private MemorySystem small() {
        MemorySystem sys = new MemorySystem();
        keep.add(sys.initRam(null, "a", 2 * PAGE));
        keep.add(sys.initRam(null, "b", PAGE));
        RamRegion r = sys.initResizeableRam(null, "r", PAGE, 4 * PAGE, (id, size, host) -> { });
        sys.ramBlocks().vmstateRegisterRamGlobal(r);
        keep.add(r);
        return sys;
    }

    private static RamBlock block(MemorySystem sys, String idstr) {
        return sys.ramBlocks().byIdstr(idstr).orElseThrow();
    }

    private static long[] blockA() {
        return new long[] {'a', 2 * PAGE};
    }

    private static long[] blockB() {
        return new long[] {'b', PAGE};
    }

    private static long[] blockR() {
        return new long[] {'r', PAGE};
    }

    /** Writes streams by hand, big-endian, to build malformed ones. */
    private static final class Wire {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final DataOutputStream out = new DataOutputStream(bytes);

        Wire header() {
            return u32(RamStreamFormat.MAGIC).u32(RamStreamFormat.VERSION).u32(PAGE);
        }

        /** Header and a START section listing blocks given as {single-char idstr, usedLength}. */
        Wire startSection(long[]... blocks) {
            long total = 0;
            for (long[] b : blocks) {
                total += b[1];
            }
            header().section(RamStreamFormat.SECTION_START).word(total | RamStreamFormat.MEM_SIZE).u32(blocks.length);
            for (long[] b : blocks) {
                idstr(String.valueOf((char) b[0])).u64(b[1]);
            }
            return word(RamStreamFormat.EOS);
        }

        Wire section(int tag) {
            return u8(tag);
        }

        Wire word(long w) {
            return u64(w);
        }

        Wire idstr(String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            u8(b.length);
            return run(() -> out.write(b));
        }

        Wire page(byte fill) {
            byte[] p = new byte[PAGE];
            Arrays.fill(p, fill);
            return run(() -> out.write(p));
        }

        Wire u8(int v) {
            return run(() -> out.writeByte(v));
        }

        Wire u32(int v) {
            return run(() -> out.writeInt(v));
        }

        Wire u64(long v) {
            return run(() -> out.writeLong(v));
        }

        int size() {
            return bytes.size();
        }

        byte[] bytes() {
            return bytes.toByteArray();
        }

        private interface Io {
            void run() throws IOException;
        }

        private Wire run(Io io) {
            try {
                io.run();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return this;
        }
    }
}
