package io.github.ipvs4j.netlink;

import io.github.ipvs4j.model.IpvsException;
import java.util.ArrayDeque;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A few netlink sockets shared by the threads of one transport: each request borrows a socket for its
 * whole exchange, so answers never interleave. Sockets are created on demand up to the limit; beyond
 * it, callers wait. A socket returned broken is closed and replaced by a new one when next needed.
 */
final class SocketPool implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SocketPool.class);

    private final Supplier<NetlinkSocket> factory;
    private final int limit;
    private final ArrayDeque<NetlinkSocket> idle = new ArrayDeque<>();
    private int open;
    private boolean closed;

    SocketPool(Supplier<NetlinkSocket> factory, int limit) {
        this.factory = factory;
        this.limit = limit;
    }

    /** Adds an already open socket (the one used to resolve the family). */
    synchronized void offer(NetlinkSocket socket) {
        open++;
        idle.push(socket);
    }

    /** Borrows a socket, waiting while all are in use. */
    NetlinkSocket acquire() {
        synchronized (this) {
            while (true) {
                if (closed) {
                    throw new IpvsException("the IPVS transport is closed", null);
                }
                NetlinkSocket s = idle.poll();
                if (s != null) {
                    return s;
                }
                if (open < limit) {
                    open++;
                    break;
                }
                try {
                    wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IpvsException("interrupted while waiting for a netlink socket", e);
                }
            }
        }
        try {
            return factory.get(); // outside the lock: creating a socket in a namespace takes a thread
        } catch (RuntimeException | Error e) {
            synchronized (this) {
                open--;
                notifyAll();
            }
            throw e;
        }
    }

    /** Returns a socket; a broken one is closed. */
    void release(NetlinkSocket socket) {
        boolean close;
        synchronized (this) {
            close = closed || socket.isBroken();
            if (close) {
                open--;
            } else {
                idle.push(socket);
            }
            notifyAll();
        }
        if (close) {
            if (socket.isBroken()) {
                LOG.debug("replacing broken netlink socket port id {}", socket.portId());
            }
            socket.close();
        }
    }

    @Override
    public void close() {
        ArrayDeque<NetlinkSocket> toClose;
        synchronized (this) {
            closed = true;
            toClose = new ArrayDeque<>(idle);
            open -= idle.size();
            idle.clear();
            notifyAll();
        }
        for (NetlinkSocket s : toClose) {
            s.close();
        }
    }
}
