package io.github.ipvs4j.netlink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ipvs4j.internal.Addresses;
import io.github.ipvs4j.internal.Errno;
import io.github.ipvs4j.model.IpvsException;
import io.github.ipvs4j.model.IpvsInfo;
import io.github.ipvs4j.model.SyncDaemon;
import io.github.ipvs4j.model.Timeouts;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Table-wide commands on the real kernel: info, timeouts, sync daemons. */
class TableKernelIT extends KernelSupport {

    @AfterEach
    void stopDaemons() {
        for (SyncDaemon d : transport.listSyncDaemons()) {
            transport.stopSyncDaemon(d.role());
        }
    }

    @Test
    void info() {
        IpvsInfo info = transport.info();
        assertThat(info.version()).isEqualTo("1.2.1");
        assertThat(info.connectionTableSize()).isEqualTo(4096);
        assertThat(sh("ipvsadm -Ln")).contains("IP Virtual Server version " + info.version() + " (size="
                + info.connectionTableSize() + ")");
    }

    @Test
    void timeoutsGetAndSet() {
        Timeouts before = transport.getTimeouts();
        assertThat(before).isEqualTo(new Timeouts(900, 120, 300)); // the kernel's defaults
        try {
            transport.setTimeouts(new Timeouts(1000, 0, 0)); // 0 leaves a timeout unchanged
            assertThat(transport.getTimeouts()).isEqualTo(new Timeouts(1000, 120, 300));
            // Fact: the kernel takes at most INT_MAX / HZ seconds; Debian's 6.1 has HZ=250.
            transport.setTimeouts(new Timeouts(0, 30, 8589934));
            assertThat(transport.getTimeouts()).isEqualTo(new Timeouts(1000, 30, 8589934));
            assertThat(sh("ipvsadm -L --timeout")).contains("1000 30 8589934");
            assertThatThrownBy(() -> transport.setTimeouts(new Timeouts(0, 0, 8589935)))
                    .isInstanceOf(IpvsException.class)
                    .satisfies(e -> assertThat(((IpvsException) e).errno()).isEqualTo(Errno.EINVAL));
            assertThat(transport.getTimeouts()).isEqualTo(new Timeouts(1000, 30, 8589934));
        } finally {
            transport.setTimeouts(before);
        }
    }

    @Test
    void syncDaemonsStartListStop() {
        sh("ip link set dummy0 multicast on up");
        assertThat(transport.listSyncDaemons()).isEmpty();
        transport.startSyncDaemon(SyncDaemon.of(SyncDaemon.Role.MASTER, "dummy0", 7));
        transport.startSyncDaemon(new SyncDaemon(SyncDaemon.Role.BACKUP, "lo", 9, 1200,
                Optional.of(Addresses.parse("239.1.2.3")), 9000, 3));
        assertThat(transport.listSyncDaemons()).containsExactlyInAnyOrder(
                // The kernel reports its defaults: group 224.0.0.81, port 8848, TTL 1, length from the MTU.
                new SyncDaemon(SyncDaemon.Role.MASTER, "dummy0", 7, 1472,
                        Optional.of(Addresses.parse("224.0.0.81")), 8848, 1),
                new SyncDaemon(SyncDaemon.Role.BACKUP, "lo", 9, 1200,
                        Optional.of(Addresses.parse("239.1.2.3")), 9000, 3));
        assertThat(sh("ipvsadm -L --daemon"))// ipvsadm agrees, on the ports' byte order too.
                .contains("master sync daemon (mcast=dummy0, syncid=7, maxlen=1472, group=224.0.0.81, port=8848, ttl=1)")
                .contains("backup sync daemon (mcast=lo, syncid=9, maxlen=1200, group=239.1.2.3, port=9000, ttl=3)");
        // Fact: a second master is refused with EEXIST.
        assertThatThrownBy(() -> transport.startSyncDaemon(SyncDaemon.of(SyncDaemon.Role.MASTER, "dummy0", 8)))
                .isInstanceOf(IpvsException.class)
                .satisfies(e -> assertThat(((IpvsException) e).errno()).isEqualTo(Errno.EEXIST));
        transport.stopSyncDaemon(SyncDaemon.Role.MASTER);
        assertThat(transport.listSyncDaemons()).extracting(SyncDaemon::role).containsExactly(SyncDaemon.Role.BACKUP);
    }

    /** Fact: a daemon on an interface that does not exist is refused with ENODEV. */
    @Test
    void syncDaemonOnAMissingInterface() {
        assertThatThrownBy(() -> transport.startSyncDaemon(SyncDaemon.of(SyncDaemon.Role.MASTER, "nosuch0", 1)))
                .isInstanceOf(IpvsException.class)
                .satisfies(e -> assertThat(((IpvsException) e).errno()).isEqualTo(Errno.ENODEV));
    }
}
