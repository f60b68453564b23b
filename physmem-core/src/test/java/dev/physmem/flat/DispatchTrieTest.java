package dev.physmem.flat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.physmem.MemorySystem;
import dev.physmem.region.MemoryRegion;
import dev.physmem.region.MemoryRegionOps;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;
import org.junit.jupiter.api.Test;

class DispatchTrieTest {
    private final MemorySystem sys = new MemorySystem();
    private final MemoryRegion io = sys.initIo(null, MemoryRegionOps.of((o, s) -> 0, (o, v, s) -> {}), "io", -1L);
    private int offsets;

    private FlatRange range(long start, long last) {
        // Distinct, non-contiguous region offsets: neighbours never merge.
        return new FlatRange(start, last, io, (offsets += 3) * 0x1_0000_0000L, false, false);
    }

    /** {@code count} consecutive 4 KiB ranges from {@code start}. */
    private FlatRange[] pages(long start, int count) {
        FlatRange[] pages = new FlatRange[count];
        for (int i = 0; i < count; i++) {
            pages[i] = range(start + i * 0x1000L, start + i * 0x1000L + 0xfff);
        }
        return pages;
    }

    @Test
    void contiguousPagesAreTwoLevelsDeep() {
        FlatRange[] pages = pages(0, 4096);
        DispatchTrie t = DispatchTrie.build(pages);
        assertThat(t.depthOf(0x123456)).isEqualTo(2);
        assertThat(t.lookup(0x123456)).isSameAs(pages[0x123]);
        assertThat(t.lookup(0x1000000)).isNull();
    }

    @Test
    void anExactRootAnswersOnlyInsideItsBlock() {
        // 64 pages at 4 GiB: the root is a level-0 exact node above which every level is skipped.
        // Its entries are not checked against the address, so addresses with the same low bits
        // elsewhere must miss by the root's prefix.
        FlatRange[] pages = pages(0x1_0000_0000L, 64);
        DispatchTrie t = DispatchTrie.build(pages);
        assertThat(t.root).isExactlyInstanceOf(FlatRange[].class);
        assertThat(t.depthOf(0x1_0000_5000L)).isEqualTo(1);
        assertThat(t.lookup(0x1_0000_5abcL)).isSameAs(pages[5]);
        assertThat(t.lookup(0x5abcL)).isNull();
        assertThat(t.lookup(0x2_0000_5abcL)).isNull();
        assertThat(t.lookup(0x8000_0001_0000_5abcL)).isNull();
    }

    @Test
    void aRangeCoveringWholeSlotsOfAnUpperLevelEndsExactlyAtItsBounds() {
        // 16 MiB..48 MiB is exactly two slots of the level-2 root (16 MiB each); the one-page
        // neighbours are relaxed leaves in slots 0 and 3 of the same node, so the node is not
        // exact and an address of those slots outside the neighbours must still miss.
        FlatRange below = range(0xfff000, 0xffffff);
        FlatRange big = range(0x100_0000, 0x2ff_ffff);
        FlatRange above = range(0x300_0000, 0x300_0fff);
        List<FlatRange> view = List.of(below, big, above);
        DispatchTrie t = DispatchTrie.build(view.toArray(FlatRange[]::new));
        for (long p : new long[] {0, 0xffe_fff, 0xfff000, 0xffffff, 0x100_0000, 0x1ab_cdefL, 0x2ff_ffff,
                0x300_0000, 0x300_0fff, 0x300_1000, 0x3ff_ffff, 0x400_0000}) {
            assertThat(t.lookup(p)).as("addr=0x%x", p).isSameAs(scan(view, p));
        }
        assertThat(scan(view, 0x1ab_cdefL)).isSameAs(big);
        assertThat(t.depthOf(0x1ab_cdefL)).isEqualTo(1);
        assertThat(t.depthOf(0xffffff)).isEqualTo(1);
    }

    @Test
    void aWholeSpaceRangeIsOneLeaf() {
        FlatRange all = range(0, -1L);
        DispatchTrie t = DispatchTrie.build(new FlatRange[] {all});
        assertThat(t.depthOf(0xdead_beef_0000L)).isZero();
        assertThat(t.lookup(-1L)).isSameAs(all);
        assertThat(t.lookup(0)).isSameAs(all);
    }

    @Test
    void pagesSharedByRangesAreSubpages() {
        FlatRange a = range(0x5000, 0x5657);
        FlatRange b = range(0x5658, 0x5658);
        FlatRange c = range(0x5700, 0x6fff);
        DispatchTrie t = DispatchTrie.build(new FlatRange[] {a, b, c});
        assertThat(t.lookup(0x5000)).isSameAs(a);
        assertThat(t.lookup(0x5658)).isSameAs(b);
        assertThat(t.lookup(0x5659)).isNull();
        assertThat(t.lookup(0x56ff)).isNull();
        assertThat(t.lookup(0x5700)).isSameAs(c);
        assertThat(t.lookup(0x6fff)).isSameAs(c);
        assertThat(t.lookup(0x7000)).isNull();
        assertThat(t.lookup(0x4fff)).isNull();
    }

