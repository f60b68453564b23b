package dev.physmem.ram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RamBlockSpecTest {

    @Test
    void aResizeableSpecHasTheFlagAndTheCallback() {
        ResizeCallback cb = (idstr, size, host) -> { };
        RamBlockSpec spec = RamBlockSpec.resizeable(0x20_0000, 4096, cb);
        assertThat(spec.flags()).containsExactly(RamBlockFlag.RESIZEABLE);
        assertThat(spec.resized()).isSameAs(cb);
    }

    @Test
    void flagsAreCopiedAndImmutable() {
        EnumSet<RamBlockFlag> flags = EnumSet.of(RamBlockFlag.SHARED);
        RamBlockSpec spec = RamBlockSpec.fixed(4096, 4096, flags);
        flags.add(RamBlockFlag.READONLY);
        assertThat(spec.flags()).containsExactly(RamBlockFlag.SHARED);
        assertThatThrownBy(() -> spec.flags().add(RamBlockFlag.READONLY))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void migratableIsSetByRegistrationOnly() {
        assertThatThrownBy(() -> RamBlockSpec.fixed(4096, 4096, Set.of(RamBlockFlag.MIGRATABLE)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("MIGRATABLE is set by registration, not asked for: flags=[MIGRATABLE]");
    }

    @Test
    void aCallbackWithoutResizeableIsRejected() {
        assertThatThrownBy(() -> new RamBlockSpec(4096, 4096, Set.of(), (i, s, h) -> { }))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a resize callback needs RESIZEABLE: flags=[]");
    }

    @Test
    void thePageSizeMustBeAPowerOfTwo() {
        assertThatThrownBy(() -> RamBlockSpec.fixed(4096, 3000, Set.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("pageSize must be a power of two: pageSize=3000");
    }
}
