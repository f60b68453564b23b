package dev.physmem.space;

import static org.assertj.core.api.Assertions.assertThat;

import dev.physmem.MemorySystem;
import dev.physmem.attr.IommuAccessFlags;
import dev.physmem.attr.MemTxAttrs;
import dev.physmem.attr.MemTxResult;
import dev.physmem.dirty.DirtyClient;
import dev.physmem.dirty.DirtyLog;
import dev.physmem.region.AccessConstraints;
import dev.physmem.region.AliasRegion;
import dev.physmem.region.ContainerRegion;
import dev.physmem.region.Endianness;
import dev.physmem.region.MemoryRegion;
import dev.physmem.region.RamRegion;
import dev.physmem.region.RomDeviceRegion;
import dev.physmem.space.AddressSpacePropertyTest.MemoryLikeOps;
import dev.physmem.testing.PageTableIommu;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Map/unmap and {@link MemoryRegionCache} against plain {@link AddressSpace} accesses (through
 * IOMMU regions too, whose pages map RW, RO or not at all into a space behind): two
 * identical machines built from one seed; machine A is accessed through map and caches, machine B
 * through {@code read/write} and ld/st of the same bytes. After every operation the results, the
 * bytes of the whole window and every RAM region's dirty pages must agree.
 *
 * <p>Each run uses fixed seeds and one fresh one; a failure names its seed. Replay one with
 * {@code -Dphysmem.seed=<seed>}.
 */
class MapCachePropertyTest {
    private static final long SPAN = 0x10000;
    private static final long PAGE = DirtyLog.PAGE_SIZE;
    private static final int OPERATIONS = 300;
    private static final MemTxAttrs ATTRS = MemTxAttrs.UNSPECIFIED;
    private static final long BEHIND_PAGES = 8;

    static LongStream seeds() {
        String replay = System.getProperty("physmem.seed");
        if (replay != null) {
            return LongStream.of(Long.decode(replay));
        }
        return LongStream.concat(LongStream.range(0, 16).map(i -> 0xD3A_0000L + i), LongStream.of(System.nanoTime()));
    }

    /** One machine: its space and its RAM regions (whose dirty pages are compared). */
    record Machine(MemorySystem sys, AddressSpace as, List<RamRegion> rams) {
    }

    /** Builds the layout {@code seed} describes: random regions of every kind in {@code [0, SPAN)}, with holes. */
    static Machine build(long seed) {
        RandomGenerator rnd = RandomGeneratorFactory.of("L64X128MixRandom").create(seed);
        ByteOrder target = rnd.nextBoolean() ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
        MemorySystem sys = new MemorySystem(target);
        ContainerRegion root = sys.initContainer(null, "root", MemoryRegion.SIZE_2_64);
        List<RamRegion> rams = new ArrayList<>();
        // what IOMMU regions translate into: a space of its own with RAM at 0
        ContainerRegion behindRoot = sys.initContainer(null, "behind", MemoryRegion.SIZE_2_64);
        RamRegion behindRam = sys.initRam(null, "behind-ram", BEHIND_PAGES * PAGE);
        byte[] behindInit = new byte[(int) behindRam.size()];
        rnd.nextBytes(behindInit);
        MemorySegment.copy(behindInit, 0, behindRam.backing(), ValueLayout.JAVA_BYTE, 0, behindInit.length);
        behindRoot.addSubregion(0, behindRam);
        rams.add(behindRam);
        AddressSpace behind = sys.addressSpace(behindRoot, "behind");
        long cursor = 0;
        int n = 0;
        try (var tx = sys.transaction()) {
            while (true) {
                long gap = rnd.nextInt(3) == 0 ? rnd.nextLong(1, 0x400) : 0;
                long size = rnd.nextLong(1, 0x3000);
                if (cursor + gap + size > SPAN) {
                    break;
                }
                long start = cursor + gap;
                cursor = start + size;
                String name = "r" + n++;
                byte[] init = new byte[(int) size];
                rnd.nextBytes(init);
                MemoryLikeOps ops = new MemoryLikeOps(Endianness.values()[rnd.nextInt(3)], target,
                        new AccessConstraints(1, 8, true), new AccessConstraints(1, 1 << rnd.nextInt(4), rnd.nextBoolean()));
                MemorySegment contents;
                switch (rnd.nextInt(8)) {
                    case 0, 1 -> {
                        RamRegion ram = sys.initRam(null, name + "-ram", size);
                        rams.add(ram);
                        contents = ram.backing();
                        root.addSubregion(start, ram);
                    }
                    case 2 -> {
                        // one RAM region through two adjacent aliases, the second maybe read-only
                        RamRegion ram = sys.initRam(null, name + "-aliased", size);
                        rams.add(ram);
                        contents = ram.backing();
                        long cut = size == 1 ? 1 : rnd.nextLong(1, size);
                        AliasRegion low = sys.initAlias(null, name + "-low", ram, 0, cut);
                        root.addSubregion(start, low);
                        if (cut < size) {
                            AliasRegion high = sys.initAlias(null, name + "-high", ram, cut, size - cut);
                            high.setReadonly(rnd.nextBoolean());
                            root.addSubregion(start + cut, high);
                        }
                    }
                    case 3 -> {
                        RamRegion rom = sys.initRom(null, name + "-rom", size);
                        contents = rom.backing();
                        root.addSubregion(start, rom);
                    }
                    case 4 -> {
                        ops.memory = MemorySegment.ofArray(new byte[(int) size]);
                        contents = ops.memory;
                        root.addSubregion(start, sys.initIo(null, ops, name + "-io", size));
                    }
                    case 5 -> {
                        contents = Arena.ofAuto().allocate(size);
                        root.addSubregion(start, sys.initRamDevicePtr(null, name + "-ramd", size, contents));
                    }
                    case 7 -> {
                        // an IOMMU whose pages map to random pages behind, RW, RO or not at all
                        PageTableIommu tables = new PageTableIommu(PAGE).target(behind);
                        IommuAccessFlags[] perms = IommuAccessFlags.values();
                        for (long page = 0; page < size; page += PAGE) {
                            tables.map(page, rnd.nextLong(BEHIND_PAGES) * PAGE, perms[rnd.nextInt(perms.length)]);
                        }
                        contents = null;
                        root.addSubregion(start, sys.initIommu(null, tables, name + "-iommu", size));
                    }
                    default -> {
                        RomDeviceRegion rom = sys.initRomDevice(null, ops, name + "-romd", size);
                        ops.memory = rom.backing();
                        rom.setRomd(rnd.nextBoolean());
                        contents = rom.backing();
                        root.addSubregion(start, rom);
                    }
                }
                if (contents != null) {
                    MemorySegment.copy(init, 0, contents, ValueLayout.JAVA_BYTE, 0, init.length);
                }
            }
        }
        AddressSpace as = sys.addressSpace(root, "memory");
        for (RamRegion ram : rams) {
            sys.dirtyLog().setLog(ram, true, DirtyClient.VGA);
            sys.dirtyLog().resetDirty(ram, 0, ram.size(), DirtyClient.VGA);
        }
        return new Machine(sys, as, rams);
    }

