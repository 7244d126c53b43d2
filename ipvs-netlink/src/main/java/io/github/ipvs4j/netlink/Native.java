package io.github.ipvs4j.netlink;

import io.github.ipvs4j.internal.Errno;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;

/**
 * Every native call of the transport, in one place. Each call reads errno right after failing and
 * retries on EINTR; failures become {@link ErrnoException}. Nothing else in the module touches jnr-ffi
 * functions.
 */
final class Native {
    /** The libc functions the transport uses. Public only because jnr-ffi implements it at run time. */
    // No annotations: jnr-ffi parses each one when it binds (annotation proxies, a quarter of a second
    // of a jipvsadm start under the emulated CPU). Arrays are a few bytes (addresses, lengths), copied
    // both ways without @In/@Out; and jnr-ffi binds a Java long to C's long, which on Linux has the
    // width of size_t and ssize_t on every ABI.
    public interface LibC {
        int socket(int domain, int type, int protocol);

        int bind(int fd, byte[] address, int addressLength);

        int getsockname(int fd, byte[] address, int[] addressLength);

        int setsockopt(int fd, int level, int option, byte[] value, int valueLength);

        long sendto(int fd, Pointer buffer, long length, int flags, byte[] address, int addressLength);

        long recvfrom(int fd, Pointer buffer, long length, int flags, byte[] address, int[] addressLength);

        int close(int fd);

        int getpagesize();
    }

    /**
     * The libc functions only some uses need: waiting for an answer not yet queued (the kernel answers
     * most requests within the send), entering a network namespace and sending a link-layer frame
     * (announcing an address). Bound on first use.
     */
    // Bound apart: jnr-ffi generates code for every function it binds, which under an emulated CPU
    // (the qemu guest) costs a short-lived process like jipvsadm a noticeable part of its start.
    public interface RareLibC {
        int poll(byte[] fds, long count, int timeoutMillis);

        int open(String path, int flags);

        int setns(int fd, int namespaceType);

        long sendto(int fd, byte[] buffer, long length, int flags, byte[] address, int addressLength);

        long write(int fd, byte[] buffer, long length);
    }

    /** Holder: binds {@link RareLibC} when first used. */
    private static final class Rare {
        static final RareLibC LIBC = LibraryLoader.create(RareLibC.class).load(LibraryLoader.DEFAULT_LIBRARY);
    }

    // Linux's values (the generic ones, which jnr-constants' linux set also holds: NativeTest compares
    // them). Written out because reading them through jnr-constants loads and indexes its tables, some
    // 0.3 s of a jipvsadm start in the emulated guest; jnr-constants still names errnos in messages.
    static final int AF_NETLINK = 16;
    static final int SOCK_RAW = 3;
    static final int SOCK_DGRAM = 2;
    static final int SOCK_CLOEXEC = 0x80000; // O_CLOEXEC, as linux/net.h defines it
    static final int SOL_SOCKET = 1;
    static final int SO_SNDBUF = 7;
    static final int SO_RCVBUF = 8;
    static final int SO_RCVBUFFORCE = 33;
    static final int MSG_TRUNC = 0x20;
    static final int MSG_DONTWAIT = 0x40;
    static final short POLLIN = 0x1;
    static final int O_RDONLY = 0;
    static final int O_WRONLY = 1;
    static final int O_CLOEXEC = 0x80000;
    // Those jnr-constants lacks (linux/socket.h, linux/netlink.h, linux/sched.h).
    static final int AF_PACKET = 17;
    static final int CLONE_NEWNET = 0x40000000;
    static final int NETLINK_GENERIC = 16;
    static final int NETLINK_ROUTE = 0;
    static final int SOL_NETLINK = 270;
    static final int NETLINK_CAP_ACK = 10;
    static final int NETLINK_EXT_ACK = 11;

    private static final LibC LIBC;
    private static final Runtime RUNTIME;
    private static final Throwable LOAD_FAILURE;

    static {
        LibC lib = null;
        Runtime runtime = null;
        Throwable failure = null;
        try {
            // libc is in the JVM already: its symbols are looked up there (dlsym RTLD_DEFAULT), where
            // load("c") would search the library directories first.
            lib = LibraryLoader.create(LibC.class).load(LibraryLoader.DEFAULT_LIBRARY);
            runtime = Runtime.getRuntime(lib);
        } catch (Throwable t) { // jnr-ffi reports a missing native stub as Error: keep the reason
            failure = t;
        }
        LIBC = lib;
        RUNTIME = runtime;
        LOAD_FAILURE = failure;
    }

    private Native() {
    }

    /** Null if libc is usable, else why not. */
    static Throwable loadFailure() {
        return LOAD_FAILURE;
    }

    private static LibC libc() {
        if (LIBC == null) {
            throw new IllegalStateException("libc could not be loaded through jnr-ffi", LOAD_FAILURE);
        }
        return LIBC;
    }

