package io.github.ipvs4j.netlink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ipvs4j.Host;
import io.github.ipvs4j.host.InterfaceAddress;
import io.github.ipvs4j.host.InterfaceNotFoundException;
import io.github.ipvs4j.host.Link;
import io.github.ipvs4j.host.RouteType;
import io.github.ipvs4j.host.Setting;
import io.github.ipvs4j.host.Sysctl;
import io.github.ipvs4j.internal.Addresses;
import io.github.ipvs4j.internal.Errno;
import io.github.ipvs4j.model.KernelException;
import io.github.ipvs4j.spi.TransportOptions;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Runs on the build host, whose kernel has rtnetlink: the provider is found, and what needs no
 * privilege (listings, a route lookup, settings) reads this host. Changes are for the kernel tests.
 */
class NetlinkHostTransportTest {

    @Test
    void theProviderIsAvailableAndFoundByHostOpen() {
        NetlinkHostTransportProvider provider = new NetlinkHostTransportProvider();
        assertThat(provider.name()).isEqualTo("netlink");
        assertThat(provider.priority()).isEqualTo(5);
        assertThat(provider.isAvailable()).as(provider.unavailableReason()).isTrue();
        try (Host host = Host.open()) {
            assertThat(host.getLink("lo")).get().extracting(Link::loopback).isEqualTo(true);
        }
    }

    @Test
    void readsThisHost() {
        try (NetlinkHostTransport t = NetlinkHostTransport.open(TransportOptions.DEFAULTS)) {
            List<Link> links = t.listLinks();
            assertThat(links).extracting(Link::name).contains("lo");
            assertThat(links).extracting(Link::index).isSorted();
            List<InterfaceAddress> addresses = t.listAddresses();
            if (!addresses.isEmpty() && addresses.stream().anyMatch(a -> a.interfaceName().equals("lo"))) {
                assertThat(addresses).anyMatch(a -> Addresses.format(a.address()).equals("127.0.0.1"));
            }
            t.route(Addresses.parse("127.0.0.1", IllegalArgumentException::new))
                    .ifPresent(r -> assertThat(r.type()).isEqualTo(RouteType.LOCAL));
            Setting forward = Setting.of(Sysctl.IP_FORWARD);
            Setting missing = Setting.of(Sysctl.ARP_IGNORE, "ipvs4j-none");
            Map<Setting, Integer> values = t.readSettings(List.of(forward, missing));
            assertThat(values).doesNotContainKey(missing);
            if (Files.exists(Path.of("/proc/sys/net/ipv4/ip_forward"))) {
                assertThat(values).containsKey(forward);
            }
            assertThatThrownBy(() -> t.setLinkUp("ipvs4j-none", true)).isInstanceOf(InterfaceNotFoundException.class)
                    .hasMessageContaining("ipvs4j-none");
        }
    }

    @Test
    void readErrorsAreMappedToErrnosByTheirType() {
        assertThat(NetlinkHostTransport.errnoOf(new NoSuchFileException("/proc/sys/x"))).isEqualTo(Errno.ENOENT);
        assertThat(NetlinkHostTransport.errnoOf(new AccessDeniedException("/proc/sys/x"))).isEqualTo(Errno.EACCES);
        // Any other failure's text is the C library's, perhaps localised: it is not read for an errno.
        assertThat(NetlinkHostTransport.errnoOf(new FileSystemException("/proc/sys/x", null, "Read-only file system")))
                .isZero();
        assertThat(NetlinkHostTransport.errnoOf(new IOException())).isZero();
    }

    @Test
    void aWriteRefusedByTheFileSystemCarriesItsErrno() {
        // /proc/self/stat takes no writes: open(2) refuses them (EACCES), or for root write(2) does (EINVAL).
        assertThatThrownBy(() -> Native.writeFile("/proc/self/stat", new byte[] {'1'}))
                .isInstanceOfSatisfying(ErrnoException.class,
                        e -> assertThat(e.errno()).isIn(Errno.EACCES, Errno.EINVAL));
        assertThatThrownBy(() -> Native.writeFile("/proc/sys/ipvs4j-none", new byte[] {'1'}))
                .isInstanceOfSatisfying(ErrnoException.class, e -> assertThat(e.errno()).isEqualTo(Errno.ENOENT));
    }

    @Test
    void writingASettingTheKernelLacksIsEnoent() {
        try (NetlinkHostTransport t = NetlinkHostTransport.open(TransportOptions.DEFAULTS)) {
            assertThatThrownBy(() -> t.writeSetting(Setting.of(Sysctl.ARP_IGNORE, "ipvs4j-none"), 1))
                    .isInstanceOf(KernelException.class)
                    .satisfies(e -> assertThat(((KernelException) e).errno()).isEqualTo(Errno.ENOENT))
                    .hasMessageContaining("net.ipv4.conf.ipvs4j-none.arp_ignore");
        }
    }
}
