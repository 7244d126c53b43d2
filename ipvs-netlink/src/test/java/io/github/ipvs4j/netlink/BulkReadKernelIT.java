package io.github.ipvs4j.netlink;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ipvs4j.model.BatchResult;
import io.github.ipvs4j.model.Change;
import io.github.ipvs4j.model.IpvsConfig;
import io.github.ipvs4j.model.RealServer;
import io.github.ipvs4j.model.RealServerStatus;
import io.github.ipvs4j.model.ServiceConfig;
import io.github.ipvs4j.model.ServiceKey;
import io.github.ipvs4j.model.VirtualService;
import io.github.ipvs4j.model.VirtualServiceStatus;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The real servers of many services read at once: above the threshold the transport reads on several
 * sockets and threads, and must give what one call per service gives. (That an unprivileged bulk read
 * fails as the single call does is checked by {@link PermissionKernelIT}.)
 */
class BulkReadKernelIT extends KernelSupport {
    private static final int SERVICES = 300;

    @Test
    void theBulkReadEqualsOneReadPerService() {
        List<VirtualService> services = new ArrayList<>();
        List<Change> changes = new ArrayList<>();
        for (int i = 0; i < SERVICES; i++) {
            VirtualService s = VirtualService.builder(ServiceKey.tcp("192.0.2." + (1 + i / 100), 1000 + i % 100))
                    .build();
            services.add(s);
            changes.add(new Change.CreateService(s));
            for (int r = 0; r < 3; r++) {
                changes.add(new Change.CreateRealServer(s.key(),
                        RealServer.builder("198.51.100." + (2 + r), 80 + i).weight(1 + (i + r) % 5).build()));
            }
        }
        BatchResult created = transport.submit(changes);
        assertThat(created.failures()).isEmpty();

        List<ServiceKey> keys = new ArrayList<>(services.stream().map(VirtualService::key).toList());
        Collections.shuffle(keys, new Random(6));
        ServiceKey missing = VirtualService.builder(ServiceKey.tcp("192.0.2.200", 80)).build().key();
        keys.add(150, missing); // among the keys: read as the single call reads an unknown service
        Map<ServiceKey, List<RealServerStatus>> bulk = transport.listRealServerStatus(keys);

        assertThat(bulk.keySet()).containsExactlyElementsOf(keys);
        for (ServiceKey key : keys) {
            assertThat(bulk.get(key)).as("real servers of %s", key).isEqualTo(transport.listRealServerStatus(key));
        }
        assertThat(bulk.get(missing)).isEmpty();
        assertThat(bulk.get(services.get(7).key())).hasSize(3);

        // Without counts and statistics (left undecoded): the same real servers.
        Map<ServiceKey, List<RealServer>> configs = transport.listRealServers(keys);
        assertThat(configs.keySet()).containsExactlyElementsOf(keys);
        for (ServiceKey key : keys) {
            assertThat(configs.get(key)).as("real servers of %s", key)
                    .isEqualTo(bulk.get(key).stream().map(RealServerStatus::server).toList());
        }
        assertThat(transport.listServices()).containsExactlyInAnyOrderElementsOf(
                transport.listServiceStatus().stream().map(VirtualServiceStatus::service).toList());
        if (Runtime.getRuntime().availableProcessors() > 1) { // the guest has 2 CPUs
            assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName)
                    .anyMatch(n -> n.startsWith("ipvs4j-netlink-reader-"));
        }

        // readConfig goes through it: every service with its 3 real servers, newest first.
        IpvsConfig config = ipvs.readConfig();
        assertThat(config.services()).hasSize(SERVICES);
        for (ServiceConfig s : config.services()) {
            assertThat(s.realServers()).extracting(RealServer::address).extracting(a -> a.getHostAddress())
                    .containsExactly("198.51.100.4", "198.51.100.3", "198.51.100.2");
        }
    }

    @Test
    void aLongRealServerDumpComesInDatagramsOfTheSocketsReceiveLength() {
        VirtualService service = VirtualService.builder(ServiceKey.tcp("192.0.2.1", 80)).build();
        List<Change> changes = new ArrayList<>(List.of(new Change.CreateService(service)));
        for (int i = 1; i <= 250; i++) {
            changes.add(new Change.CreateRealServer(service.key(), RealServer.builder("198.51.100." + i, 8080)
                    .build()));
        }
        assertThat(transport.submit(changes).failures()).isEmpty();

        // The transport dumps real servers on sockets that receive little: the dump spans many datagrams.
        assertThat(transport.listRealServerStatus(service.key())).hasSize(250)
                .first().satisfies(r -> assertThat(r.server().address().getHostAddress()).isEqualTo("198.51.100.250"));
        List<Integer> small = new ArrayList<>();
        List<Integer> large = new ArrayList<>();
        assertThat(dumpRealServers(service.key(), NetlinkSocket.smallDatagrams(), small)).isEqualTo(250);
        assertThat(dumpRealServers(service.key(), NetlinkSocket.LARGE_DATAGRAMS, large)).isEqualTo(250);
        assertThat(small).allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(NetlinkSocket.smallDatagrams()));
        assertThat(small.size()).isGreaterThan(large.size());
    }

    /** Dumps a service's real servers on a new socket; returns their count, and each datagram's length. */
    private static int dumpRealServers(ServiceKey service, int receiveLength, List<Integer> datagrams) {
        try (NetlinkSocket s = NetlinkSocket.open(receiveLength)) {
            MessageWriter w = s.writer();
            int start = w.beginMessage(familyId(s), Netlink.NLM_F_REQUEST | Netlink.NLM_F_DUMP, s.nextSeq(),
                    s.portId());
            w.genlHeader(IpvsNetlink.CMD_GET_DEST, IpvsNetlink.FAMILY_VERSION);
            IpvsCodec.writeServiceKey(w, service);
            w.endMessage(start);
            s.send(w);
            int servers = 0;
            while (true) {
                ByteBuffer datagram = s.receive(10_000_000_000L);
                datagrams.add(datagram.remaining());
                NetlinkMessage m = new NetlinkMessage().reset(datagram);
                while (m.next()) {
                    if (m.type() == Netlink.NLMSG_DONE) {
                        return servers;
                    }
                    servers++;
                }
            }
        }
    }
}
