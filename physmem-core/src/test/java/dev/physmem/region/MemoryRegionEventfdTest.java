package dev.physmem.region;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.physmem.MemorySystem;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/** {@code addEventfd}/{@code delEventfd}: the kept list, QEMU's order, and every misuse. */
class MemoryRegionEventfdTest {
    private final MemorySystem sys = new MemorySystem();
    private final MemoryRegionOps ops = MemoryRegionOps.of((offset, size) -> 0, (offset, value, size) -> { });
    private final IoRegion io = sys.initIo(null, ops, "dev", 0x100);
    private final CountingEventNotifier a = new CountingEventNotifier("a");
    private final CountingEventNotifier b = new CountingEventNotifier("b");

    @Test
    void eventfdsAreKeptInQemusOrderAddressSizeThenDataRuleThenData() {
        io.addEventfd(0x10, 4, true, 7, a);
        io.addEventfd(0x10, 4, false, 0, a);
        io.addEventfd(0x10, 2, false, 0, a);
        io.addEventfd(0x08, 8, false, 0, a);
        io.addEventfd(0x10, 4, true, 5, a);

        assertThat(io.ioeventfds()).extracting(Ioeventfd::addr, Ioeventfd::size, Ioeventfd::matchData, Ioeventfd::data)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(0x08L, 8, false, 0L),
                        org.assertj.core.groups.Tuple.tuple(0x10L, 2, false, 0L),
                        org.assertj.core.groups.Tuple.tuple(0x10L, 4, false, 0L),
                        org.assertj.core.groups.Tuple.tuple(0x10L, 4, true, 5L),
                        org.assertj.core.groups.Tuple.tuple(0x10L, 4, true, 7L));
    }

    @Test
    void deletingRemovesExactlyTheEventfdWithTheSameNotifier() {
        io.addEventfd(0x10, 4, false, 0, a);
        io.addEventfd(0x10, 4, false, 0, b);

        io.delEventfd(0x10, 4, false, 0, a);

        assertThat(io.ioeventfds()).extracting(Ioeventfd::notifier).containsExactly(b);
    }

    @Test
    void dataIsIgnoredWithoutMatchData() {
        io.addEventfd(0x10, 4, false, 0x1234, a);

        io.delEventfd(0x10, 4, false, 0x9999, a);

        assertThat(io.ioeventfds()).isEmpty();
    }

    @Test
    void deletingAnEventfdThatIsNotThereFailsNamingIt() {
        io.addEventfd(0x10, 4, true, 1, a);

        assertThatThrownBy(() -> io.delEventfd(0x10, 4, true, 2, a))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no such eventfd: region=dev Ioeventfd[@0x10 size=4 data=0x2 a]");
        assertThatThrownBy(() -> io.delEventfd(0x10, 4, true, 1, b))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no such eventfd");
        assertThat(io.ioeventfds()).hasSize(1);
    }

    @Test
    void addingTheSameEventfdTwiceFails() {
        io.addEventfd(0x10, 4, false, 0, a);

        assertThatThrownBy(() -> io.addEventfd(0x10, 4, false, 0, a))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("eventfd already added: region=dev");
    }

    @Test
    void sizesOtherThanZeroOneTwoFourOrEightAreRejected() {
        assertThatThrownBy(() -> io.addEventfd(0x10, 3, false, 0, a))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("eventfd size must be 0, 1, 2, 4 or 8: size=3");
        assertThatThrownBy(() -> io.addEventfd(0x10, 16, false, 0, a)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aSizeZeroEventfdCannotMatchData() {
        assertThatThrownBy(() -> io.addEventfd(0x10, 0, true, 1, a))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("size 0 (any size) cannot match data");
    }

    @Test
    void dataWiderThanTheSizeIsRejected() {
        assertThatThrownBy(() -> io.addEventfd(0x10, 2, true, 0x1_0000, a))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("eventfd data wider than its size: size=2 data=0x10000");
    }

    @Test
    void anEventfdMustLieInsideTheRegion() {
        io.addEventfd(0xfc, 4, false, 0, a);
        io.addEventfd(0xff, 0, false, 0, a);

        assertThatThrownBy(() -> io.addEventfd(0xfe, 4, false, 0, a))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("eventfd outside the region: region=dev");
        assertThatThrownBy(() -> io.addEventfd(0x100, 0, false, 0, a)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> io.addEventfd(-2, 4, false, 0, a)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void containersAndAliasesTakeNoEventfds() {
        ContainerRegion c = sys.initContainer(null, "c", 0x100);
        AliasRegion alias = sys.initAlias(null, "alias", io, 0, 0x100);

        assertThatThrownBy(() -> c.addEventfd(0, 4, false, 0, a))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a container or alias: region=c");
        assertThatThrownBy(() -> alias.addEventfd(0, 4, false, 0, a)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aFailedAddLeavesTheTransactionDepthAndListAlone() {
        assertThatThrownBy(() -> io.addEventfd(0x10, 3, false, 0, a)).isInstanceOf(IllegalArgumentException.class);

        assertThat(sys.transactionDepth()).isZero();
        assertThat(io.ioeventfds()).isEmpty();
    }

    @Test
    void dataIsKeptInTheDevicesByteOrder() {
        MemorySystem big = new MemorySystem(ByteOrder.BIG_ENDIAN);
        IoRegion le = big.initIo(null, MemoryRegionOps.of((o, s) -> 0, (o, v, s) -> { }, Endianness.LITTLE,
                AccessConstraints.DEFAULT, AccessConstraints.DEFAULT), "le", 0x10);
        IoRegion nat = big.initIo(null, ops, "native", 0x10);

        le.addEventfd(0, 4, true, 0x1122_3344L, a);
        le.addEventfd(8, 1, true, 0x11, a);
        nat.addEventfd(0, 4, true, 0x1122_3344L, a);

        assertThat(le.ioeventfds()).extracting(Ioeventfd::data).containsExactly(0x4433_2211L, 0x11L);
        assertThat(nat.ioeventfds()).extracting(Ioeventfd::data).containsExactly(0x1122_3344L);
    }
}
