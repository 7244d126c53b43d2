package io.github.ipvs4j.netlink;

import io.github.ipvs4j.model.IpvsException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Reads a long list of keys on a few threads at once, the caller's among them, each thread holding one
 * borrowed resource (a netlink socket, which serves one dump at a time) while it reads. The threads
 * claim runs of {@value #RUN} consecutive keys in order, so a thread that gets less CPU reads less.
 *
 * <p>A failure stops only the reading of later keys: keys before it are still read, so the failure
 * thrown is the one of the first failing key in the given order, as a read one by one would throw it.
 * An interrupt of the caller stops every thread. Either way the call returns only once no thread
 * reads for it any more, so nothing uses a borrowed resource after it.
 *
 * @param <S> the borrowed resource
 * @param <K> the keys
 * @param <V> what is read for a key
 */
final class ConcurrentRead<S, K, V> {
    /** Keys a thread claims at once: few enough to balance the threads, enough to claim rarely. */
    static final int RUN = 16;

    private final List<K> keys;
    private final Supplier<S> borrow;
    private final Consumer<S> giveBack;
    private final BiFunction<S, K, V> readOne;
    private final Object[] values;
    private final AtomicInteger nextRun = new AtomicInteger();
    /** The index of the first key whose read failed so far; keys.size() while none has. */
    private volatile int failedAt;
    private Throwable failure; // of the key at failedAt; guarded by this
    private volatile boolean interrupted;

    private ConcurrentRead(List<K> keys, Supplier<S> borrow, Consumer<S> giveBack, BiFunction<S, K, V> readOne) {
        this.keys = keys;
        this.borrow = borrow;
        this.giveBack = giveBack;
        this.readOne = readOne;
        this.values = new Object[keys.size()];
        this.failedAt = keys.size();
    }

    /**
     * Reads {@code readOne(resource, key)} for every key, on the caller's thread and on up to
     * {@code helpers} tasks given to {@code executor}; each thread borrows one resource for all it reads.
     *
     * @param what names what is read, for the exception of an interrupted read
     * @return the values in the order of the keys
     * @throws IpvsException when the caller is interrupted (its interrupt flag is set again)
     * @throws RuntimeException what reading the first failing key threw, or borrowing for it
     */
    static <S, K, V> List<V> read(List<K> keys, int helpers, Executor executor, Supplier<S> borrow,
            Consumer<S> giveBack, BiFunction<S, K, V> readOne, String what) {
        return new ConcurrentRead<>(keys, borrow, giveBack, readOne).run(helpers, executor, what);
    }

    private List<V> run(int helpers, Executor executor, String what) {
        int runs = (keys.size() + RUN - 1) / RUN;
        int tasks = Math.max(0, Math.min(helpers, runs - 1));
        CountDownLatch finished = new CountDownLatch(tasks);
        // A task that has not started when the caller is done is claimed back, so nobody waits for it.
        List<AtomicBoolean> started = new ArrayList<>(tasks);
        for (int i = 0; i < tasks; i++) {
            AtomicBoolean claim = new AtomicBoolean();
            started.add(claim);
            try {
                executor.execute(() -> {
                    if (claim.compareAndSet(false, true)) {
                        try {
                            readRuns(false);
                        } finally {
                            finished.countDown();
                        }
                    }
                });
            } catch (RejectedExecutionException e) {
                // The caller reads what this task would have read.
            }
        }
        readRuns(true);
        for (AtomicBoolean claim : started) {
            if (claim.compareAndSet(false, true)) {
                finished.countDown();
            }
        }
        boolean caughtInterrupt = false;
        while (true) {
            try {
                finished.await();
                break;
            } catch (InterruptedException e) {
                caughtInterrupt = true;
                interrupted = true; // the helpers stop after their current key
            }
        }
        if (caughtInterrupt) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            if (failure instanceof RuntimeException e) {
                throw e;
            }
            if (failure instanceof Error e) {
                throw e;
            }
        }
        if (interrupted) {
            throw new IpvsException("interrupted while reading " + what, null);
        }
        @SuppressWarnings("unchecked")
        List<V> out = (List<V>) Arrays.asList(values);
        return out;
    }

    /** Claims and reads runs of keys until none is left, a key before the next has failed, or an interrupt. */
    private void readRuns(boolean caller) {
        S resource = null;
        try {
            for (int start = nextRun.getAndIncrement() * RUN; start < keys.size();
                    start = nextRun.getAndIncrement() * RUN) {
                int end = Math.min(start + RUN, keys.size());
                for (int i = start; i < end; i++) {
                    if (caller && Thread.currentThread().isInterrupted()) {
                        interrupted = true;
                    }
                    if (interrupted || i > failedAt) {
                        return;
                    }
                    try {
                        if (resource == null) {
                            resource = borrow.get();
                        }
                        values[i] = readOne.apply(resource, keys.get(i));
                    } catch (RuntimeException | Error e) {
                        failed(i, e);
                        return;
                    }
                }
            }
        } finally {
            if (resource != null) {
                giveBack.accept(resource);
            }
        }
    }

    private synchronized void failed(int index, Throwable e) {
        if (index < failedAt) {
            failedAt = index;
            failure = e;
        }
    }
}
