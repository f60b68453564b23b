package dev.physmem.iommu;

import static dev.physmem.attr.IommuAccessFlags.RO;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.physmem.MemorySystem;
import dev.physmem.region.MemoryRegion;
import dev.physmem.space.AddressSpace;
import org.junit.jupiter.api.Test;

class IommuTlbEventTest {
    private final MemorySystem sys = new MemorySystem();
    private final AddressSpace as = sys.addressSpace(sys.initContainer(null, "system", MemoryRegion.SIZE_2_64),
            "memory");
    private final IommuTlbEntry valid = new IommuTlbEntry(as, 0x1000, 0x2000, 0xfff, RO);
    private final IommuTlbEntry invalid = IommuTlbEntry.unmapped(as, 0x1000, 0xfff);

    @Test
    void anEntryWithPermNoneIsAnUnmapEvent() {
        assertThat(IommuTlbEvent.of(valid).type()).isEqualTo(IommuNotifierFlag.MAP);
        assertThat(IommuTlbEvent.of(invalid).type()).isEqualTo(IommuNotifierFlag.UNMAP);
    }

    @Test
    void theTypeMustAgreeWithThePermissions() {
        assertThatThrownBy(() -> new IommuTlbEvent(IommuNotifierFlag.MAP, invalid))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a MAP event needs a valid entry, an unmap event perm=NONE: type=MAP perm=NONE");
        assertThatThrownBy(() -> new IommuTlbEvent(IommuNotifierFlag.UNMAP, valid))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new IommuTlbEvent(IommuNotifierFlag.DEVIOTLB_UNMAP, valid))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new IommuTlbEvent(IommuNotifierFlag.DEVIOTLB_UNMAP, invalid).entry()).isSameAs(invalid);
    }
}
