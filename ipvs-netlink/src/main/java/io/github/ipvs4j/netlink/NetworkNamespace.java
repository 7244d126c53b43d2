package io.github.ipvs4j.netlink;

import io.github.ipvs4j.model.IpvsException;
import io.github.ipvs4j.model.IpvsOperation;
import io.github.ipvs4j.model.PermissionDeniedException;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.function.Supplier;

/**
 * Runs work inside another network namespace. A socket belongs to the namespace of the thread that
 * created it, so the transport creates its sockets (and reads {@code /proc}) on a short-lived thread
 * that has entered the namespace with {@code setns}; the caller's threads never change namespace.
 */
final class NetworkNamespace {
    private NetworkNamespace() {
    }

    /**
     * Runs {@code work} on a fresh thread inside the namespace at {@code path} and returns its result.
     * The thread moves back to its original namespace before it ends, and dies either way.
     */
    static <T> T call(Path path, IpvsOperation operation, Supplier<T> work) {
        FutureTask<T> task = new FutureTask<>(() -> {
            int original = Native.openReadOnly("/proc/thread-self/ns/net");
            try {
                int target;
                try {
                    target = Native.openReadOnly(path.toString());
                } catch (ErrnoException e) {
                    throw new IpvsException("cannot open network namespace " + path + ": " + e.getMessage(),
                            e.errno(), operation, null, null, e);
                }
                try {
                    Native.setNetworkNamespace(target);
                } catch (ErrnoException e) {
                    if (e.errno() == 1) {
                        throw new PermissionDeniedException("cannot enter network namespace " + path
                                + ": permission denied (EPERM); entering a namespace needs CAP_SYS_ADMIN",
                                e.errno(), operation, null, null);
                    }
                    throw new IpvsException("cannot enter network namespace " + path + " (is it a network"
                            + " namespace?): " + e.getMessage(), e.errno(), operation, null, null, e);
                } finally {
                    Native.close(target);
                }
                try {
                    return work.get();
                } finally {
                    Native.setNetworkNamespace(original);
                }
            } finally {
                Native.close(original);
            }
        });
        Thread thread = new Thread(task, "ipvs4j-netns");
        thread.setDaemon(true);
        thread.start();
        try {
            return task.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IpvsException("interrupted while entering network namespace " + path, e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IpvsException("failed inside network namespace " + path, cause);
        }
    }
}
