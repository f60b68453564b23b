package dev.physmem.models.x86;

import static org.assertj.core.api.Assertions.assertThat;

import dev.physmem.MemorySystem;
import dev.physmem.migration.MigrationLoad;
import dev.physmem.migration.MigrationPass;
import dev.physmem.migration.RamMigrationReceiver;
import dev.physmem.migration.RamMigrationSender;
import dev.physmem.ram.RamBlock;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** Whole pc and q35 machines migrated to others built the same way. */
class MachineMigrationTest {
    private static final long RAM = 512L << 20;
    /** Where the guest writes: 16 MiB from 1 MiB, so that a pass sends at most 16 MiB of pages. */
    private static final long WINDOW = 16L << 20;

    @Test
    void aRunningPcMachineMigratesToAFreshOneByteForByte() throws Exception {
        long seed = System.nanoTime();
        String context = "seed=" + seed;
        PcMachine src = PcMachine.build(new MemorySystem(), RAM);
        src.i440fx().smram().setEnabled(true);           // 0xa0000 is RAM for the SMM space only
        src.smm().stqLe(0xa_0000L, 0x5e5e_5e5e_5e5e_5e5eL);
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int i = 0; i < 1000; i++) {
            src.memory().stqLe(0x10_0000L + rnd.nextLong(RAM - 0x10_0000L) / 8 * 8, rnd.nextLong());
        }
        AtomicBoolean stop = new AtomicBoolean();
        SplittableRandom writerRnd = rnd.split();
        Thread writer = new Thread(() -> {
            while (!stop.get()) {
                src.memory().stlLe(0x10_0000L + writerRnd.nextLong(WINDOW / 4) * 4, writerRnd.nextInt());
            }
        }, "pc-guest");

        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        RamMigrationSender sender = new RamMigrationSender(src.system(), stream);
        sender.setup();
        writer.start();
        MigrationPass bulk;
        try {
            bulk = sender.iterate();
            sender.iterate();
            Thread.sleep(20);
        } finally {
            stop.set(true);
            writer.join();
        }
        sender.complete();

        PcMachine dst = PcMachine.build(new MemorySystem(), RAM);
        MigrationLoad loaded = new RamMigrationReceiver(dst.system(), new ByteArrayInputStream(stream.toByteArray())).load();

        List<RamBlock> blocks = src.system().ramBlocks().migratableBlocks();
        assertThat(blocks).extracting(RamBlock::idstr).as(context).contains("pc.ram", "pc.bios", "/rom@etc/acpi/tables");
        assertThat(loaded.blocks()).as(context).isEqualTo(blocks.size());
        assertThat(bulk.pagesSent()).as(context)
                .isEqualTo(blocks.stream().mapToLong(b -> b.usedLength() / 4096).sum());
        assertSameRam(src, dst, context);
        dst.i440fx().smram().setEnabled(true);
        assertThat(dst.smm().ldqLe(0xa_0000L)).as(context).isEqualTo(0x5e5e_5e5e_5e5e_5e5eL);
    }

    @Test
    void aQ35MachineMigratesToAFreshOneByteForByte() throws Exception {
        Q35Machine src = Q35Machine.build(new MemorySystem(), RAM);
        SplittableRandom rnd = new SplittableRandom(7);
        for (int i = 0; i < 1000; i++) {
            src.memory().stqLe(0x10_0000L + rnd.nextLong(RAM - 0x10_0000L) / 8 * 8, rnd.nextLong());
        }
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        RamMigrationSender sender = new RamMigrationSender(src.system(), stream);
        sender.setup();
        sender.iterate();
        src.memory().stqLe(0x7000, 0x1234_5678L);
        assertThat(sender.complete().pagesSent()).isEqualTo(1);
        Q35Machine dst = Q35Machine.build(new MemorySystem(), RAM);
        new RamMigrationReceiver(dst.system(), new ByteArrayInputStream(stream.toByteArray())).load();
        assertSameRam(src, dst, "q35");
        assertThat(dst.memory().ldqLe(0x7000)).isEqualTo(0x1234_5678L);
    }

    private static void assertSameRam(X86Machine src, X86Machine dst, String context) {
        for (RamBlock s : src.system().ramBlocks().migratableBlocks()) {
            RamBlock d = dst.system().ramBlocks().byIdstr(s.idstr()).orElseThrow();
            assertThat(d.usedLength()).as("%s %s", context, s.idstr()).isEqualTo(s.usedLength());
            assertThat(s.host().asSlice(0, s.usedLength()).mismatch(d.host().asSlice(0, d.usedLength())))
                    .as("%s first differing byte of %s", context, s.idstr()).isEqualTo(-1L);
        }
    }
}
