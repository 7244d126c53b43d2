package io.github.ipvs4j.examples.jipvsadm;

import io.github.ipvs4j.internal.Errno;
import io.github.ipvs4j.model.IpvsException;
import io.github.ipvs4j.model.IpvsOperation;

/**
 * The messages ipvsadm 1.31 prints for a kernel's refusal ({@code ipvs_strerror}): first a message
 * specific to the operation and errno, then one for the errno whatever the operation, and otherwise the
 * C library's {@code strerror} text. Written from the behaviour of libipvs, so the text is the same
 * for the same failure.
 */
final class KernelMessages {
    private static final int ENOPROTOOPT = 92;
    private static final int EMSGSIZE = 90;
    private static final int ENODEV = 19;
    private static final int ENOSPC = 28;

    private KernelMessages() {
    }

    /** What ipvsadm prints for this failure; the exception's own message if the kernel gave no errno. */
    static String of(IpvsException e) {
        if (e.errno() == 0) {
            return e.getMessage();
        }
        return of(e.operation().orElse(null), e.errno());
    }

    /** What ipvsadm prints when {@code operation} fails with {@code errno}. */
    static String of(IpvsOperation operation, int errno) {
        String specific = operation == null ? null : specific(operation, errno);
        if (specific != null) {
            return specific;
        }
        switch (errno) {
            case Errno.EPERM: return "Permission denied (you must be root)";
            case Errno.EINVAL: return "Invalid operation.  Possibly wrong module version, address not unicast, ...";
            case ENOPROTOOPT: return "Protocol not available";
            case Errno.ENOMEM: return "Memory allocation problem";
            case Errno.EOPNOTSUPP: return "Operation not supported with IPv6";
            case Errno.EAFNOSUPPORT: return "Operation not supported with specified address family";
            case EMSGSIZE: return "Module is wrong version";
            default: return strerror(errno);
        }
    }

    /** libipvs's messages for one function (operation) and errno. */
    private static String specific(IpvsOperation operation, int errno) {
        switch (operation) {
            case CREATE_SERVICE:
                return errno == Errno.EEXIST ? "Service already exists"
                        : errno == Errno.ENOENT ? "Scheduler or persistence engine not found" : null;
            case UPDATE_SERVICE:
                return errno == Errno.ESRCH ? "No such service"
                        : errno == Errno.ENOENT ? "Scheduler or persistence engine not found" : null;
            case REMOVE_SERVICE:
            case ZERO:
            case GET_SERVICE:
            case LIST_SERVICES:
            case LIST_REAL_SERVERS:
                return errno == Errno.ESRCH ? "No such service" : null;
            case CREATE_REAL_SERVER:
                return errno == Errno.ESRCH ? "Service not defined"
                        : errno == Errno.EEXIST ? "Destination already exists" : null;
            case UPDATE_REAL_SERVER:
            case REMOVE_REAL_SERVER:
                return errno == Errno.ESRCH ? "Service not defined"
                        : errno == Errno.ENOENT ? "No such destination" : null;
            case START_SYNC_DAEMON:
                return errno == Errno.EEXIST ? "Daemon has already run" : null;
            case STOP_SYNC_DAEMON:
                return errno == Errno.ESRCH ? "No daemon is running" : null;
            default:
                return null;
        }
    }

    /** glibc's {@code strerror} for the errnos IPVS reports. */
    static String strerror(int errno) {
        switch (errno) {
            case Errno.EPERM: return "Operation not permitted";
            case Errno.ENOENT: return "No such file or directory";
            case Errno.ESRCH: return "No such process";
            case Errno.EINTR: return "Interrupted system call";
            case Errno.EAGAIN: return "Resource temporarily unavailable";
            case Errno.ENOMEM: return "Cannot allocate memory";
            case Errno.EACCES: return "Permission denied";
            case Errno.EBUSY: return "Device or resource busy";
            case Errno.EEXIST: return "File exists";
            case ENODEV: return "No such device";
            case Errno.EINVAL: return "Invalid argument";
            case ENOSPC: return "No space left on device";
            case Errno.ERANGE: return "Numerical result out of range";
            case EMSGSIZE: return "Message too long";
            case ENOPROTOOPT: return "Protocol not available";
            case Errno.EOPNOTSUPP: return "Operation not supported";
            case Errno.EAFNOSUPPORT: return "Address family not supported by protocol";
            default: return "Unknown error " + errno;
        }
    }
}