    @Test
    void aNodeIsExactWhileEveryEntryCoversItsSlotAndOlderVersionsKeepTheirs() {
        FlatRange[] pages = pages(0, 128);
        DispatchTrie t = DispatchTrie.build(pages);
        assertThat(t.root).isExactlyInstanceOf(Object[].class);
        assertThat(nodeAbove(t, 0x5000)).isExactlyInstanceOf(FlatRange[].class);

        // Page 5 split in two: its node holds a subpage now, so it is no longer exact.
        FlatRange a = range(0x5000, 0x57ff);
        FlatRange b = range(0x5800, 0x5fff);
        List<FlatRange> split = new ArrayList<>(List.of(pages));
        split.set(5, a);
        split.add(6, b);
        DispatchTrieEditor editor = t.edit();
        editor.update(split.toArray(FlatRange[]::new), 5, 7, 5, 5);
        DispatchTrie u = editor.build();
        assertThat(nodeAbove(u, 0x5000)).isExactlyInstanceOf(Object[].class);
        assertThat(nodeAbove(u, 0x45000)).isSameAs(nodeAbove(t, 0x45000));
        assertThat(u.lookup(0x57ff)).isSameAs(a);
        assertThat(u.lookup(0x5800)).isSameAs(b);
        assertThat(t.lookup(0x5800)).isSameAs(pages[5]);
        assertThat(nodeAbove(t, 0x5000)).isExactlyInstanceOf(FlatRange[].class);

        // Whole again: exact again.
        FlatRange whole = range(0x5000, 0x5fff);
        editor = u.edit();
        editor.update(new FlatRange[] {whole}, 0, 1, 5, 5);
        DispatchTrie w = editor.build();
        assertThat(nodeAbove(w, 0x5000)).isExactlyInstanceOf(FlatRange[].class);
        assertThat(w.lookup(0x5abc)).isSameAs(whole);
        assertThat(w.lookup(0x6abc)).isSameAs(pages[6]);
    }

    @Test
    void pageByPageEditsOfADenseMapKeepExactNodesRightInEveryVersion() {
        long seed = System.nanoTime();
        RandomGenerator rnd = RandomGeneratorFactory.of("L64X128MixRandom").create(seed);
        List<FlatRange> view = List.of(pages(0, 512));
        DispatchTrie t = DispatchTrie.build(view.toArray(FlatRange[]::new));
        List<Version> old = new ArrayList<>();
        int exactNodesSeen = 0;
        for (int round = 0; round < 400; round++) {
            // Page p becomes empty, one whole-page range, or two halves (a subpage).
            long p = rnd.nextInt(512);
            long start = p << DispatchTrie.PAGE_BITS;
            List<FlatRange> next = new ArrayList<>();
            for (FlatRange r : view) {
                if (r.start() >>> DispatchTrie.PAGE_BITS != p) {
                    next.add(r);
                }
            }
            switch (rnd.nextInt(3)) {
                case 0 -> { }
                case 1 -> next.add(range(start, start + 0xfff));
                default -> {
                    next.add(range(start, start + 0x7ff));
                    next.add(range(start + 0x800, start + 0xfff));
                }
            }
            next.sort(Comparator.comparingLong(FlatRange::start));
            FlatRange[] nextArray = next.toArray(FlatRange[]::new);
            DispatchTrieEditor editor = t.edit();
            editor.update(nextArray, 0, nextArray.length, p, p);
            DispatchTrie u = editor.build();
            checkLookups(u, next, rnd, "seed=" + seed + " round=" + round);
            exactNodesSeen += exactNodes(u.root);
            old.add(new Version(t, view));
            t = u;
            view = next;
        }
        checkVersions(old, rnd, seed);
        assertThat(exactNodesSeen).as("seed=%d: the edits kept some nodes exact", seed).isPositive();
    }

    /** A version of the tree and the view it was derived for. */
    private record Version(DispatchTrie trie, List<FlatRange> view) {
    }

    /** Checks that every older version still answers its own view after later edits. */
    private static void checkVersions(List<Version> versions, RandomGenerator rnd, long seed) {
        for (int i = 0; i < versions.size(); i++) {
            checkLookups(versions.get(i).trie(), versions.get(i).view(), rnd, "seed=" + seed + " old version " + i);
        }
    }

    private static int exactNodes(Object e) {
        if (!DispatchTrie.isNode(e)) {
            return 0;
        }
        if (e instanceof FlatRange[]) {
            return 1;
        }
        int n = 0;
        for (int i = 0; i < DispatchTrie.SLOTS; i++) {
            n += exactNodes(((Object[]) e)[i]);
        }
        return n;
    }

