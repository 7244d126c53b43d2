package io.github.ipvs4j.testkit.fidelity;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import jnr.ffi.LibraryLoader;

/**
 * Threads that live in another network namespace. A socket belongs to the namespace of the thread
 * that created it, so sockets made on such a thread are the namespace's (a client's or a real
 * server's) while the rest of the JVM, and the director's IPVS, stay in the root namespace.
 */
final class NetworkNamespaces {
    private static final int CLONE_NEWNET = 0x4000_0000;
    private static final int O_RDONLY_CLOEXEC = 0x80000;

    /** The few libc calls needed; jnr-ffi implements it. */
    public interface LibC {
        /** open(2). */
        int open(String path, int flags);

        /** setns(2). */
        int setns(int fd, int namespaceType);

        /** close(2). */
        int close(int fd);
    }

    private static final LibC LIBC = LibraryLoader.create(LibC.class).load("c");

    private NetworkNamespaces() {
    }

    /**
     * A single thread inside the namespace that {@code ip netns add NAME} made; what it runs creates
     * sockets there.
     */
    static ExecutorService thread(String name) {
        ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "netns-" + name);
            t.setDaemon(true);
            return t;
        });
        try {
            executor.submit(() -> enter("/run/netns/" + name)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            executor.shutdownNow();
            throw new IllegalStateException("cannot enter network namespace " + name, e.getCause());
        }
        return executor;
    }

    private static Void enter(String path) {
        int fd = LIBC.open(path, O_RDONLY_CLOEXEC);
        if (fd < 0) {
            throw new IllegalStateException("cannot open " + path);
        }
        try {
            if (LIBC.setns(fd, CLONE_NEWNET) != 0) {
                throw new IllegalStateException("setns(" + path + ") failed");
            }
        } finally {
            LIBC.close(fd);
        }
        return null;
    }
}
