package dev.physmem.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** A real eventfd(2): the kernel counter adds signals and a read takes and resets it. */
class HostEventFdTest {

    @Test
    void signalsAddUpAndAReadTakesThemAll() {
        try (HostEventFd efd = HostEventFd.create()) {
            efd.signal();
            efd.signal();
            efd.signal();

            assertThat(efd.readAndClear()).isEqualTo(3);
            assertThat(efd.readAndClear()).isZero(); // non-blocking: nothing pending is 0, not a wait
        }
    }

    @Test
    void theDescriptorIsAnEventfdAndClosesWithTheObject() {
        HostEventFd efd = HostEventFd.create();
        assertThat(HostProbe.fdTarget(efd.fd().value())).isEqualTo("anon_inode:[eventfd]");

        efd.close();

        assertThat(efd.fd().isOpen()).isFalse();
        assertThatThrownBy(efd::signal).isInstanceOf(IllegalStateException.class).hasMessage("fd is closed");
    }
}
