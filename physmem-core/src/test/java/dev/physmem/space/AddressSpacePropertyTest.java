package dev.physmem.space;

import static org.assertj.core.api.Assertions.assertThat;

import dev.physmem.MemorySystem;
import dev.physmem.attr.MemTxAttrs;
import dev.physmem.attr.MemTxResult;
import dev.physmem.region.AccessConstraints;
import dev.physmem.region.ContainerRegion;
import dev.physmem.region.Endianness;
import dev.physmem.region.MemoryRegion;
import dev.physmem.region.MemoryRegionOps;
import dev.physmem.region.RamRegion;
import dev.physmem.region.RomDeviceRegion;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Random machines and random accesses, checked against a naive model that knows, byte by byte,
 * what each address holds and whether it takes writes. Every device here behaves like memory
 * (impl.min 1, so nothing is widened), so through a correct access path the whole space looks
 * like a byte array with holes.
 *
 * <p>Each run uses fixed seeds and one fresh one; a failure names its seed. Replay one with
 * {@code -Dphysmem.seed=<seed>}.
 */
class AddressSpacePropertyTest {
    private static final long TOP_WINDOW = -0x2000L;
    private static final int OPERATIONS = 400;

    static LongStream seeds() {
        String replay = System.getProperty("physmem.seed");
        if (replay != null) {
            return LongStream.of(Long.decode(replay));
        }
        return LongStream.concat(LongStream.range(0, 24).map(i -> 0x5EED_0000L + i), LongStream.of(System.nanoTime()));
    }

    /** A device whose registers are plain bytes in a segment, read and written in its byte order. */
    static final class MemoryLikeOps implements MemoryRegionOps {
        MemorySegment memory;
        private final Endianness endianness;
        private final boolean big;
        private final AccessConstraints valid;
        private final AccessConstraints impl;

        MemoryLikeOps(Endianness endianness, ByteOrder target, AccessConstraints valid, AccessConstraints impl) {
            this.endianness = endianness;
            this.big = endianness.resolve(target) == ByteOrder.BIG_ENDIAN;
            this.valid = valid;
            this.impl = impl;
        }

        @Override
        public long read(long offset, int size) {
            long v = 0;
            for (int i = 0; i < size; i++) {
                long cell = offset + (big ? i : size - 1 - i);
                v = (v << 8) | (memory.get(ValueLayout.JAVA_BYTE, cell) & 0xffL);
            }
            return v;
        }

        @Override
        public void write(long offset, long value, int size) {
            for (int i = 0; i < size; i++) {
                long cell = offset + (big ? size - 1 - i : i);
                memory.set(ValueLayout.JAVA_BYTE, cell, (byte) (value >>> (8 * i)));
            }
        }

        @Override
        public Endianness endianness() {
            return endianness;
        }

        @Override
        public AccessConstraints valid() {
            return valid;
        }

        @Override
        public AccessConstraints impl() {
            return impl;
        }
    }

    /** A mapped region as the model sees it: its place, the bytes it should hold, and the real ones. */
    record Mapped(String what, long start, long size, byte[] expected, boolean writable, MemorySegment actual) {
        boolean contains(long addr) {
            return Long.compareUnsigned(addr - start, size) < 0;
        }
    }

    /** The model: mapped regions, and everything else unassigned. */
    static final class Model {
        final List<Mapped> mapped = new ArrayList<>();

        Mapped at(long addr) {
            for (Mapped m : mapped) {
                if (m.contains(addr)) {
                    return m;
                }
            }
            return null;
        }

        /** Address of byte {@code i} of an access at {@code addr}, or null past 2^64 - 1. */
        static boolean inSpace(long addr, int i) {
            return i == 0 || Long.compareUnsigned(addr + i, addr) > 0;
        }

        MemTxResult read(long addr, byte[] out) {
            MemTxResult r = MemTxResult.OK;
            for (int i = 0; i < out.length; i++) {
                Mapped m = inSpace(addr, i) ? at(addr + i) : null;
                if (m == null) {
                    out[i] = 0;
                    r = r.or(MemTxResult.DECODE_ERROR);
                } else {
                    out[i] = m.expected[(int) (addr + i - m.start)];
                }
            }
            return r;
        }

