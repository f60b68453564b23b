package dev.physmem.iommu;

import static dev.physmem.attr.IommuAccessFlags.NONE;
import static dev.physmem.attr.IommuAccessFlags.RW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.physmem.MemorySystem;
import dev.physmem.region.MemoryRegion;
import dev.physmem.space.AddressSpace;
import org.junit.jupiter.api.Test;

class IommuTlbEntryTest {
    private final MemorySystem sys = new MemorySystem();
    private final AddressSpace as = sys.addressSpace(sys.initContainer(null, "system", MemoryRegion.SIZE_2_64),
            "memory");

    @Test
    void aMaskMustBeTwoToTheKMinusOne() {
        assertThatThrownBy(() -> new IommuTlbEntry(as, 0, 0, 0xffe, RW))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("addrMask must be 2^k-1: addrMask=0xffe");
        assertThatThrownBy(() -> new IommuTlbEntry(as, 0, 0, 0x1001, RW))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new IommuTlbEntry(as, 0, 0, 0, RW).lastIova()).isZero();
        assertThat(new IommuTlbEntry(as, 0, 0, -1L, RW).lastIova()).isEqualTo(-1L);
        assertThat(new IommuTlbEntry(as, 1L << 63, 0, Long.MAX_VALUE, RW).lastIova()).isEqualTo(-1L);
    }

    @Test
    void bothAddressesMustBeAlignedToThePage() {
        assertThatThrownBy(() -> new IommuTlbEntry(as, 0x1800, 0, 0xfff, RW))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("iova and translatedAddr must be aligned to the page: iova=0x1800 translatedAddr=0x0"
                        + " addrMask=0xfff");
        assertThatThrownBy(() -> new IommuTlbEntry(as, 0x1000, 0x10, 0xfff, RW))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void targetAndPermissionsAreRequired() {
        assertThatThrownBy(() -> new IommuTlbEntry(null, 0, 0, 0xfff, RW))
                .isInstanceOf(NullPointerException.class).hasMessage("targetAs");
        assertThatThrownBy(() -> new IommuTlbEntry(as, 0, 0, 0xfff, null))
                .isInstanceOf(NullPointerException.class).hasMessage("perm");
    }

    @Test
    void anEntryTranslatesTheOffsetsOfItsPage() {
        IommuTlbEntry e = new IommuTlbEntry(as, 0x3000, 0xfffff000L, 0xfff, RW);
        assertThat(e.covers(0x3000)).isTrue();
        assertThat(e.covers(0x3fff)).isTrue();
        assertThat(e.covers(0x4000)).isFalse();
        assertThat(e.covers(0x2fff)).isFalse();
        assertThat(e.translate(0x3abc)).isEqualTo(0xfffffabcL);
        assertThat(e.isValid()).isTrue();
        assertThat(IommuTlbEntry.unmapped(as, 0x3000, 0xfff).isValid()).isFalse();
        assertThat(IommuTlbEntry.unmapped(as, 0x3000, 0xfff).perm()).isEqualTo(NONE);
    }

    @Test
    void croppingCutsThePartInsideIntoAlignedPages() {
        IommuTlbEntry e = new IommuTlbEntry(as, 0, 0x100000, 0xffff, RW);
        assertThat(e.cropTo(0, 0xffff)).containsExactly(e);
        assertThat(e.cropTo(0x10000, 0x20000)).isEmpty();
        assertThat(e.cropTo(0x1800, 0x5fff)).containsExactly(
                new IommuTlbEntry(as, 0x1800, 0x101800, 0x7ff, RW),
                new IommuTlbEntry(as, 0x2000, 0x102000, 0x1fff, RW),
                new IommuTlbEntry(as, 0x4000, 0x104000, 0x1fff, RW));
        assertThat(IommuTlbEntry.unmapped(as, 0, 0xffff).cropTo(0xfffe, 0x1_0000_0000L)).containsExactly(
                IommuTlbEntry.unmapped(as, 0xfffe, 1));
    }

    @Test
    void croppingWorksAtTheTopOf64Bits() {
        IommuTlbEntry whole = new IommuTlbEntry(as, 0, 0, -1L, RW);
        assertThat(whole.cropTo(0, -1L)).containsExactly(whole);
        assertThat(whole.cropTo(0xffff_ffff_ffff_f000L, -1L)).containsExactly(
                new IommuTlbEntry(as, 0xffff_ffff_ffff_f000L, 0xffff_ffff_ffff_f000L, 0xfff, RW));
        assertThat(whole.cropTo(1, -1L)).hasSize(64).allSatisfy(p -> assertThat(p.translatedAddr()).isEqualTo(p.iova()));
        assertThat(whole.cropTo(1, -1L).getLast().iova()).isEqualTo(1L << 63);
    }
}
