package dev.physmem.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.physmem.MemorySystem;
import dev.physmem.inspect.Explanation.Verdict;
import dev.physmem.region.ContainerRegion;
import dev.physmem.region.MemoryRegion;
import dev.physmem.region.MemoryRegionOps;
import dev.physmem.region.RamRegion;
import dev.physmem.space.AddressSpace;
import org.junit.jupiter.api.Test;

class ExplainerTest {
    private final MemorySystem sys = new MemorySystem();
    private final ContainerRegion root = sys.initContainer(null, "system", MemoryRegion.SIZE_2_64);
    private final RamRegion ram = sys.initRam(null, "ram", 0x10_0000);
    private final ContainerRegion pci = sys.initContainer(null, "pci", MemoryRegion.SIZE_2_64);
    private final MemoryRegionOps ops = MemoryRegionOps.of((o, s) -> 0, (o, v, s) -> {});

    private AddressSpace build() {
        root.addSubregion(0, ram);
        root.addSubregionOverlap(0, pci, -1);
        return sys.addressSpace(root, "memory");
    }

    @Test
    void higherPrioritySiblingShadowsTheLowerOne() {
        AddressSpace as = build();
        Explanation e = Explainer.explain(as, 0x1000);
        assertThat(e.answer()).isSameAs(ram);
        assertThat(e.offset()).isEqualTo(0x1000);
        assertThat(e.steps()).extracting(s -> s.region().name(), Explanation.Step::verdict)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("system", Verdict.ENTERED),
                        org.assertj.core.groups.Tuple.tuple("ram", Verdict.ANSWERS),
                        org.assertj.core.groups.Tuple.tuple("pci", Verdict.SHADOWED));
    }

    @Test
    void aliasIsFollowedWithItsOffsetAndEmptyContainerIsTransparent() {
        var window = sys.initAlias(null, "win", pci, 0xa0000, 0x20000);
        root.addSubregionOverlap(0xa0000, window, 1);
        AddressSpace as = build();
        Explanation e = Explainer.explain(as, 0xa0010);
        assertThat(e.answer()).isSameAs(ram);
        assertThat(e.steps()).extracting(s -> s.region().name(), Explanation.Step::verdict)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("system", Verdict.ENTERED),
                        org.assertj.core.groups.Tuple.tuple("win", Verdict.ENTERED),
                        org.assertj.core.groups.Tuple.tuple("pci", Verdict.TRANSPARENT),
                        org.assertj.core.groups.Tuple.tuple("ram", Verdict.ANSWERS),
                        org.assertj.core.groups.Tuple.tuple("pci", Verdict.SHADOWED));
        assertThat(as.view().lookup(0xa0010).region()).isSameAs(e.answer());
    }

    @Test
    void disabledRegionIsReportedAndSkipped() {
        var dev = sys.initIo(null, ops, "dev", 0x1000);
        root.addSubregionOverlap(0x2000, dev, 5);
        dev.setEnabled(false);
        AddressSpace as = build();
        Explanation e = Explainer.explain(as, 0x2000);
        assertThat(e.steps()).anySatisfy(s -> {
            assertThat(s.region()).isSameAs(dev);
            assertThat(s.verdict()).isEqualTo(Verdict.DISABLED);
        });
        assertThat(e.answer()).isSameAs(ram);
        assertThat(ExplanationFormatter.format("memory", e)).contains("dev (i/o)").contains("disabled")
                .contains("=> ram @0x0000000000002000 (ram)");
    }

    @Test
    void disabledSiblingAfterTheWinnerIsReportedDisabledNotShadowed() {
        var off = sys.initIo(null, ops, "off", 0x1000);
        root.addSubregionOverlap(0x2000, off, -5);
        off.setEnabled(false);
        AddressSpace as = build();
        Explanation e = Explainer.explain(as, 0x2000);
        assertThat(e.steps()).filteredOn(s -> s.region() == off).singleElement()
                .satisfies(s -> assertThat(s.verdict()).isEqualTo(Verdict.DISABLED));
    }

    @Test
    void addressNobodyAnswersIsUnassigned() {
        AddressSpace as = build();
        Explanation e = Explainer.explain(as, 0x1_0000_0000L);
        assertThat(e.unassigned()).isTrue();
        assertThat(as.view().lookup(0x1_0000_0000L)).isNull();
        assertThat(ExplanationFormatter.format("memory", e)).contains("unassigned");
    }

    @Test
    void aliasWindowPastItsTargetShowsNothing() {
        var small = sys.initRam(null, "small", 0x1000);
        var wide = sys.initAlias(null, "wide", small, 0, 0x4000);
        root.addSubregionOverlap(0x20_0000, wide, 0);
        AddressSpace as = build();
        Explanation e = Explainer.explain(as, 0x20_2000);
        assertThat(e.unassigned()).isTrue();
        assertThat(e.steps()).extracting(Explanation.Step::verdict).contains(Verdict.PAST_TARGET);
        assertThat(Explainer.explain(as, 0x20_0010).answer()).isSameAs(small);
    }
}
