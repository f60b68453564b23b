package dev.physmem.mtree;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.List;
import org.junit.jupiter.api.Test;

class MtreeOptionsTest {

    @Test
    void dispatchCountsOnlyWithFlatAndDisabledOnlyWithout() {
        assertThat(MtreeOptions.tree().withDispatch()).isEqualTo(MtreeOptions.tree());
        assertThat(MtreeOptions.flatView().withDisabled()).isEqualTo(MtreeOptions.flatView());
        assertThat(MtreeOptions.flatView().withDispatch().dispatch()).isTrue();
        assertThat(MtreeOptions.tree().withDisabled().disabled()).isTrue();
    }

    @Test
    void commandSpellsTheFlagsInQemusOrder() {
        assertThat(MtreeOptions.tree().withDisabled().withOwners().command()).isEqualTo("info mtree -o -D");
        assertThat(MtreeOptions.flatView().withOwners().withDispatch().command()).isEqualTo("info mtree -f -d -o");
    }

    @Test
    void accelNeedsOneWordNameAndPowerOfTwoPages() {
        assertThat(MtreeOptions.Accel.kvm()).isEqualTo(new MtreeOptions.Accel("KVM", 4096, List.of("memory")));
        assertThatIllegalArgumentException().isThrownBy(() -> new MtreeOptions.Accel("KVM", 3000, List.of()))
                .withMessage("pageSize must be a power of two: pageSize=3000");
        assertThatIllegalArgumentException().isThrownBy(() -> new MtreeOptions.Accel("K VM", 4096, List.of()))
                .withMessageContaining("name=K VM");
    }
}
