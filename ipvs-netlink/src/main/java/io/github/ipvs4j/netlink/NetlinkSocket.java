package io.github.ipvs4j.netlink;

import io.github.ipvs4j.internal.Errno;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import jnr.ffi.Pointer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One netlink socket (generic netlink for IPVS, rtnetlink for the host's networking) and its
 * request/answer protocol: sequence numbers, ACKs, multi-part dumps, timeouts. Not thread-safe: the
 * transport hands each socket to one thread at a time. A socket that lost track of its answers (a
 * timeout, an overflow, a malformed message) is marked broken and the transport replaces it.
 */
final class NetlinkSocket implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NetlinkSocket.class);

    /**
     * The receive length of a socket that dumps many large messages (the services): the kernel fills
     * each dump datagram up to the largest receive the socket has made, capped at 32 KiB, so that
     * fewer datagrams carry the dump. Each datagram of a dump makes the kernel walk the table from its
     * start to where the last one ended, so small datagrams would make a long dump quadratic.
     */
    static final int LARGE_DATAGRAMS = 64 * 1024;
    /** What we ask the kernel to queue for us: room for a window of batched ACKs with wide margin. */
    static final int KERNEL_RECEIVE_BUFFER = 4 * 1024 * 1024;
    /** Errno for "the answer did not come in time". */
    static final int ETIMEDOUT = 110;

    private final int fd;
    private final int portId;
    /** Every receive asks for this many bytes, so that the kernel never makes a datagram larger. */
    private final int receiveLength;
    private final Pointer receiveBuffer;
    /** Where each datagram is copied for parsing in place: one array for the socket's life. */
    private final ByteBuffer received;
    private final byte[] senderAddress = new byte[Native.SOCKADDR_NL_SIZE];
    private final int[] senderAddressLength = new int[1];
    /** The cursor {@link #call} and the batch reads walk each datagram with. */
    private final NetlinkMessage cursor = new NetlinkMessage();
    private final MessageWriter writer = new MessageWriter(4096);
    private Pointer sendBuffer;
    private int sendCapacity;
    private int seq;
    private boolean broken;
    private boolean closed;
    /** The answer being received: how long to wait once nothing is queued, and until when (once set). */
    private long timeout;
    private long deadline;
    private boolean deadlineSet;

    private NetlinkSocket(int fd, int portId, int receiveLength) {
        this.fd = fd;
        this.portId = portId;
        this.receiveLength = receiveLength;
        this.receiveBuffer = Native.allocate(receiveLength);
        this.received = ByteBuffer.allocate(receiveLength).order(ByteOrder.nativeOrder());
        this.sendCapacity = 16 * 1024;
        this.sendBuffer = Native.allocate(sendCapacity);
    }

    /**
     * The receive length of a socket whose answers are small: the kernel's default answer size
     * (NLMSG_GOODSIZE, a page or 8 KiB less the kernel's overhead) is then also the size of its dump
     * datagrams. The kernel allocates every dump datagram at full size, and where it zeroes what it
     * allocates (init_on_alloc, the default of Debian's and Ubuntu's kernels) it zeroes all of it: a
     * real-server dump of one service is a few KiB in two datagrams (the servers, then NLMSG_DONE),
     * which a socket that had received 32 KiB got in 64 KiB of zeroed memory. In the qemu guest, that
     * zeroing was 0.26 s of CPU per 10000x8 read (profile of the transport), and the C floor read the
     * real servers of 10000x8 in a median 1.18 s this way against 1.72 s (5 rounds each).
     */
    static int smallDatagrams() {
        return Math.min(Native.pageSize(), 8192);
    }

    /**
     * Opens a NETLINK_GENERIC socket in the calling thread's network namespace.
     *
     * @param receiveLength the most one receive reads ({@link #LARGE_DATAGRAMS} or
     *     {@link #smallDatagrams()}); the kernel makes no dump datagram longer
     */
    static NetlinkSocket open(int receiveLength) {
        return open(Native.NETLINK_GENERIC, receiveLength);
    }

    /**
     * Opens a netlink socket of the given protocol in the calling thread's network namespace.
     *
     * @param protocol {@link Native#NETLINK_GENERIC} or {@link Native#NETLINK_ROUTE}
     * @param receiveLength the most one receive reads ({@link #LARGE_DATAGRAMS} or
     *     {@link #smallDatagrams()}); the kernel makes no dump datagram longer
     */
    static NetlinkSocket open(int protocol, int receiveLength) {
        int fd = Native.socket(protocol);
        try {
            int portId = Native.bindNetlink(fd);
            try {
                // Needs CAP_NET_ADMIN, which IPVS needs anyway; without it fall back to the capped size.
                Native.setIntOption(fd, Native.SOL_SOCKET, Native.SO_RCVBUFFORCE, KERNEL_RECEIVE_BUFFER);
            } catch (ErrnoException e) {
                Native.setIntOption(fd, Native.SOL_SOCKET, Native.SO_RCVBUF, KERNEL_RECEIVE_BUFFER);
            }
            Native.setIntOption(fd, Native.SOL_SOCKET, Native.SO_SNDBUF, KERNEL_RECEIVE_BUFFER);
            // ACKs without a copy of the request (smaller), and with the kernel's error text.
            Native.setIntOption(fd, Native.SOL_NETLINK, Native.NETLINK_CAP_ACK, 1);
            try {
                Native.setIntOption(fd, Native.SOL_NETLINK, Native.NETLINK_EXT_ACK, 1);
            } catch (ErrnoException e) {
                LOG.debug("extended ACKs unavailable: {}", e.getMessage());
            }
            LOG.debug("opened netlink socket fd {} port id {}", fd, portId);
            return new NetlinkSocket(fd, portId, receiveLength);
        } catch (RuntimeException e) {
            Native.close(fd);
            throw e;
        }
    }

    int portId() {
        return portId;
    }

    /** The next sequence number; each request gets its own so stale answers are recognised. */
    int nextSeq() {
        seq = seq == Integer.MAX_VALUE ? 1 : seq + 1;
        return seq;
    }

    /** Reserves {@code count} consecutive sequence numbers and returns the first. */
    int reserveSeqs(int count) {
        if (seq > Integer.MAX_VALUE - count) {
            seq = 0;
        }
        int first = seq + 1;
        seq += count;
        return first;
    }

    /** This socket's request writer, emptied: requests are written here and sent with {@link #send}. */
    MessageWriter writer() {
        writer.reset();
        return writer;
    }

    boolean isBroken() {
        return broken;
    }

    void markBroken() {
        broken = true;
    }

    /** Sends everything written in {@code w} in one datagram. */
    void send(MessageWriter w) {
        int n = w.size();
        if (n > sendCapacity) {
            sendCapacity = Math.max(n, sendCapacity * 2);
            sendBuffer = Native.allocate(sendCapacity);
        }
        sendBuffer.put(0, w.array(), 0, n);
        try {
            Native.sendToKernel(fd, sendBuffer, n);
        } catch (ErrnoException e) {
            broken = true;
            throw e;
        }
    }

    /**
     * Receives the next datagram of an answer, waiting at most {@code timeoutNanos} once nothing is
     * queued. Datagrams from anything but the kernel are dropped.
     *
     * @return the datagram, in host byte order, in this socket's one receive buffer: valid until the
     *     next receive
     * @throws ErrnoException ETIMEDOUT when the time passes, or the socket's error (e.g. ENOBUFS)
     */
    ByteBuffer receive(long timeoutNanos) {
        startAnswer(timeoutNanos);
        return receive();
    }

    /**
     * Starts waiting for an answer: its deadline is {@code timeoutNanos} after the first receive that
     * finds nothing queued.
     */
    private void startAnswer(long timeoutNanos) {
        // The clock is read only then: the kernel queues most answers within the send, and reading it
        // is a system call where the clock source has no vDSO support (the qemu guest's HPET), 4% of
        // the samples of a whole-table read there.
        timeout = timeoutNanos;
        deadlineSet = false;
    }

    /** The next datagram of the answer begun by {@link #startAnswer}. */
    private ByteBuffer receive() {
        while (true) {
            int n;
            try {
                n = Native.receive(fd, receiveBuffer, receiveLength, senderAddress, senderAddressLength);
            } catch (ErrnoException e) {
                broken = true;
                throw e;
            }
            if (n < 0) {
                long now = System.nanoTime();
                if (!deadlineSet) {
                    deadline = now + timeout;
                    deadlineSet = true;
                }
                long remaining = deadline - now;
                if (remaining <= 0) {
                    broken = true; // an answer may still come; this socket can no longer be trusted
                    throw new ErrnoException("no answer from the kernel in time", ETIMEDOUT);
                }
                Native.awaitReadable(fd, (int) Math.min(Integer.MAX_VALUE, (remaining + 999_999) / 1_000_000));
                continue;
            }
            if (n > receiveLength) {
                broken = true;
                throw new MalformedMessageException("datagram of " + n + " bytes exceeds the receive length of "
                        + receiveLength);
            }
            int sender = Native.portIdOf(senderAddress);
            if (sender != 0) {
                LOG.debug("dropped a datagram from port id {} (not the kernel)", sender);
                continue;
            }
            receiveBuffer.get(0, received.array(), 0, n);
            received.clear().limit(n);
            return received;
        }
    }

    /** Receives the data messages answering a request, one at a time, while they are current. */
    interface MessageHandler {
        /** Handles one data message; it and its attribute views are valid only during the call. */
        void accept(NetlinkMessage message);
    }

    /**
     * Sends one request (already written, with {@code seq}; NLM_F_ACK unless it is a dump) and hands
     * its answer's data messages, up to the ACK or for a dump up to {@code NLMSG_DONE}, to
     * {@code onData} as each datagram arrives: each datagram is parsed in place in the receive buffer,
     * so a message must be decoded before the next one is read. If {@code onData} throws, the rest of
     * the answer is left unread and the socket is marked broken.
     *
     * @return whether the kernel flagged a dump as inconsistent (NLM_F_DUMP_INTR): the caller should
     *     discard what it got and repeat it
     * @throws KernelError if the kernel answered with an error
     */
    boolean call(MessageWriter request, int requestSeq, long timeoutNanos, MessageHandler onData) {
        send(request);
        startAnswer(timeoutNanos);
        boolean interrupted = false;
        while (true) {
            NetlinkMessage m = cursor.reset(receive());
            while (next(m)) {
                if (m.seq() != requestSeq || m.portId() != portId) {
                    LOG.debug("ignored a message for seq {} port {} while waiting for seq {}", m.seq(), m.portId(),
                            requestSeq);
                    continue;
                }
                if ((m.flags() & Netlink.NLM_F_DUMP_INTR) != 0) {
                    interrupted = true;
                }
                switch (m.type()) {
                    case Netlink.NLMSG_ERROR -> {
                        int errno = errno(m);
                        if (errno != 0) {
                            throw new KernelError(errno, m.errorText());
                        }
                        return interrupted;
                    }
                    case Netlink.NLMSG_DONE -> {
                        int errno = m.payloadLength() >= 4 ? errno(m) : 0;
                        if (errno != 0) {
                            throw new KernelError(errno, null);
                        }
                        return interrupted;
                    }
                    case Netlink.NLMSG_NOOP, Netlink.NLMSG_OVERRUN -> { }
                    default -> {
                        try {
                            onData.accept(m);
                        } catch (RuntimeException e) {
                            broken = true; // the rest of the answer is still queued
                            throw e;
                        }
                    }
                }
            }
        }
    }

    /**
     * Sends requests {@code firstSeq .. firstSeq + count - 1}, written in {@code requests}, in one
     * datagram and collects their outcomes. Only the last request carries NLM_F_ACK: the kernel handles
     * a datagram's requests in order within the send and answers the others only when they fail, so
     * once the last one's ACK is here, every request without an error before it succeeded (one receive
     * per batch instead of one per request). {@code errnos[offset + i]} receives 0 or the kernel's
     * errno for request {@code i}. If the receive queue overflowed (ENOBUFS), an error may have been
     * dropped: requests without an answer then keep {@link #UNANSWERED} and the socket is marked broken.
     */
    void callAll(MessageWriter requests, int firstSeq, int count, int[] errnos, int offset, long timeoutNanos) {
        send(requests);
        startAnswer(timeoutNanos);
        int last = offset + count - 1;
        while (errnos[last] == UNANSWERED) {
            ByteBuffer datagram;
            try {
                datagram = receive();
            } catch (ErrnoException e) {
                if (e.errno() != Errno.ENOBUFS) {
                    throw e;
                }
                // Some answers were dropped, and nothing says which. The kernel handled every request
                // inside send, so whatever survived is queued already: take it, and leave the rest unknown.
                LOG.debug("receive queue overflowed during a batch; collecting the answers that survived");
                drainAcks(firstSeq, count, errnos, offset);
                return;
            }
            recordAcks(datagram, firstSeq, count, errnos, offset);
        }
        for (int i = offset; i < last; i++) {
            if (errnos[i] == UNANSWERED) {
                errnos[i] = 0;
            }
        }
    }

    /** Marker for a request whose answer never arrived. */
    static final int UNANSWERED = -1;

    private void drainAcks(int firstSeq, int count, int[] errnos, int offset) {
        while (true) {
            ByteBuffer datagram;
            try {
                datagram = receive(0); // no waiting: only what is queued
            } catch (ErrnoException e) {
                if (e.errno() == ETIMEDOUT || e.errno() == Errno.ENOBUFS) {
                    return;
                }
                throw e;
            }
            recordAcks(datagram, firstSeq, count, errnos, offset);
        }
    }

    /** Reads one datagram of a batch's answers into {@code errnos}; package-private for tests. */
    void recordAcks(ByteBuffer datagram, int firstSeq, int count, int[] errnos, int offset) {
        NetlinkMessage m = cursor.reset(datagram);
        while (next(m)) {
            int index = m.seq() - firstSeq;
            if (m.portId() != portId || index < 0 || index >= count || m.type() != Netlink.NLMSG_ERROR) {
                LOG.debug("ignored a message type {} seq {} during a batch", m.type(), m.seq());
                continue;
            }
            if (errnos[offset + index] == UNANSWERED) {
                int errno = errno(m);
                errnos[offset + index] = errno;
                if (errno != 0) {
                    LOG.debug("batch request seq {} failed with errno {}: {}", m.seq(), errno, m.errorText());
                }
            }
        }
    }

    /**
     * The errno of an {@code NLMSG_ERROR} (or {@code NLMSG_DONE}) message: 0, or the kernel's negative
     * code negated. A positive code is no errno (a batch would read +1 as -1, its {@link #UNANSWERED},
     * and wait for its timeout), and {@code Integer.MIN_VALUE} has no negation: both make the answer
     * malformed, and the socket is not trusted after it.
     */
    private int errno(NetlinkMessage m) {
        int code = m.errorCode();
        if (code > 0 || code == Integer.MIN_VALUE) {
            broken = true;
            throw new MalformedMessageException("error code " + code + " is not 0 or a negative errno");
        }
        return -code;
    }

    private boolean next(NetlinkMessage m) {
        try {
            return m.next();
        } catch (MalformedMessageException e) {
            broken = true;
            throw e;
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            Native.close(fd);
        }
    }
}
