package dev.physmem.space;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/** {@link BounceBuffer}: one holder at a time, one-shot map clients, and no lost or doubled wake-up. */
class BounceBufferTest {

    @Test
    void onlyOneHolderAtATime() {
        BounceBuffer b = new BounceBuffer();
        assertThat(b.tryAcquire()).isTrue();
        assertThat(b.tryAcquire()).isFalse();
        b.release();
        assertThat(b.tryAcquire()).isTrue();
    }

    @Test
    void releaseWithoutHolderIsAnError() {
        assertThatThrownBy(new BounceBuffer()::release).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void everyClientRunsEvenIfOneThrowsAndTheFirstFailureIsRethrown() {
        BounceBuffer b = new BounceBuffer();
        b.tryAcquire();
        List<String> log = new ArrayList<>();
        b.register(() -> {
            throw new IllegalStateException("first");
        });
        b.register(() -> log.add("second"));
        b.register(() -> {
            throw new IllegalArgumentException("third");
        });
        assertThatThrownBy(b::release).isInstanceOf(IllegalStateException.class).hasMessage("first")
                .satisfies(e -> assertThat(e.getSuppressed()).hasSize(1));
        assertThat(log).containsExactly("second");
        assertThat(b.isInUse()).isFalse();
        assertThat(b.waitingClients()).isZero();
    }

    /** Registrations race with acquire/release; each client must run exactly once, none may be stranded. */
    @Test
    void clientsRacingWithReleaseRunExactlyOnce() throws InterruptedException {
        BounceBuffer b = new BounceBuffer();
        int clients = 20_000;
        AtomicIntegerArray runs = new AtomicIntegerArray(clients);
        AtomicInteger registered = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        Thread registrar = Thread.ofPlatform().start(() -> {
            await(start);
            for (int i = 0; i < clients; i++) {
                int n = i;
                b.register(() -> runs.incrementAndGet(n));
                registered.incrementAndGet();
            }
        });
        Thread mapper = Thread.ofPlatform().start(() -> {
            await(start);
            while (registered.get() < clients) {
                if (b.tryAcquire()) {
                    b.release();
                }
            }
        });
        start.countDown();
        registrar.join();
        mapper.join();
        assertThat(b.isInUse()).isFalse();
        assertThat(b.waitingClients()).as("no client left waiting on a free buffer").isZero();
        for (int i = 0; i < clients; i++) {
            assertThat(runs.get(i)).as("runs of client %d", i).isEqualTo(1);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
