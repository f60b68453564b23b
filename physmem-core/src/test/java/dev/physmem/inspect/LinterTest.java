package dev.physmem.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.physmem.MemorySystem;
import dev.physmem.inspect.LintFinding.Kind;
import dev.physmem.region.ContainerRegion;
import dev.physmem.region.MemoryRegion;
import dev.physmem.region.MemoryRegionOps;
import org.junit.jupiter.api.Test;

class LinterTest {
    private final MemorySystem sys = new MemorySystem();
    private final ContainerRegion root = sys.initContainer(null, "system", MemoryRegion.SIZE_2_64);
    private final MemoryRegionOps ops = MemoryRegionOps.of((o, s) -> 0, (o, v, s) -> {});

    @Test
    void cleanMapHasNoFindings() {
        root.addSubregion(0, sys.initRam(null, "ram", 0x1000));
        root.addSubregion(0x1000, sys.initIo(null, ops, "dev", 0x100));
        sys.addressSpace(root, "memory");
        assertThat(Linter.lint(sys)).isEmpty();
    }

    @Test
    void regionCoveredByAHigherPriorityOneIsHidden() {
        var low = sys.initIo(null, ops, "low", 0x100);
        root.addSubregionOverlap(0x1000, low, 0);
        root.addSubregionOverlap(0x0, sys.initRam(null, "big", 0x10000), 1);
        sys.addressSpace(root, "memory");
        assertThat(Linter.lint(sys)).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(Kind.HIDDEN);
            assertThat(f.path()).isEqualTo("system/low");
        });
    }

    @Test
    void equalPriorityOverlapOfEnabledSiblingsNamesTheWinner() {
        root.addSubregion(0x0, sys.initIo(null, ops, "first", 0x200));
        root.addSubregion(0x100, sys.initIo(null, ops, "second", 0x200));
        sys.addressSpace(root, "memory");
        assertThat(Linter.lint(sys)).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(Kind.EQUAL_PRIORITY_OVERLAP);
            assertThat(f.region().name()).isEqualTo("first");
            assertThat(f.reason()).contains("second wins");
        });
    }

    @Test
    void disabledOverlappingAlternativesAreNotReported() {
        var a = sys.initIo(null, ops, "a", 0x100);
        var b = sys.initIo(null, ops, "b", 0x100);
        root.addSubregionOverlap(0, a, 1);
        root.addSubregionOverlap(0, b, 1);
        b.setEnabled(false);
        sys.addressSpace(root, "memory");
        assertThat(Linter.lint(sys)).isEmpty();
    }

    @Test
    void aliasPastTargetZeroSizeAndUnreachableRegionsAreReported() {
        var ram = sys.initRam(null, "ram", 0x1000);
        root.addSubregion(0, ram);
        root.addSubregion(0x10000, sys.initAlias(null, "wide", ram, 0x800, 0x1000));
        root.addSubregion(0x20000, sys.initIo(null, ops, "nothing", 0));
        var orphan = sys.initIo(null, ops, "orphan", 0x10);
        sys.addressSpace(root, "memory");
        var findings = Linter.lint(sys);
        java.lang.ref.Reference.reachabilityFence(orphan); // held weakly by the system
        assertThat(findings).extracting(LintFinding::kind, f -> f.region().name())
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple(Kind.ALIAS_PAST_TARGET, "wide"),
                        org.assertj.core.groups.Tuple.tuple(Kind.ZERO_SIZE, "nothing"),
                        org.assertj.core.groups.Tuple.tuple(Kind.UNREACHABLE, "orphan"));
    }
}