    private static RareLibC rare() {
        libc();
        return Rare.LIBC;
    }

    /** The size of a memory page, which bounds the kernel's default answer size (NLMSG_GOODSIZE). */
    static int pageSize() {
        return libc().getpagesize();
    }

    /** Native memory for send and receive buffers. */
    static Pointer allocate(int size) {
        libc();
        return jnr.ffi.Memory.allocateDirect(RUNTIME, size);
    }

    private static int errno() {
        return RUNTIME.getLastError();
    }

    /** Opens an AF_NETLINK raw socket (close-on-exec) for the given netlink protocol. */
    static int socket(int protocol) {
        int fd;
        while ((fd = libc().socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, protocol)) < 0) {
            interrupted("socket");
        }
        return fd;
    }

    /** Binds a netlink socket to a kernel-chosen port id and returns that id. */
    static int bindNetlink(int fd) {
        byte[] address = sockaddrNl(0);
        retry("bind", () -> libc().bind(fd, address, address.length));
        byte[] bound = new byte[SOCKADDR_NL_SIZE];
        int[] length = {bound.length};
        retry("getsockname", () -> libc().getsockname(fd, bound, length));
        return nativeInt(bound, 4);
    }

    /** Sets an int socket option. */
    static void setIntOption(int fd, int level, int option, int value) {
        byte[] bytes = new byte[4];
        putNativeInt(bytes, 0, value);
        retry("setsockopt", () -> libc().setsockopt(fd, level, option, bytes, bytes.length));
    }

    /**
     * Waits until {@code fd} is readable or {@code timeoutMillis} pass; returns false on timeout.
     * EINTR counts as a spurious wake-up: the caller re-checks its deadline and waits again.
     */
    static boolean awaitReadable(int fd, int timeoutMillis) {
        byte[] pollfd = new byte[8]; // struct pollfd { int fd; short events; short revents; }
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(pollfd).order(ORDER);
        b.putInt(0, fd).putShort(4, POLLIN);
        int n = rare().poll(pollfd, 1, timeoutMillis);
        if (n < 0) {
            interrupted("poll");
            return false;
        }
        return n > 0; // readable, or an error/hang-up condition that the next recvfrom reports
    }

    /** Sends {@code length} bytes of {@code buffer} to the kernel (port id 0) in one datagram. */
    static void sendToKernel(int fd, Pointer buffer, int length) {
        byte[] kernel = sockaddrNl(0);
        long n;
        while ((n = libc().sendto(fd, buffer, length, 0, kernel, kernel.length)) < 0) {
            interrupted("sendto");
        }
        if (n != length) {
            throw new ErrnoException("sendto: short write of " + n + " of " + length + " bytes", 0);
        }
    }

    /** Bytes in a {@code struct sockaddr_nl}. */
    static final int SOCKADDR_NL_SIZE = 12;

    /**
     * Receives one datagram into {@code buffer} without waiting. Returns its full length (it was
     * truncated if larger than {@code capacity}), or -1 if none is queued. {@code address} (of
     * {@link #SOCKADDR_NL_SIZE} bytes) receives the sender, for {@link #portIdOf}; it and
     * {@code addressLength} are the caller's, reused from call to call.
     */
    static int receive(int fd, Pointer buffer, int capacity, byte[] address, int[] addressLength) {
        long n;
        do {
            addressLength[0] = address.length;
            n = libc().recvfrom(fd, buffer, capacity, MSG_DONTWAIT | MSG_TRUNC, address, addressLength);
        } while (n < 0 && !nothingQueued() && interrupted("recvfrom"));
        return (int) n;
    }

    /** The netlink port id in a {@code struct sockaddr_nl} ({@code nl_pid}, host byte order). */
    static int portIdOf(byte[] address) {
        int b0 = address[4] & 0xff;
        int b1 = address[5] & 0xff;
        int b2 = address[6] & 0xff;
        int b3 = address[7] & 0xff;
        return ORDER == java.nio.ByteOrder.LITTLE_ENDIAN ? b0 | b1 << 8 | b2 << 16 | b3 << 24
                : b3 | b2 << 8 | b1 << 16 | b0 << 24;
    }

    /** Closes a file descriptor; errors other than EINTR are reported (EINTR is not retried on Linux). */
    static void close(int fd) {
        if (libc().close(fd) < 0) {
            int e = errno();
            if (e != Errno.EINTR) {
                throw new ErrnoException("close", e);
            }
        }
    }

    /** Opens a file read-only, close-on-exec; for namespace files. */
    static int openReadOnly(String path) {
        int fd;
        while ((fd = rare().open(path, O_RDONLY | O_CLOEXEC)) < 0) {
            interrupted("open " + path);
        }
        return fd;
    }

    /** Moves the calling thread into the network namespace of {@code fd}. */
    static void setNetworkNamespace(int fd) {
        retry("setns", () -> rare().setns(fd, CLONE_NEWNET));
    }

    /**
     * Opens an AF_PACKET datagram socket (close-on-exec) for one EtherType: the kernel adds the
     * Ethernet header to what is sent. Needs CAP_NET_RAW (EPERM otherwise).
     */
    static int packetSocket() {
        int fd;
        // Protocol 0: the socket only sends (each sendto names its EtherType in the sockaddr_ll); with
        // one it would also receive a copy of every frame of that EtherType on the host.
        while ((fd = libc().socket(AF_PACKET, SOCK_DGRAM | SOCK_CLOEXEC, 0)) < 0) {
            interrupted("socket(AF_PACKET)");
        }
        return fd;
    }

    /** Writes {@code bytes} to a file (a {@code /proc/sys} setting) in one write; a failure carries its errno. */
    static void writeFile(String path, byte[] bytes) {
        int fd;
        while ((fd = rare().open(path, O_WRONLY | O_CLOEXEC)) < 0) {
            interrupted("open " + path);
        }
        try {
            long n;
            while ((n = rare().write(fd, bytes, bytes.length)) < 0) {
                interrupted("write " + path);
            }
            if (n != bytes.length) {
                throw new ErrnoException("write " + path + ": short write of " + n + " of " + bytes.length
                        + " bytes", 0);
            }
        } finally {
            close(fd);
        }
    }

    /** Sends one frame's payload on a packet socket to the link-layer address in {@code sockaddrLl}. */
    static void sendPacket(int fd, byte[] payload, byte[] sockaddrLl) {
        long n;
        while ((n = rare().sendto(fd, payload, payload.length, 0, sockaddrLl, sockaddrLl.length)) < 0) {
            interrupted("sendto(AF_PACKET)");
        }
        if (n != payload.length) {
            throw new ErrnoException("sendto(AF_PACKET): short write of " + n + " of " + payload.length + " bytes", 0);
        }
    }

    /** Bytes in a {@code struct sockaddr_ll}. */
    static final int SOCKADDR_LL_SIZE = 20;

    /**
     * A {@code struct sockaddr_ll} naming where a packet socket sends: {@code sll_family} (u16, host
     * order), {@code sll_protocol} (the EtherType, network order), {@code sll_ifindex} (i32, host
     * order), {@code sll_hatype} (u16) and {@code sll_pkttype} (u8), both unused when sending, then
     * {@code sll_halen} (u8) and {@code sll_addr} (8 bytes, the destination's address first).
     */
    static byte[] sockaddrLl(int etherType, int interfaceIndex, byte[] destination) {
        if (destination.length > 8) {
            throw new IllegalArgumentException("a link-layer address of " + destination.length + " bytes");
        }
        byte[] a = new byte[SOCKADDR_LL_SIZE];
        putNativeShort(a, 0, AF_PACKET);
        a[2] = (byte) (etherType >>> 8);
        a[3] = (byte) etherType;
        putNativeInt(a, 4, interfaceIndex);
        a[11] = (byte) destination.length;
        System.arraycopy(destination, 0, a, 12, destination.length);
        return a;
    }

    /** {@code htons}: the 16-bit value whose bytes in memory are {@code value} in network order. */
    static int networkOrder16(int value) {
        return ORDER == java.nio.ByteOrder.LITTLE_ENDIAN ? (value >>> 8 & 0xff) | (value & 0xff) << 8 : value & 0xffff;
    }

    private interface Call {
        int invoke();
    }

    private static void retry(String name, Call call) {
        while (call.invoke() < 0) {
            interrupted(name);
        }
    }

    /**
     * After a call failed: returns true if a signal interrupted it (EINTR), so that it is made again;
     * otherwise throws its errno. The one place every call's failure goes.
     */
    private static boolean interrupted(String name) {
        int e = errno();
        if (e != Errno.EINTR) {
            throw new ErrnoException(name, e);
        }
        return true;
    }

    /** After a non-blocking receive failed: true if it found nothing queued (EAGAIN). */
    private static boolean nothingQueued() {
        return errno() == Errno.EAGAIN;
    }

    private static byte[] sockaddrNl(int portId) {
        byte[] a = new byte[SOCKADDR_NL_SIZE]; // sa_family u16, pad u16, nl_pid u32, nl_groups u32; host byte order
        putNativeShort(a, 0, AF_NETLINK);
        putNativeInt(a, 4, portId);
        return a;
    }

    // Netlink structures are in host byte order.
    private static final java.nio.ByteOrder ORDER = java.nio.ByteOrder.nativeOrder();

    private static void putNativeShort(byte[] b, int at, int v) {
        java.nio.ByteBuffer.wrap(b).order(ORDER).putShort(at, (short) v);
    }

    private static void putNativeInt(byte[] b, int at, int v) {
        java.nio.ByteBuffer.wrap(b).order(ORDER).putInt(at, v);
    }

    private static int nativeInt(byte[] b, int at) {
        return java.nio.ByteBuffer.wrap(b).order(ORDER).getInt(at);
    }
}
