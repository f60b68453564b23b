package dev.physmem.attr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class IommuAccessFlagsTest {

    @Test
    void theBitsAreQemus() {
        assertThat(IommuAccessFlags.NONE.bits()).isZero();
        assertThat(IommuAccessFlags.RO.bits()).isEqualTo(1);
        assertThat(IommuAccessFlags.WO.bits()).isEqualTo(2);
        assertThat(IommuAccessFlags.RW.bits()).isEqualTo(3);
        for (IommuAccessFlags f : IommuAccessFlags.values()) {
            assertThat(IommuAccessFlags.ofBits(f.bits())).isSameAs(f);
            assertThat(IommuAccessFlags.of(f.allowsRead(), f.allowsWrite())).isSameAs(f);
        }
        assertThatThrownBy(() -> IommuAccessFlags.ofBits(4)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("IOMMU access flags must be 0..3: bits=4");
    }

    @Test
    void anAccessPassesWhenItsDirectionIsPermitted() {
        assertThat(IommuAccessFlags.forAccess(false)).isSameAs(IommuAccessFlags.RO);
        assertThat(IommuAccessFlags.forAccess(true)).isSameAs(IommuAccessFlags.WO);
        assertThat(IommuAccessFlags.RO.allows(false)).isTrue();
        assertThat(IommuAccessFlags.RO.allows(true)).isFalse();
        assertThat(IommuAccessFlags.WO.allows(true)).isTrue();
        assertThat(IommuAccessFlags.WO.allows(false)).isFalse();
        assertThat(IommuAccessFlags.RW.allows(true)).isTrue();
        assertThat(IommuAccessFlags.NONE.allows(false)).isFalse();
    }
}