    @ParameterizedTest(name = "seed={0}")
    @MethodSource("seeds")
    void mapAndCacheAgreeWithPlainAccesses(long seed) {
        Machine a = build(seed);
        Machine b = build(seed);
        RandomGenerator rnd = RandomGeneratorFactory.of("L64X128MixRandom").create(~seed);
        MemTxResultHolder ha = new MemTxResultHolder();
        MemTxResultHolder hb = new MemTxResultHolder();
        for (int op = 0; op < OPERATIONS; op++) {
            long addr = rnd.nextLong(0, SPAN);
            long len = rnd.nextInt(4) == 0 ? rnd.nextLong(1, 0x3000) : rnd.nextLong(1, 0x40);
            String where = "seed=" + seed + " (replay: -Dphysmem.seed=" + seed + ") op=" + op
                    + " addr=0x" + Long.toHexString(addr) + " len=0x" + Long.toHexString(len);
            switch (rnd.nextInt(5)) {
                case 0 -> mapRead(a, b, addr, len, where);
                case 1 -> mapWrite(a, b, rnd, addr, len, where);
                case 2 -> cacheLoadStore(a, b, rnd, addr, len, ha, hb, where);
                default -> cacheBuffer(a, b, rnd, addr, len, where);
            }
            assertSame(a, b, addr, Math.min(len, SPAN - addr), where);
        }
        assertSame(a, b, 0, SPAN, "at the end, seed=" + seed);
    }

    private static void mapRead(Machine a, Machine b, long addr, long len, String where) {
        GuestMapping m = a.as.map(addr, len, false, ATTRS).orElseThrow();
        assertLength(m.length(), len, m.isBounce(), where);
        byte[] want = new byte[(int) m.length()];
        MemTxResult r = b.as.read(addr, ATTRS, want, 0, want.length);
        assertThat(m.segment().toArray(ValueLayout.JAVA_BYTE)).as("mapped bytes, %s", where).isEqualTo(want);
        if (m.isBounce()) {
            assertThat(m.fillResult()).as("bounce fill result, %s", where).isEqualTo(r);
        } else {
            assertThat(r).as("direct mapping over memory that reads OK, %s", where).isEqualTo(MemTxResult.OK);
        }
        m.close();
    }

    /**
     * A write mapping filled and unmapped with a random accessLen. A direct mapping gets exactly
     * accessLen bytes written (the caller's side of the contract); a bounce buffer is filled
     * wholly, and only accessLen bytes may come out of it.
     */
    private static void mapWrite(Machine a, Machine b, RandomGenerator rnd, long addr, long len, String where) {
        GuestMapping m = a.as.map(addr, len, true, ATTRS).orElseThrow();
        assertLength(m.length(), len, m.isBounce(), where);
        byte[] data = new byte[(int) m.length()];
        rnd.nextBytes(data);
        int accessLen = rnd.nextInt(data.length + 1);
        MemorySegment.copy(data, 0, m.segment(), ValueLayout.JAVA_BYTE, 0, m.isBounce() ? data.length : accessLen);
        MemTxResult got = m.unmap(accessLen);
        MemTxResult want = b.as.write(addr, ATTRS, data, 0, accessLen);
        if (m.isBounce()) {
            assertThat(got).as("bounce write-back result, %s", where).isEqualTo(want);
        } else {
            assertThat(want).as("direct mapping over memory that writes OK, %s", where).isEqualTo(MemTxResult.OK);
        }
    }

