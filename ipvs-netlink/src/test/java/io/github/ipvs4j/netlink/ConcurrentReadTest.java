package io.github.ipvs4j.netlink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ipvs4j.model.IpvsException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ConcurrentReadTest {
    private final ExecutorService executor = Executors.newFixedThreadPool(3);
    /** Resources are the names of the threads that borrowed them. */
    private final AtomicInteger borrowed = new AtomicInteger();
    private final AtomicInteger givenBack = new AtomicInteger();
    private final Set<Integer> readKeys = ConcurrentHashMap.newKeySet();

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    private static List<Integer> keys(int n) {
        return IntStream.range(0, n).boxed().toList();
    }

    private <V> List<V> read(List<Integer> keys, int helpers, java.util.concurrent.Executor on,
            BiFunction<String, Integer, V> readOne) {
        return ConcurrentRead.read(keys, helpers, on, () -> {
            borrowed.incrementAndGet();
            return Thread.currentThread().getName();
        }, resource -> {
            assertThat(resource).isEqualTo(Thread.currentThread().getName());
            givenBack.incrementAndGet();
        }, (resource, key) -> {
            assertThat(resource).isEqualTo(Thread.currentThread().getName()); // one resource per thread
            readKeys.add(key);
            return readOne.apply(resource, key);
        }, "the test's keys");
    }

    @Test
    void valuesComeInKeyOrderWithOneResourcePerThread() {
        List<Integer> keys = keys(1000);
        assertThat(read(keys, 3, executor, (r, k) -> k * 2)).containsExactlyElementsOf(
                keys.stream().map(k -> k * 2).toList());
        assertThat(borrowed.get()).isBetween(1, 4).isEqualTo(givenBack.get());
    }

    @Test
    void helpersReadWhatTheyClaim() {
        // This executor runs the helper to the end before the caller starts: the helper reads everything.
        java.util.concurrent.Executor helperFirst = task -> {
            Thread t = new Thread(task, "helper");
            t.start();
            try {
                t.join();
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        };
        List<String> readers = read(keys(100), 1, helperFirst, (r, k) -> r);
        assertThat(readers).hasSize(100).containsOnly("helper");
        assertThat(borrowed.get()).isEqualTo(1).isEqualTo(givenBack.get());
    }

    @Test
    void withoutHelpersOrWhenTheExecutorRefusesTheCallerReadsAll() {
        String caller = Thread.currentThread().getName();
        assertThat(read(keys(100), 0, executor, (r, k) -> r)).hasSize(100).containsOnly(caller);
        assertThat(read(keys(100), 2, task -> {
            throw new RejectedExecutionException();
        }, (r, k) -> r)).hasSize(100).containsOnly(caller);
        assertThat(read(List.of(), 2, executor, (r, k) -> r)).isEmpty();
        assertThat(borrowed.get()).isEqualTo(2).isEqualTo(givenBack.get());
    }

    @Test
    void theFirstFailureInKeyOrderIsThrownEvenWhenALaterOneHappensFirst() {
        CountDownLatch laterFailed = new CountDownLatch(1);
        RuntimeException at5 = new IllegalStateException("key 5");
        RuntimeException at20 = new IllegalStateException("key 20");
        assertThatThrownBy(() -> read(keys(1000), 1, executor, (r, k) -> {
            if (k == 0) { // the thread of the first run waits until the other one has failed at key 20
                await(laterFailed);
            } else if (k == 5) {
                throw at5;
            } else if (k == 20) {
                laterFailed.countDown();
                throw at20;
            }
            return k;
        })).isSameAs(at5);
        // Reading stopped at the failures: nobody claimed a third run.
        assertThat(readKeys).allMatch(k -> k <= 5 || (k >= 16 && k <= 20)).contains(0, 5, 16, 20);
        assertThat(borrowed.get()).isEqualTo(2).isEqualTo(givenBack.get());
    }

    @Test
    void aFailureToBorrowIsAFailureOfTheKey() {
        RuntimeException noSocket = new IpvsException("no socket", null);
        assertThatThrownBy(() -> ConcurrentRead.read(keys(10), 0, executor, () -> {
            throw noSocket;
        }, r -> { }, (r, k) -> k, "keys")).isSameAs(noSocket);
    }

    @Test
    void anInterruptedCallerStopsEveryThreadBeforeItThrows() {
        String caller = Thread.currentThread().getName();
        CountDownLatch helperReads = new CountDownLatch(1);
        try {
            assertThatThrownBy(() -> read(keys(100_000), 3, executor, (r, k) -> {
                if (r.equals(caller)) { // interrupted once a helper is at work
                    await(helperReads);
                    Thread.currentThread().interrupt();
                } else {
                    helperReads.countDown();
                    sleep(); // slow helpers: unstopped, they would read for minutes
                }
                return k;
            })).isInstanceOf(IpvsException.class).hasMessage("interrupted while reading the test's keys");
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
            // Every resource is back: no helper reads after the call returned.
            assertThat(givenBack.get()).isEqualTo(borrowed.get()).isGreaterThan(1);
            assertThat(readKeys).hasSizeLessThan(10_000);
        } finally {
            Thread.interrupted();
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(1);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(30, TimeUnit.SECONDS)).as("the other reader failed").isTrue();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
