package dev.physmem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.physmem.flat.FlatView;
import dev.physmem.region.ContainerRegion;
import dev.physmem.region.MemoryRegion;
import dev.physmem.region.MemoryRegionOps;
import dev.physmem.space.AddressSpace;
import dev.physmem.testing.ViewText;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class MemorySystemTest {
    private final MemorySystem sys = new MemorySystem();
    private final MemoryRegionOps ops = MemoryRegionOps.of((o, s) -> 0, (o, v, s) -> {});
    private final ContainerRegion system = sys.initContainer(null, "system", MemoryRegion.SIZE_2_64);
    private final AddressSpace memory = sys.addressSpace(system, "memory");

    private MemoryRegion io(String name, long size) {
        return sys.initIo(null, ops, name, size);
    }

    @Nested
    class Transactions {

        @Test
        void mutatorOutsideATransactionPublishesAtOnce() {
            FlatView before = memory.view();

            system.addSubregion(0x1000, io("dev", 0x10));

            assertThat(memory.view()).isNotSameAs(before);
            assertThat(ViewText.of(memory)).containsExactly("1000-100f dev @0");
            assertThat(sys.transactionDepth()).isZero();
        }

        @Test
        void nestedTransactionsPublishOnlyAtTheOutermostCommit() {
            FlatView before = memory.view();

            sys.begin();
            system.addSubregion(0x1000, io("a", 0x10));
            sys.begin();
            system.addSubregion(0x2000, io("b", 0x10));
            assertThat(sys.transactionDepth()).isEqualTo(2);
            sys.commit();
            assertThat(sys.transactionDepth()).isEqualTo(1);
            assertThat(memory.view()).isSameAs(before);
            sys.commit();

            assertThat(sys.transactionDepth()).isZero();
            assertThat(ViewText.of(memory)).containsExactly("1000-100f a @0", "2000-200f b @0");
        }

        @Test
        void tryWithResourcesPublishesWhenTheOutermostTransactionCloses() {
            var dev = io("dev", 0x10);
            system.addSubregion(0x1000, dev);
            FlatView before = memory.view();

            try (var _ = sys.transaction()) {
                try (var _ = sys.transaction()) {
                    dev.setAddress(0x2000);
                }
                assertThat(memory.view()).isSameAs(before);
                dev.setReadonly(true);
                assertThat(memory.view()).isSameAs(before);
            }

            assertThat(ViewText.of(memory)).containsExactly("2000-200f dev @0 ro");
        }

        @Test
        void exceptionInsideATransactionStillCommitsWhatWasDone() {
            var dev = io("dev", 0x10);

            assertThatThrownBy(() -> {
                try (var _ = sys.transaction()) {
                    system.addSubregion(0x1000, dev);
                    throw new IllegalStateException("device model failed");
                }
            }).hasMessage("device model failed");

            assertThat(sys.transactionDepth()).isZero();
            assertThat(ViewText.of(memory)).containsExactly("1000-100f dev @0");
        }

        @Test
        void refusedMutationInsideATransactionLeavesItsDepthAlone() {
            var dev = io("dev", 0x10);
            system.addSubregion(0, dev);

            try (var _ = sys.transaction()) {
                assertThatThrownBy(() -> system.addSubregion(0, dev)).isInstanceOf(IllegalStateException.class);
                assertThat(sys.transactionDepth()).isEqualTo(1);
            }
            assertThat(sys.transactionDepth()).isZero();
        }

        @Test
        void closingATransactionTwiceCommitsOnce() {
            sys.begin();
            var tx = sys.transaction();

            tx.close();
            tx.close();

            assertThat(sys.transactionDepth()).isEqualTo(1);
            sys.commit();
        }

        @Test
        void transactionThatChangesNothingPublishesNothing() {
            system.addSubregion(0, io("dev", 0x10));
            FlatView before = memory.view();

            try (var _ = sys.transaction()) {
                system.setEnabled(true); // already enabled
            }

            assertThat(memory.view()).isSameAs(before);
        }

        @Test
        void commitWithoutBeginFails() {
            assertThatThrownBy(sys::commit)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("commit without begin")
                    .hasMessageContaining("depth=0");
        }

        @Test
        void commitOnAThreadThatDidNotBeginFails() throws Exception {
            sys.begin();
            try {
                var other = CompletableFuture.runAsync(sys::commit);
                assertThatThrownBy(other::get)
                        .isInstanceOf(ExecutionException.class)
                        .cause()
                        .isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("commit without begin");
            } finally {
                sys.commit();
            }
            assertThat(sys.transactionDepth()).isZero();
        }

        @Test
        void addressSpaceCreatedInsideATransactionRendersAtCommit() {
            var dev = io("dev", 0x10);
            AddressSpace space;
            try (var _ = sys.transaction()) {
                space = sys.addressSpace(dev, "dev-space");
                assertThat(space.view().ranges()).isEmpty();
            }
            assertThat(ViewText.of(space)).containsExactly("0-f dev @0");
        }
    }

    @Nested
    class AddressSpaces {

        @Test
        void addressSpacesAreListedInCreationOrderUntilDestroyed() {
            var io = sys.addressSpace(io("io", 0x10000), "I/O");

            assertThat(sys.addressSpaces()).containsExactly(memory, io);
            sys.destroy(memory);
            assertThat(sys.addressSpaces()).containsExactly(io);
        }

        @Test
        void destroyingAnUnknownAddressSpaceFails() {
            var other = new MemorySystem();
            var stranger = other.addressSpace(other.initContainer(null, "r", 0x10), "stranger");

            assertThatThrownBy(() -> sys.destroy(stranger))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("as=stranger");
        }

        @Test
        void addressSpaceOverARegionOfAnotherSystemFails() {
            var foreign = new MemorySystem().initContainer(null, "foreign", 0x10);

            assertThatThrownBy(() -> sys.addressSpace(foreign, "x"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("root=foreign");
        }
    }

    /** RENDER-RULES §3: which region a view renders from, and which address spaces share it. */
    @Nested
    class FlatViewSharing {

        @Test
        void addressSpacesOverTheSameRootShareOneView() {
            system.addSubregion(0, io("a", 0x10));
            system.addSubregion(0x100, io("b", 0x10));
            var cpu = sys.addressSpace(system, "cpu-memory-0");

            assertThat(cpu.view()).isSameAs(memory.view());
            assertThat(cpu.view().root()).isSameAs(system);
        }

        @Test
        void aliasCoveringItsWholeTargetSharesTheTargetsView() {
            system.addSubregion(0, io("a", 0x10));
            system.addSubregion(0x100, io("b", 0x10));
            var whole = sys.initAlias(null, "bus-master", system, 0, MemoryRegion.SIZE_2_64);
            var dma = sys.addressSpace(whole, "dma");

            assertThat(MemorySystem.flatViewRoot(whole)).isSameAs(system);
            assertThat(dma.view()).isSameAs(memory.view());
        }

        @Test
        void aliasWithAnOffsetOrSmallerThanItsTargetIsItsOwnRoot() {
            system.addSubregion(0, io("a", 0x10));
            system.addSubregion(0x100, io("b", 0x10));
            var shifted = sys.initAlias(null, "shifted", system, 0x100, MemoryRegion.SIZE_2_64);
            var small = sys.initAlias(null, "small", system, 0, 0x100);
            var viaShifted = sys.addressSpace(shifted, "shifted-space");
            var viaSmall = sys.addressSpace(small, "small-space");

            assertThat(viaShifted.view().root()).isSameAs(shifted);
            assertThat(ViewText.of(viaShifted)).containsExactly("0-f b @0");
            assertThat(viaSmall.view().root()).isSameAs(small);
            assertThat(ViewText.of(viaSmall)).containsExactly("0-f a @0");
        }

        @Test
        void containerWithOneEnabledChildAtZeroRendersFromThatChild() {
            var pci = sys.initContainer(null, "pci", MemoryRegion.SIZE_2_64);
            pci.addSubregion(0x1000, io("bar", 0x10));
            pci.addSubregion(0x2000, io("rom", 0x10));
            var bus = sys.initContainer(null, "bus-master-container", MemoryRegion.SIZE_2_64);
            bus.addSubregion(0, sys.initAlias(null, "bus-master", pci, 0, MemoryRegion.SIZE_2_64));
            var direct = sys.addressSpace(pci, "pci");
            var viaBus = sys.addressSpace(bus, "bus-master-as");

            assertThat(viaBus.view().root()).isSameAs(pci);
            assertThat(viaBus.view()).isSameAs(direct.view());
        }

        @Test
        void onlyEnabledChildrenCount() {
            var bus = sys.initContainer(null, "bus", 0x10000);
            var only = sys.initContainer(null, "only", 0x10000);
            only.addSubregion(0, io("x", 0x10));
            only.addSubregion(0x10, io("y", 0x10));
            var off = io("off", 0x10);
            bus.addSubregion(0, only);
            bus.addSubregion(0x8000, off);
            var space = sys.addressSpace(bus, "bus");
            assertThat(space.view().root()).isSameAs(bus);

            off.setEnabled(false);

            assertThat(space.view().root()).isSameAs(only);
        }

        @Test
        void childAwayFromZeroOrLargerThanItsContainerIsNotSkipped() {
            var away = sys.initContainer(null, "away", 0x10000);
            away.addSubregion(0x10, io("dev", 0x10));
            var tight = sys.initContainer(null, "tight", 0x10);
            var big = sys.initContainer(null, "big", 0x100);
            big.addSubregion(0, io("p", 0x10));
            big.addSubregion(0x20, io("q", 0x10));
            tight.addSubregion(0, big);

            assertThat(sys.addressSpace(away, "away").view().root()).isSameAs(away);
            var clipped = sys.addressSpace(tight, "tight");
            assertThat(clipped.view().root()).isSameAs(tight);
            assertThat(ViewText.of(clipped)).containsExactly("0-f p @0");
        }

        @Test
        void terminalRootIsItsOwnRootEvenWithOneChildAtZero() {
            var dev = io("dev", 0x100);
            dev.addSubregion(0, io("sub", 0x100));

            assertThat(sys.addressSpace(dev, "dev").view().root()).isSameAs(dev);
        }

        @Test
        void containerWithNoEnabledChildGivesAnEmptySharedViewWithNoRoot() {
            var lonely = sys.initContainer(null, "lonely", 0x1000);
            var hidden = io("hidden", 0x10);
            lonely.addSubregion(0, hidden);
            hidden.setEnabled(false);
            var a = sys.addressSpace(lonely, "a");
            var b = sys.addressSpace(sys.initContainer(null, "empty", 0x1000), "b");

            assertThat(MemorySystem.flatViewRoot(lonely)).isNull();
            assertThat(a.view().root()).isNull();
            assertThat(a.view().ranges()).isEmpty();
            assertThat(b.view()).isSameAs(a.view());
        }

        @Test
        void disabledRootGivesAnEmptyView() {
            var dev = io("dev", 0x10);
            var space = sys.addressSpace(dev, "dev");

            dev.setEnabled(false);

            assertThat(space.view().root()).isNull();
            assertThat(space.view().ranges()).isEmpty();
        }

        @Test
        void skippingAWholeTargetAliasDropsItsFlagsAsQemuDoes() {
            // QEMU 7.2's memory_region_get_flatview_root looks only at offset and size, so a
            // read-only alias over its whole target renders as the target itself.
            var ram = sys.initRam(null, "ram", 0x1000);
            var ro = sys.initAlias(null, "ro", ram, 0, 0x1000);
            ro.setReadonly(true);

            var space = sys.addressSpace(ro, "ro-space");

            assertThat(space.view().root()).isSameAs(ram);
            assertThat(ViewText.of(space)).containsExactly("0-fff ram @0");
        }
    }
}