    private static void cacheLoadStore(Machine a, Machine b, RandomGenerator rnd, long addr, long len,
            MemTxResultHolder ha, MemTxResultHolder hb, String where) {
        boolean write = rnd.nextBoolean();
        try (MemoryRegionCache c = a.as.cacheInit(addr, len, write)) {
            assertThat(c.length()).as("cache length, %s", where).isBetween(1L, len);
            for (int i = 0; i < 8; i++) {
                int size = 1 << rnd.nextInt(4);
                if (size > c.length()) {
                    continue;
                }
                long offset = rnd.nextLong(0, c.length() - size + 1);
                boolean big = rnd.nextBoolean();
                if (write && rnd.nextBoolean()) {
                    long value = rnd.nextLong();
                    c.store(offset, size, big, value, ATTRS, ha);
                    b.as.store(addr + offset, size, big, value, ATTRS, hb);
                    assertThat(ha.get()).as("cached st%d at +0x%x, %s", size, offset, where).isEqualTo(hb.get());
                } else {
                    long got = c.load(offset, size, big, ATTRS, ha);
                    long want = b.as.load(addr + offset, size, big, ATTRS, hb);
                    assertThat(got).as("cached ld%d at +0x%x, %s", size, offset, where).isEqualTo(want);
                    assertThat(ha.get()).as("cached ld%d result, %s", size, where).isEqualTo(hb.get());
                }
            }
        }
    }

    private static void cacheBuffer(Machine a, Machine b, RandomGenerator rnd, long addr, long len, String where) {
        boolean write = rnd.nextBoolean();
        try (MemoryRegionCache c = a.as.cacheInit(addr, len, write)) {
            long offset = rnd.nextLong(0, c.length());
            int n = (int) rnd.nextLong(0, c.length() - offset + 1);
            if (write) {
                byte[] data = new byte[n];
                rnd.nextBytes(data);
                MemTxResult got = c.write(offset, data, 0, n);
                MemTxResult want = b.as.write(addr + offset, ATTRS, data, 0, n);
                assertThat(got).as("cached write at +0x%x n=%d, %s", offset, n, where).isEqualTo(want);
            } else {
                byte[] got = new byte[n];
                byte[] want = new byte[n];
                MemTxResult rg = c.read(offset, got, 0, n);
                MemTxResult rw = b.as.read(addr + offset, ATTRS, want, 0, n);
                assertThat(got).as("cached read at +0x%x n=%d, %s", offset, n, where).isEqualTo(want);
                assertThat(rg).as("cached read result, %s", where).isEqualTo(rw);
            }
        }
    }

    private static void assertLength(long length, long asked, boolean bounce, String where) {
        assertThat(length).as("mapped length, %s", where).isBetween(1L, asked);
        if (bounce) {
            assertThat(length).as("bounce length, %s", where).isLessThanOrEqualTo(AddressSpace.BOUNCE_BUFFER_SIZE);
        }
    }

    /** {@code [from, from + n)} reads the same in both machines, and every RAM region has the same dirty pages. */
    private static void assertSame(Machine a, Machine b, long from, long n, String where) {
        byte[] wa = new byte[(int) n];
        byte[] wb = new byte[(int) n];
        MemTxResult ra = a.as.read(from, ATTRS, wa, 0, wa.length);
        MemTxResult rb = b.as.read(from, ATTRS, wb, 0, wb.length);
        assertThat(ra).as("window read result, %s", where).isEqualTo(rb);
        if (!Arrays.equals(wa, wb)) {
            int i = Arrays.mismatch(wa, wb);
            throw new AssertionError("contents differ at 0x" + Long.toHexString(from + i) + ": map/cache 0x"
                    + Integer.toHexString(wa[i] & 0xff) + ", plain 0x" + Integer.toHexString(wb[i] & 0xff) + ", "
                    + where);
        }
        for (int i = 0; i < a.rams.size(); i++) {
            RamRegion ram = a.rams.get(i);
            for (long page = 0; page * PAGE < ram.size(); page++) {
                long bytes = Math.min(PAGE, ram.size() - page * PAGE);
                boolean da = a.sys.dirtyLog().getDirty(ram, page * PAGE, bytes, DirtyClient.VGA);
                boolean db = b.sys.dirtyLog().getDirty(b.rams.get(i), page * PAGE, bytes, DirtyClient.VGA);
                assertThat(da).as("dirty page %d of %s, %s", page, ram.name(), where).isEqualTo(db);
            }
        }
    }
}
