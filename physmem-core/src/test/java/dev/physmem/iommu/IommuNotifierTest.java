package dev.physmem.iommu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import org.junit.jupiter.api.Test;

class IommuNotifierTest {

    @Test
    void aNotifierNeedsAFlagAnOrderedRangeAndAnIndex() {
        assertThatThrownBy(() -> new IommuNotifier(e -> { }, EnumSet.noneOf(IommuNotifierFlag.class), 0, 1, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a notifier needs at least one flag: flags=[]");
        assertThatThrownBy(() -> new IommuNotifier(e -> { }, EnumSet.of(IommuNotifierFlag.MAP), 0x2000, 0x1fff, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("notifier range ends before it starts: start=0x2000 end=0x1fff");
        assertThatThrownBy(() -> new IommuNotifier(e -> { }, EnumSet.of(IommuNotifierFlag.MAP), 0, 1, -1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("iommuIdx must not be negative: iommuIdx=-1");
    }

    @Test
    void theRangeIsInclusiveAndUnsigned() {
        IommuNotifier n = new IommuNotifier(e -> { }, EnumSet.of(IommuNotifierFlag.UNMAP), 1L << 63, -1L, 0);
        assertThat(n.overlaps(0, Long.MAX_VALUE)).isFalse();
        assertThat(n.overlaps(0, 1L << 63)).isTrue();
        assertThat(n.overlaps(-1L, -1L)).isTrue();
        assertThat(n.toString()).isEqualTo("IommuNotifier[[UNMAP] 0x8000000000000000..0xffffffffffffffff idx=0]");
    }

    @Test
    void theFlagsAreACopy() {
        EnumSet<IommuNotifierFlag> flags = EnumSet.of(IommuNotifierFlag.MAP);
        IommuNotifier n = new IommuNotifier(e -> { }, flags, 0, 1, 0);
        flags.add(IommuNotifierFlag.UNMAP);
        assertThat(n.flags()).containsExactly(IommuNotifierFlag.MAP);
        assertThatThrownBy(() -> n.flags().add(IommuNotifierFlag.UNMAP))
                .isInstanceOf(UnsupportedOperationException.class);
    }
}
