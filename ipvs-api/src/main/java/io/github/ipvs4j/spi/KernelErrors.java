package io.github.ipvs4j.spi;

import io.github.ipvs4j.host.InterfaceNotFoundException;
import io.github.ipvs4j.internal.Addresses;
import io.github.ipvs4j.internal.Errno;
import io.github.ipvs4j.model.AlreadyExistsException;
import io.github.ipvs4j.model.IpvsException;
import io.github.ipvs4j.model.IpvsOperation;
import io.github.ipvs4j.model.KernelException;
import io.github.ipvs4j.model.PermissionDeniedException;
import io.github.ipvs4j.model.Persistence;
import io.github.ipvs4j.model.RealServerNotFoundException;
import io.github.ipvs4j.model.Scheduler;
import io.github.ipvs4j.model.ServiceKey;
import io.github.ipvs4j.model.ServiceNotFoundException;
import io.github.ipvs4j.model.VirtualService;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * How a transport reports the kernel's refusals: one typed {@link IpvsException} per errno, with the
 * same message whichever transport (the real kernel, the testkit's fake) saw it; for IPVS and for the
 * host's networking alike.
 */
public final class KernelErrors {
    private KernelErrors() {
    }

    /**
     * Turns an errno reported by the kernel (or by a fake kernel) into the matching typed exception,
     * so every transport reports the same failure the same way.
     *
     * @param errno the positive error number
     * @param operation what was being done
     * @param service the service involved, or null
     * @param realServer the real server involved, or null
     * @return the exception to throw
     */
    public static IpvsException fromErrno(int errno, IpvsOperation operation, ServiceKey service,
            InetSocketAddress realServer) {
        Objects.requireNonNull(operation, "operation");
        String what = describe(operation, service, realServer);
        switch (errno) {
            case Errno.EPERM:
            case Errno.EACCES:
                return new PermissionDeniedException(what + ": permission denied (" + Errno.name(errno)
                        + "); managing IPVS needs CAP_NET_ADMIN (run as root or grant the capability)",
                        errno, operation, service, realServer);
            case Errno.EEXIST:
                return new AlreadyExistsException(what + ": " + (operation == IpvsOperation.START_SYNC_DAEMON
                        ? "a synchronisation daemon already runs in that role"
                        : (realServer != null && operation == IpvsOperation.CREATE_REAL_SERVER ? "real server"
                                : "virtual service") + " already exists") + " (EEXIST)",
                        errno, operation, service, realServer);
            case Errno.ESRCH:
                if (operation == IpvsOperation.STOP_SYNC_DAEMON) {
                    return new KernelException(what + ": no synchronisation daemon runs in that role (ESRCH)",
                            errno, operation, service, realServer);
                }
                return new ServiceNotFoundException(what + ": no such virtual service (ESRCH)", errno,
                        operation, service, realServer);
            case Errno.ENOENT:
                if (operation == IpvsOperation.UPDATE_REAL_SERVER
                        || operation == IpvsOperation.REMOVE_REAL_SERVER) {
                    return new RealServerNotFoundException(what + ": no such real server (ENOENT)", errno,
                            operation, service, realServer);
                }
                if (operation == IpvsOperation.CREATE_SERVICE || operation == IpvsOperation.UPDATE_SERVICE) {
                    return new KernelException(what + ": the kernel has no such scheduler or persistence"
                            + " engine module (ENOENT)", errno, operation, service, realServer);
                }
                return new KernelException(what + ": not found (ENOENT)", errno, operation, service,
                        realServer);
            default:
                return new KernelException(what + ": kernel refused with " + Errno.name(errno)
                        + Errno.hint(errno), errno, operation, service, realServer);
        }
    }

    /**
     * Turns an errno the kernel reported for a change or read of the host's networking (interfaces,
     * addresses, routes, settings) into the typed exception, so that every host transport reports the
     * same failure the same way: EPERM or EACCES becomes a {@link PermissionDeniedException} saying that
     * CAP_NET_ADMIN (CAP_NET_RAW to announce) is needed, EROFS one saying that {@code /proc/sys} is
     * read-only, EEXIST an {@link AlreadyExistsException}, ENODEV an {@link InterfaceNotFoundException}, anything else a
     * {@link KernelException} with the errno's name.
     *
     * @param errno the positive error number
     * @param operation what was being done
     * @param subject what it was done to, for the message, e.g. {@code 192.0.2.10/32 on lo}
     * @param interfaceName the interface involved, or null
     * @return the exception to throw
     * @throws NullPointerException if {@code operation} or {@code subject} is null
     */
    public static IpvsException hostError(int errno, IpvsOperation operation, String subject, String interfaceName) {
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(subject, "subject");
        String what = operation.name().toLowerCase(Locale.ROOT).replace('_', ' ') + " " + subject;
        switch (errno) {
            case Errno.EPERM:
            case Errno.EACCES:
                return new PermissionDeniedException(what + ": permission denied (" + Errno.name(errno) + "); "
                        + (operation == IpvsOperation.ANNOUNCE_ADDRESS ? "sending raw link-layer packets needs"
                        + " CAP_NET_RAW" : "changing the host's networking needs CAP_NET_ADMIN")
                        + " (run as root or grant the capability)", errno, operation, null, null);
            case Errno.EROFS:
                return new PermissionDeniedException(what + ": /proc/sys is read-only here (EROFS), as in"
                        + " most containers; set it on the host or give the container a writable /proc/sys/net",
                        errno, operation, null, null);
            case Errno.EEXIST:
                return new AlreadyExistsException(what + ": already there (EEXIST)", errno, operation, null, null);
            case Errno.ENODEV:
                return new InterfaceNotFoundException(what + ": no such interface"
                        + (interfaceName == null ? "" : " " + interfaceName) + " (ENODEV)", errno, operation,
                        interfaceName);
            case Errno.EADDRNOTAVAIL:
                return new KernelException(what + ": no such address on the interface (EADDRNOTAVAIL)", errno,
                        operation, null, null);
            default:
                return new KernelException(what + ": kernel refused with " + Errno.name(errno) + Errno.hint(errno),
                        errno, operation, null, null);
        }
    }

    /**
     * What an announcement is, for messages, the same from every transport: {@code gratuitous ARP for
     * 192.0.2.10 on eth0} or {@code neighbour advertisement for 2001:db8::10 on eth0}.
     *
     * @param address the address announced
     * @param interfaceName the interface it is announced on
     * @return the subject
     */
    public static String announcement(InetAddress address, String interfaceName) {
        return (address instanceof Inet4Address ? "gratuitous ARP for " : "neighbour advertisement for ")
                + Addresses.format(address) + " on " + interfaceName;
    }

    /**
     * Turns an errno the kernel reported for creating or editing a whole service definition into the
     * typed exception, as {@link #fromErrno(int, IpvsOperation, ServiceKey, InetSocketAddress)} does for
     * its key, but knowing the definition: ENOENT on {@link IpvsOperation#CREATE_SERVICE} or
     * {@link IpvsOperation#UPDATE_SERVICE} means the kernel found no module for the scheduler (or the
     * persistence engine), so the message names them and suggests the nearest built-in scheduler, e.g.
     * {@code the kernel has no scheduler "wrrr" (module ip_vs_wrrr) (ENOENT); did you mean "wrr"?}.
     * Unknown names are not refused before the kernel sees them: it may have out-of-tree modules.
     *
     * @param errno the positive error number
     * @param operation what was being done
     * @param service the service definition being created or edited
     * @return the exception to throw: a {@link KernelException} with the errno for a missing module
     * @throws NullPointerException if {@code operation} or {@code service} is null
     */
    public static IpvsException fromErrno(int errno, IpvsOperation operation, VirtualService service) {
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(service, "service");
        if (errno != Errno.ENOENT || (operation != IpvsOperation.CREATE_SERVICE
                && operation != IpvsOperation.UPDATE_SERVICE)) {
            return fromErrno(errno, operation, service.key(), null);
        }
        String scheduler = service.scheduler().name();
        StringBuilder sb = new StringBuilder(describe(operation, service.key(), null))
                .append(": the kernel has no scheduler \"").append(scheduler).append("\" (module ip_vs_")
                .append(scheduler).append(')');
        Optional<String> engine = service.persistence().flatMap(Persistence::engine);
        engine.ifPresent(e -> sb.append(" or no persistence engine \"").append(e).append("\" (module ip_vs_pe_")
                .append(e).append(')'));
        sb.append(" (ENOENT)");
        List<String> near = nearestBuiltInSchedulers(scheduler);
        if (!near.isEmpty()) {
            sb.append("; did you mean \"").append(String.join("\" or \"", near)).append("\"?");
        }
        return new KernelException(sb.toString(), errno, operation, service.key(), null);
    }

    /**
     * The built-in schedulers nearest to a name that is not one of them: those at the smallest edit
     * distance (insertions, deletions, substitutions and swaps of neighbours) if it is at most 2, or at
     * most 1 for a name of up to 3 characters, in {@link Scheduler#BUILT_IN}'s order; none for a built-in name.
     */
    static List<String> nearestBuiltInSchedulers(String name) {
        List<String> nearest = new ArrayList<>();
        int best = Integer.MAX_VALUE;
        for (Scheduler s : Scheduler.BUILT_IN) {
            int d = editDistance(name, s.name());
            if (d == 0) {
                return List.of();
            }
            if (d > (name.length() <= 3 ? 1 : 2) || d > best) {
                continue;
            }
            if (d < best) {
                best = d;
                nearest.clear();
            }
            nearest.add(s.name());
        }
        return nearest;
    }

    /** The optimal string alignment distance: edits, counting a swap of neighbours as one. */
    private static int editDistance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }

    /**
     * Describes an operation on its objects for messages, e.g. {@code create real server TCP
     * 192.0.2.1:80 -> 198.51.100.1:80}.
     *
     * @param operation what was being done
     * @param service the service involved, or null
     * @param realServer the real server involved, or null
     * @return the description
     */
    public static String describe(IpvsOperation operation, ServiceKey service, InetSocketAddress realServer) {
        StringBuilder sb = new StringBuilder(operation.name().toLowerCase(Locale.ROOT).replace('_', ' '));
        if (service != null) {
            sb.append(' ').append(service);
        }
        if (realServer != null) {
            sb.append(" -> ").append(Addresses.format(realServer));
        }
        return sb.toString();
    }
}
