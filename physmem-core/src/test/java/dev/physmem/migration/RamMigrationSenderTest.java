package dev.physmem.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.physmem.attr.MemTxAttrs;
import dev.physmem.dispatch.MemoryRegionSection;
import dev.physmem.listener.MemoryListener;
import dev.physmem.ram.RamBlock;
import dev.physmem.space.GuestMapping;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Setup, passes and completion of the sending side, and what each pass puts on the wire. */
class RamMigrationSenderTest {
    private static final long PAGE = RamStreamFormat.PAGE_SIZE;

    private final MigrationLayout src = new MigrationLayout();
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final RamMigrationSender sender = new RamMigrationSender(src.sys, bytes);

    private long usedPages() {
        return src.sys.ramBlocks().migratableBlocks().stream().mapToLong(b -> b.usedLength() / PAGE).sum();
    }

    private long zeroPagesNow() {
        long n = 0;
        for (RamBlock b : src.sys.ramBlocks().migratableBlocks()) {
            for (long off = 0; off < b.usedLength(); off += PAGE) {
                MemorySegment page = b.host().asSlice(off, PAGE);
                n += page.mismatch(MemorySegment.ofArray(new byte[(int) PAGE])) < 0 ? 1 : 0;
            }
        }
        return n;
    }

    @Test
    void setupStartsGlobalLoggingAndTheFirstPassSendsEveryUsedPage() throws IOException {
        src.fillRandom(new SplittableRandom(1));
        sender.setup();
        assertThat(src.sys.dirtyLog().isGlobalLogging()).isTrue();
        MigrationPass bulk = sender.iterate();
        assertThat(bulk.pagesSent()).isEqualTo(usedPages());
        assertThat(bulk.zeroPages()).isEqualTo(zeroPagesNow()).isPositive();
        assertThat(bulk.remainingDirtyPages()).isZero();
        assertThat(sender.iterate().pagesSent()).as("nothing written since the bulk pass").isZero();
    }

    @Test
    void aLaterPassSendsOnlyPagesWrittenSinceIncludingThroughTheSmmSpace() throws IOException {
        sender.setup();
        sender.iterate();
        src.memory.stqLe(0x1000, 7);
        src.memory.stqLe(0x1008, 8);                       // same page
        src.memory.stb(0x3f_f000, 1);                      // last page of pc.ram
        src.smm.stlLe(MigrationLayout.SMRAM_BASE + 0x2000, 0x55aa); // SMRAM: only the SMM space shows it
        src.memory.stb(MigrationLayout.BIOS_BASE, 1);      // ROM: the write is dropped, nothing dirty
        MigrationPass pass = sender.iterate();
        assertThat(pass.pagesSent()).isEqualTo(3);
        assertThat(pass.zeroPages()).isZero();
    }

    @Test
    void eachPassSyncsTheDirtyLogOfEveryAddressSpaceTheSmmSpaceToo() throws IOException {
        AtomicLong syncs = new AtomicLong();
        src.smm.registerListener(new MemoryListener() {  // a hypervisor's dirty log of the SMM space's slots
            @Override
            public void logSync(MemoryRegionSection section) {
                if (section.region() == src.smram) {
                    syncs.incrementAndGet();
                    src.sys.dirtyLog().setDirty(src.smram, 2 * PAGE, 1);
                }
            }
        });
        sender.setup();
        sender.iterate();
        long before = syncs.get();
        MigrationPass pass = sender.iterate();
        assertThat(syncs.get()).isGreaterThan(before);
        assertThat(pass.pagesSent()).as("the page the SMM space's listener reported").isEqualTo(1);
    }

    @Test
    void aDmaWriteThroughAMappingIsSentAfterItsUnmap() throws IOException {
        sender.setup();
        sender.iterate();
        GuestMapping dma = src.memory.map(0x2_0000, 3 * PAGE, true, MemTxAttrs.UNSPECIFIED).orElseThrow();
        dma.segment().fill((byte) 0x42);
        assertThat(sender.iterate().pagesSent()).as("not reported before the unmap, as in QEMU").isZero();
        src.memory.unmap(dma, 2 * PAGE, true);
        assertThat(sender.iterate().pagesSent()).as("the accessed length only").isEqualTo(2);
    }