        MemTxResult write(long addr, byte[] in) {
            MemTxResult r = MemTxResult.OK;
            for (int i = 0; i < in.length; i++) {
                Mapped m = inSpace(addr, i) ? at(addr + i) : null;
                if (m == null || !m.writable) {
                    r = r.or(MemTxResult.DECODE_ERROR);
                } else {
                    m.expected[(int) (addr + i - m.start)] = in[i];
                }
            }
            return r;
        }
    }

    private static byte[] randomBytes(RandomGenerator rnd, int n) {
        byte[] b = new byte[n];
        rnd.nextBytes(b);
        return b;
    }

    private static AccessConstraints randomSizes(RandomGenerator rnd, boolean unaligned) {
        int[] maxes = {0, 1, 2, 4, 8};
        int max = maxes[rnd.nextInt(maxes.length)];
        return new AccessConstraints(max == 0 ? 0 : 1, max, unaligned);
    }

    /** Maps random regions into {@code [from, from + span)}, adjacent or with holes between. */
    private static void populate(RandomGenerator rnd, MemorySystem sys, ContainerRegion root, Model model,
            long from, long span) {
        long cursor = from;
        boolean toTheEnd = from + span == 0 && rnd.nextBoolean();
        int n = 0;
        while (true) {
            long gap = rnd.nextBoolean() ? 0 : rnd.nextLong(1, 0x80);
            long size = rnd.nextLong(1, 0x300);
            if (Long.compareUnsigned(cursor - from + gap + size, span) > 0) {
                if (!toTheEnd || cursor == 0) {
                    return;
                }
                size = -cursor; // one last region that ends exactly at 2^64 - 1
                gap = 0;
            }
            long start = cursor + gap;
            cursor = start + size;
            String name = "r" + (n++) + "@" + Long.toHexString(start);
            byte[] init = randomBytes(rnd, (int) size);
            ByteOrder target = sys.targetByteOrder();
            Endianness endianness = Endianness.values()[rnd.nextInt(3)];
            // every device takes every size at every alignment, so the model needs no valid
            // rules (those have their own tests); impl.min is 1, so nothing is widened
            AccessConstraints valid = rnd.nextBoolean()
                    ? new AccessConstraints(0, 0, true)
                    : new AccessConstraints(1, 8, true);
            AccessConstraints impl = randomSizes(rnd, rnd.nextBoolean());
            MemoryRegion region;
            MemorySegment actual;
            boolean writable = true;
            switch (rnd.nextInt(7)) {
                case 0 -> {
                    RamRegion ram = sys.initRam(null, name + "-ram", size);
                    region = ram;
                    actual = ram.backing();
                }
                case 1 -> {
                    RamRegion rom = sys.initRom(null, name + "-rom", size);
                    region = rom;
                    actual = rom.backing();
                    writable = false;
                }
                case 2 -> {
                    RamRegion ram = sys.initRam(null, name + "-hidden", size);
                    region = sys.initAlias(null, name + "-ro-alias", ram, 0, size);
                    region.setReadonly(true);
                    actual = ram.backing();
                    writable = false;
                }
                case 3 -> {
                    MemoryLikeOps ops = new MemoryLikeOps(endianness, target, valid, impl);
                    ops.memory = MemorySegment.ofArray(new byte[(int) size]);
                    region = sys.initIo(null, ops, name + "-io-" + endianness, size);
                    actual = ops.memory;
                }
                case 4 -> {
                    actual = Arena.ofAuto().allocate(size);
                    region = sys.initRamDevicePtr(null, name + "-ramd", size, actual);
                }
                default -> {
                    MemoryLikeOps ops = new MemoryLikeOps(endianness, target, valid, impl);
                    RomDeviceRegion rom = sys.initRomDevice(null, ops, name + "-romd", size);
                    ops.memory = rom.backing();
                    rom.setRomd(rnd.nextBoolean());
                    region = rom;
                    actual = rom.backing();
                }
            }
            MemorySegment.copy(init, 0, actual, ValueLayout.JAVA_BYTE, 0, init.length);
            root.addSubregion(start, region);
            model.mapped.add(new Mapped(region.name(), start, size, init.clone(), writable, actual));
        }
    }