    @Test
    void lookupsMatchALinearScanForRandomViews() {
        long seed = System.nanoTime();
        RandomGenerator rnd = RandomGeneratorFactory.of("L64X128MixRandom").create(seed);
        for (int round = 0; round < 300; round++) {
            List<FlatRange> view = randomView(rnd);
            DispatchTrie t = DispatchTrie.build(view.toArray(FlatRange[]::new));
            checkLookups(t, view, rnd, "seed=" + seed + " round=" + round);
        }
    }

    @Test
    void editedVersionsMatchTheirViewsAndOlderVersionsStayIntact() {
        long seed = System.nanoTime();
        RandomGenerator rnd = RandomGeneratorFactory.of("L64X128MixRandom").create(seed);
        List<FlatRange> view = randomView(rnd);
        DispatchTrie t = DispatchTrie.build(view.toArray(FlatRange[]::new));
        List<Version> old = new ArrayList<>();
        for (int round = 0; round < 300; round++) {
            List<FlatRange> next = randomView(rnd);
            FlatRange[] nextArray = next.toArray(FlatRange[]::new);
            DispatchTrieEditor editor = t.edit();
            // Everything that changed lies below 2^40 (see randomView) plus the top page.
            editor.update(nextArray, 0, nextArray.length, 0, (1L << 28) - 1);
            editor.update(nextArray, 0, nextArray.length, DispatchTrie.LAST_PAGE - 1, DispatchTrie.LAST_PAGE);
            DispatchTrie u = editor.build();
            checkLookups(u, next, rnd, "seed=" + seed + " round=" + round);
            old.add(new Version(t, view));
            t = u;
            view = next;
        }
        checkVersions(old, rnd, seed);
    }

    @Test
    void repeatedEditsKeepTheTreeCompact() {
        FlatRange[] pages = pages(0, 1024);
        DispatchTrie t = DispatchTrie.build(pages);
        for (int i = 0; i < 20_000; i++) {
            int p = i % pages.length;
            pages[p] = range(p * 0x1000L, p * 0x1000L + 0xfff);
            DispatchTrieEditor editor = t.edit();
            editor.update(pages, p, p + 1, p, p);
            t = editor.build();
        }
        assertThat(t.nodeCount()).isEqualTo(1 + pages.length / DispatchTrie.SLOTS);
        for (int i = 0; i < pages.length; i++) {
            assertThat(t.lookup(i * 0x1000L + 7)).isSameAs(pages[i]);
        }
    }

    /** Sorted disjoint ranges at mixed granularities: sub-page, page, huge, and at the top of the space. */
    private List<FlatRange> randomView(RandomGenerator rnd) {
        TreeSet<Long> cuts = new TreeSet<>();
        int n = rnd.nextInt(1, 24);
        while (cuts.size() < 2 * n) {
            long unit = switch (rnd.nextInt(4)) {
                case 0 -> 1;
                case 1 -> 0x100;
                case 2 -> 0x1000;
                default -> 0x20_0000;
            };
            cuts.add(rnd.nextLong(1L << 40) / unit * unit);
        }
        List<FlatRange> out = new ArrayList<>();
        var it = cuts.iterator();
        while (it.hasNext()) {
            long s = it.next();
            long e = it.next();
            out.add(range(s, e - 1));
        }
        if (rnd.nextBoolean()) {
            out.add(range(-0x1800L + rnd.nextInt(0x100), -1L));
        }
        return out;
    }

    private static void checkLookups(DispatchTrie t, List<FlatRange> view, RandomGenerator rnd, String what) {
        List<Long> probes = new ArrayList<>();
        for (FlatRange r : view) {
            probes.add(r.start());
            probes.add(r.last());
            probes.add(r.start() - 1);
            probes.add(r.last() + 1);
            probes.add((r.start() & ~0xfffL) + rnd.nextInt(0x1000));
        }
        for (int i = 0; i < 50; i++) {
            probes.add(rnd.nextLong(1L << 40));
        }
        for (long p : probes) {
            assertThat(t.lookup(p)).as("%s addr=0x%x", what, p).isSameAs(scan(view, p));
        }
    }

    /** The last node the lookup of {@code addr} walks through; null when the root is a leaf. */
    private static Object nodeAbove(DispatchTrie t, long addr) {
        Object node = null;
        Object e = t.root;
        int shift = t.rootShift;
        while (DispatchTrie.isNode(e)) {
            node = e;
            e = ((Object[]) e)[(int) (addr >>> shift) & DispatchTrie.SLOT_MASK];
            shift -= DispatchTrie.BITS_PER_LEVEL;
        }
        return node;
    }

    /** The range of {@code view} containing {@code addr}, by a linear scan; null if none. */
    private static FlatRange scan(List<FlatRange> view, long addr) {
        FlatRange found = null;
        for (FlatRange r : view) {
            if (r.contains(addr)) {
                found = r;
            }
        }
        return found;
    }
}
