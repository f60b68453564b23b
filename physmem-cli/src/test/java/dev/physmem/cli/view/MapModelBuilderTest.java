package dev.physmem.cli.view;

import static org.assertj.core.api.Assertions.assertThat;

import dev.physmem.MemorySystem;
import dev.physmem.cli.view.MapModel.Range;
import dev.physmem.cli.view.MapModel.Space;
import dev.physmem.cli.view.MapModel.Tree;
import dev.physmem.cli.view.MapModel.View;
import dev.physmem.flat.FlatRange;
import dev.physmem.inspect.Explainer;
import dev.physmem.inspect.ExplanationFormatter;
import dev.physmem.models.x86.PcMachine;
import dev.physmem.space.AddressSpace;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class MapModelBuilderTest {
    private final MemorySystem system = new MemorySystem();
    private final MapModel model = build();

    private MapModel build() {
        PcMachine.build(system, 512L << 20);
        return MapModelBuilder.build(system, "pc");
    }

    private AddressSpace space(String name) {
        return system.addressSpaces().stream().filter(as -> as.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void addressSpacesSharingAFlatViewAreOneViewAsInfoMtreeFGroupsThem() {
        assertThat(model.views()).extracting(v -> v.spaces().stream().map(Space::name).toList(), View::root)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(List.of("memory", "cpu-memory-0"), "system"),
                        org.assertj.core.groups.Tuple.tuple(List.of("I/O"), "io"),
                        org.assertj.core.groups.Tuple.tuple(List.of("cpu-smm-0"), "memory"),
                        org.assertj.core.groups.Tuple.tuple(List.of("i440FX", "PIIX3", "piix3-ide", "PIIX4_PM"), null));
    }

    @Test
    void eachSpaceNamesItsOwnRootWhichMayDifferFromTheViews() {
        assertThat(model.views().getFirst().spaces())
                .containsExactly(new Space("memory", "system"), new Space("cpu-memory-0", "system"));
        assertThat(model.views().getLast().spaces()).extracting(Space::root).containsOnly("bus master container");
    }

    @Test
    void everyRangeOfTheFlatViewIsThereWithItsOffsetTypeAndPriority() {
        View memory = model.views().getFirst();
        List<FlatRange> flat = space("memory").view().ranges();

        assertThat(memory.ranges()).hasSize(flat.size());
        for (int i = 0; i < flat.size(); i++) {
            FlatRange f = flat.get(i);
            assertThat(memory.ranges().get(i)).satisfies(r -> {
                assertThat(r.start()).isEqualTo(Hex.of(f.start()));
                assertThat(r.last()).isEqualTo(Hex.of(f.last()));
                assertThat(r.region()).isEqualTo(f.region().name());
                assertThat(r.offset()).isEqualTo(Hex.of(f.offsetInRegion()));
                assertThat(r.type()).isEqualTo(f.typeName());
                assertThat(r.prio()).isEqualTo(f.region().priority());
                assertThat(r.kind()).isEqualTo(RangeKind.of(f).cssName());
            });
        }
        assertThat(memory.ranges()).extracting(Range::region, Range::type).contains(
                org.assertj.core.groups.Tuple.tuple("pc.bios", "rom"),
                org.assertj.core.groups.Tuple.tuple("apic-msi", "i/o"));
    }

    @Test
    void eachRangeCarriesTheExplanationOfItsFirstAddress() {
        AddressSpace memory = space("memory");
        Range bios = model.views().getFirst().ranges().stream()
                .filter(r -> r.region().equals("pc.bios") && !r.offset().equals(Hex.of(0)))
                .findFirst().orElseThrow();

        assertThat(bios.explain())
                .isEqualTo(ExplanationFormatter.format("memory", Explainer.explain(memory, 0xe_0000L)))
                .contains("alias isa-bios @pc.bios");
    }

    @Test
    void emptyViewHasNoRangesAndATreePerDistinctRoot() {
        View busMasters = model.views().getLast();

        assertThat(busMasters.ranges()).isEmpty();
        assertThat(busMasters.trees()).extracting(Tree::spaces).containsExactly(
                List.of("i440FX"), List.of("PIIX3"), List.of("piix3-ide"), List.of("PIIX4_PM"));
        assertThat(busMasters.trees()).allSatisfy(t -> assertThat(t.root().name()).isEqualTo("bus master container"));
    }

    @Test
    void spacesOnOneRootShareOneTree() {
        assertThat(model.views().getFirst().trees()).singleElement()
                .satisfies(t -> assertThat(t.spaces()).containsExactly("cpu-memory-0", "memory"));
    }

    @Test
    void legendListsEveryKindInDeclarationOrder() {
        assertThat(model.legend()).extracting(MapModel.Legend::kind)
                .containsExactlyElementsOf(Arrays.stream(RangeKind.values()).map(RangeKind::cssName).toList());
    }

    @Test
    void systemWithoutAddressSpacesHasNoViews() {
        assertThat(MapModelBuilder.build(new MemorySystem(), "nothing").views()).isEmpty();
    }
}