    private static long pickAddress(RandomGenerator rnd, Model model) {
        if (rnd.nextInt(10) == 0) {
            return -rnd.nextLong(1, 64); // accesses that run past 2^64 - 1
        }
        if (model.mapped.isEmpty() || rnd.nextInt(8) == 0) {
            return rnd.nextBoolean() ? rnd.nextLong(0, 0x4000) : TOP_WINDOW + rnd.nextLong(0, 0x2000);
        }
        Mapped m = model.mapped.get(rnd.nextInt(model.mapped.size()));
        return m.start + rnd.nextLong(-8, m.size + 8);
    }

    @ParameterizedTest(name = "seed={0}")
    @MethodSource("seeds")
    void randomAccessesAgreeWithAPerByteModel(long seed) {
        RandomGenerator rnd = RandomGeneratorFactory.of("L64X128MixRandom").create(seed);
        MemorySystem sys = new MemorySystem(rnd.nextBoolean() ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
        ContainerRegion root = sys.initContainer(null, "root", MemoryRegion.SIZE_2_64);
        Model model = new Model();
        populate(rnd, sys, root, model, 0, 0x4000);
        populate(rnd, sys, root, model, TOP_WINDOW, 0x2000);
        AddressSpace as = sys.addressSpace(root, "memory");
        MemTxResultHolder holder = new MemTxResultHolder();

        for (int op = 0; op < OPERATIONS; op++) {
            long addr = pickAddress(rnd, model);
            String where = "seed=" + seed + " (replay: -Dphysmem.seed=" + seed + ") op=" + op
                    + " addr=0x" + Long.toHexString(addr);
            switch (rnd.nextInt(4)) {
                case 0 -> {
                    int len = rnd.nextInt(1, 48);
                    byte[] expected = new byte[len];
                    MemTxResult want = model.read(addr, expected);
                    byte[] got = new byte[len + 2];
                    MemTxResult r;
                    if (rnd.nextBoolean()) {
                        r = as.read(addr, MemTxAttrs.UNSPECIFIED, got, 1, len);
                    } else {
                        MemorySegment seg = Arena.ofAuto().allocate(len);
                        r = as.read(addr, MemTxAttrs.UNSPECIFIED, seg);
                        MemorySegment.copy(seg, ValueLayout.JAVA_BYTE, 0, got, 1, len);
                    }
                    assertThat(java.util.Arrays.copyOfRange(got, 1, len + 1)).as("read len=%d, %s", len, where)
                            .isEqualTo(expected);
                    assertThat(r).as("read result len=%d, %s", len, where).isEqualTo(want);
                }
                case 1 -> {
                    int len = rnd.nextInt(1, 48);
                    byte[] data = randomBytes(rnd, len);
                    MemTxResult want = model.write(addr, data);
                    MemTxResult r = rnd.nextBoolean()
                            ? as.write(addr, MemTxAttrs.UNSPECIFIED, data, 0, len)
                            : as.write(addr, MemTxAttrs.UNSPECIFIED, MemorySegment.ofArray(data));
                    assertThat(r).as("write result len=%d, %s", len, where).isEqualTo(want);
                }
                case 2 -> {
                    int size = 1 << rnd.nextInt(4);
                    boolean big = rnd.nextBoolean();
                    byte[] expected = new byte[size];
                    MemTxResult want = model.read(addr, expected);
                    long v = IoTestBed.ld(as, addr, size, big, MemTxAttrs.UNSPECIFIED, holder);
                    assertThat(v).as("ld size=%d big=%s, %s", size, big, where)
                            .isEqualTo(IoTestBed.valueOf(expected, 0, size, big));
                    assertThat(holder.get()).as("ld result size=%d, %s", size, where).isEqualTo(want);
                }
                default -> {
                    int size = 1 << rnd.nextInt(4);
                    boolean big = rnd.nextBoolean();
                    long value = rnd.nextLong();
                    MemTxResult want = model.write(addr, IoTestBed.bytesOf(value, size, big));
                    IoTestBed.st(as, addr, size, big, value, MemTxAttrs.UNSPECIFIED, holder);
                    assertThat(holder.get()).as("st result size=%d big=%s, %s", size, big, where).isEqualTo(want);
                }
            }
        }
        for (Mapped m : model.mapped) {
            assertThat(m.actual.asSlice(0, m.size).toArray(ValueLayout.JAVA_BYTE))
                    .as("final contents of %s, seed=%d", m.what, seed).isEqualTo(m.expected);
        }
    }
}