    @Test
    void aZeroPageIsAWordAndAFillByteOnTheWire() throws IOException {
        sender.setup();
        long afterSetup = sender.bytesWritten();
        MigrationPass bulk = sender.iterate();
        assertThat(bulk.zeroPages()).isEqualTo(bulk.pagesSent()).isEqualTo(usedPages());
        long idstrBytes = src.sys.ramBlocks().migratableBlocks().stream().mapToLong(b -> 1 + b.idstr().length()).sum();
        // section tag, 9 bytes per page, one idstr per block, EOS word
        assertThat(bulk.bytes()).isEqualTo(1 + 9 * bulk.pagesSent() + idstrBytes + 8);
        assertThat(sender.bytesWritten() - afterSetup).isEqualTo(bulk.bytes());
    }

    @Test
    void completeSendsTheRestWritesTheEndMarkerAndStopsLogging() throws IOException {
        sender.setup();
        sender.iterate();
        src.memory.stb(0x2000, 1);
        MigrationPass last = sender.complete();
        assertThat(last.pagesSent()).isEqualTo(1);
        assertThat(src.sys.dirtyLog().isGlobalLogging()).isFalse();
        byte[] stream = bytes.toByteArray();
        assertThat(stream[stream.length - 1]).isEqualTo((byte) RamStreamFormat.SECTION_EOF);
        assertThatThrownBy(sender::iterate).isInstanceOf(IllegalStateException.class).hasMessageContaining("state=DONE");
    }

    @Test
    void callsOutOfOrderAreRefused() throws IOException {
        assertThatThrownBy(sender::iterate).isInstanceOf(IllegalStateException.class).hasMessageContaining("state=NEW");
        assertThatThrownBy(sender::complete).isInstanceOf(IllegalStateException.class);
        sender.setup();
        assertThatThrownBy(sender::setup).isInstanceOf(IllegalStateException.class).hasMessageContaining("state=RUNNING");
        assertThatThrownBy(() -> new RamMigrationSender(src.sys, new ByteArrayOutputStream()).setup())
                .as("global logging is already on").isInstanceOf(IllegalStateException.class);
    }

    @Test
    void cancelStopsGlobalLogging() throws IOException {
        sender.setup();
        sender.cancel();
        assertThat(src.sys.dirtyLog().isGlobalLogging()).isFalse();
        assertThatThrownBy(sender::iterate).isInstanceOf(IllegalStateException.class);
        sender.cancel();
    }

    @Test
    void aBlockResizedDuringMigrationFailsTheNextPass() throws IOException {
        sender.setup();
        src.acpi.ramBlock().orElseThrow().resize(2 * MigrationLayout.ACPI_SIZE);
        assertThatThrownBy(sender::iterate).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("resized during migration: idstr=etc/acpi/tables");
    }

    @Test
    void aBlockAddedDuringMigrationFailsTheNextPass() throws IOException {
        sender.setup();
        src.sys.initRam(null, "hotplugged", 1 << 20);
        assertThatThrownBy(sender::iterate).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("RAM blocks changed during migration");
    }

    /**
     * A guest thread keeps storing through the address spaces while passes run; after it stops,
     * complete() makes the destination equal to the source.
     */
    @Test
    void aLiveMigrationWithAWriterThreadConverges() throws Exception {
        long seed = System.nanoTime();
        String context = "seed=" + seed;
        SplittableRandom rnd = new SplittableRandom(seed);
        src.fillRandom(rnd.split());
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong stores = new AtomicLong();
        SplittableRandom writerRnd = rnd.split();
        Thread writer = new Thread(() -> {
            while (!stop.get()) {
                long offset = writerRnd.nextLong(MigrationLayout.RAM_SIZE / 8) * 8;
                src.memory.stqLe(offset, writerRnd.nextLong());
                if ((stores.incrementAndGet() & 15) == 0) {
                    src.smm.stb(MigrationLayout.SMRAM_BASE + writerRnd.nextLong(MigrationLayout.SMRAM_SIZE), 0x5a);
                }
            }
        }, "guest-writer");
        sender.setup();
        writer.start();
        long sentWhileRunning = 0;
        try {
            for (int i = 0; i < 4; i++) {
                sentWhileRunning += sender.iterate().pagesSent();
                long target = stores.get() + 2000; // the guest writes after every pass, the last one too
                while (stores.get() < target) {
                    Thread.onSpinWait();
                }
            }
        } finally {
            stop.set(true);
            writer.join();
        }
        sender.complete();
        assertThat(sentWhileRunning).as(context).isGreaterThan(usedPages());
        MigrationLayout dst = new MigrationLayout();
        MigrationLayout.load(dst.sys, bytes.toByteArray());
        MigrationLayout.assertSameRam(src.sys, dst.sys, context);
    }
}
