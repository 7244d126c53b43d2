package io.github.ipvs4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ipvs4j.host.HardwareAddress;
import io.github.ipvs4j.host.HostChange;
import io.github.ipvs4j.host.HostChangeException;
import io.github.ipvs4j.host.InterfaceAddress;
import io.github.ipvs4j.host.InterfaceNotFoundException;
import io.github.ipvs4j.host.Link;
import io.github.ipvs4j.host.Route;
import io.github.ipvs4j.host.Setting;
import io.github.ipvs4j.host.Sysctl;
import io.github.ipvs4j.internal.Errno;
import io.github.ipvs4j.model.AlreadyExistsException;
import io.github.ipvs4j.model.InvalidConfigurationException;
import io.github.ipvs4j.model.IpvsOperation;
import io.github.ipvs4j.model.PermissionDeniedException;
import io.github.ipvs4j.spi.HostTransport;
import io.github.ipvs4j.spi.KernelErrors;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What {@link Host} checks before its transport sees a call, and how it reports a list of changes. */
class HostTest {
    /** Records the calls that change something. */
    private static class Recording implements HostTransport {
        final List<String> calls = new ArrayList<>();
        final List<Link> links = new ArrayList<>(List.of(
                new Link(1, "lo", Optional.empty(), true, true, true, Optional.empty(), 65536),
                new Link(2, "eth0", Optional.of("veth"), true, false, false,
                        Optional.of(new HardwareAddress("02:00:00:00:00:02")), 1500),
                new Link(3, "eth1", Optional.of("veth"), false, false, false,
                        Optional.of(new HardwareAddress("02:00:00:00:00:03")), 1500),
                new Link(4, "tunl0", Optional.of("ipip"), true, false, true,
                        Optional.of(new HardwareAddress("00:00:00:00")), 1480)));
        final Map<Setting, Integer> settings = new HashMap<>();
        int closes;

        @Override
        public List<Link> listLinks() {
            return links;
        }

        @Override
        public List<InterfaceAddress> listAddresses() {
            return List.of(InterfaceAddress.of("lo", "127.0.0.1/8"), InterfaceAddress.of("eth0", "192.0.2.2/24"));
        }

        private void call(String what) {
            calls.add(what);
        }

        @Override
        public void addAddress(InterfaceAddress address) {
            call("add " + address);
        }

        @Override
        public void removeAddress(InterfaceAddress address) {
            call("remove " + address);
        }

        @Override
        public void setLinkUp(String interfaceName, boolean up) {
            call("link " + interfaceName + " " + up);
        }

        @Override
        public Optional<Route> route(InetAddress destination) {
            return Optional.empty();
        }

        @Override
        public Map<Setting, Integer> readSettings(Collection<Setting> wanted) {
            Map<Setting, Integer> out = new HashMap<>();
            wanted.forEach(s -> {
                if (settings.containsKey(s)) {
                    out.put(s, settings.get(s));
                }
            });
            return out;
        }

        @Override
        public void writeSetting(Setting setting, int value) {
            call("set " + setting + " " + value);
        }

        @Override
        public void announce(String interfaceName, InetAddress address, int count, Duration interval) {
            call("announce " + interfaceName + " " + address.getHostAddress() + " x" + count);
        }

        @Override
        public void close() {
            closes++;
        }
    }

    private static InetAddress ip(String s) throws Exception {
        return InetAddress.getByName(s);
    }

    @Test
    void checksValuesBeforeTheTransportSeesThem() throws Exception {
        Recording t = new Recording();
        Host host = Host.using(t);
        assertThatThrownBy(() -> host.writeSetting(Setting.all(Sysctl.ARP_ANNOUNCE), 3))
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("arp_announce")
                .hasMessageContaining("0..2");
        assertThatThrownBy(() -> host.announce("eth9", ip("192.0.2.10"), 3, Duration.ofMillis(10)))
                .isInstanceOf(InterfaceNotFoundException.class).hasMessageContaining("eth9");
        assertThatThrownBy(() -> host.announce("eth1", ip("192.0.2.10"), 3, Duration.ofMillis(10)))
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("eth1 (down)");
        assertThatThrownBy(() -> host.announce("tunl0", ip("192.0.2.10"), 3, Duration.ofMillis(10)))
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("Ethernet");
        assertThatThrownBy(() -> host.announce("lo", ip("192.0.2.10"), 3, Duration.ofMillis(10)))
                .isInstanceOf(InvalidConfigurationException.class);
        assertThatThrownBy(() -> host.announce("eth0", ip("192.0.2.10"), 0, Duration.ofMillis(10)))
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("1..100");
        assertThatThrownBy(() -> host.announce("eth0", ip("192.0.2.10"), 1, Duration.ofMinutes(2)))
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("interval");
        assertThatThrownBy(() -> host.listAddresses("eth7")).isInstanceOf(InterfaceNotFoundException.class)
                .hasMessageContaining("eth7");
        assertThat(t.calls).isEmpty();

        host.announce("eth0", ip("192.0.2.10"), 3, Duration.ZERO);
        assertThat(t.calls).containsExactly("announce eth0 192.0.2.10 x3");
        assertThat(host.listAddresses("eth0")).containsExactly(InterfaceAddress.of("eth0", "192.0.2.2/24"));
        assertThat(host.findAddress(ip("192.0.2.2"))).hasSize(1);
    }

    @Test
    void readsTheEffectiveValueByTheKernelsRule() {
        Recording t = new Recording();
        t.settings.put(Setting.all(Sysctl.ARP_IGNORE), 1);
        t.settings.put(Setting.of(Sysctl.ARP_IGNORE, "eth0"), 2);
        t.settings.put(Setting.all(Sysctl.SEND_REDIRECTS), 0);
        t.settings.put(Setting.of(Sysctl.SEND_REDIRECTS, "eth0"), 1);
        Host host = Host.using(t);
        assertThat(host.readEffective(Sysctl.ARP_IGNORE, "eth0")).hasValue(2);
        assertThat(host.readEffective(Sysctl.SEND_REDIRECTS, "eth0")).hasValue(1);
        assertThat(host.readEffective(Sysctl.ARP_IGNORE, "eth1")).isEmpty();
        assertThat(host.readSetting(Setting.of(Sysctl.VS_CONNTRACK))).isEmpty();
        assertThat(host.readSetting(Setting.all(Sysctl.ARP_IGNORE))).hasValue(1);
    }

    @Test
    void aFailedListOfChangesSaysWhatWasAppliedAndWhatNot() throws Exception {
        HostChange a = new HostChange.WriteSetting(Setting.all(Sysctl.ARP_IGNORE), 1);
        HostChange b = new HostChange.AddAddress(InterfaceAddress.host("lo", ip("192.0.2.10")));
        HostChange c = new HostChange.WriteSetting(Setting.all(Sysctl.ARP_ANNOUNCE), 2);
        Recording failing = new Recording() {
            @Override
            public void addAddress(InterfaceAddress address) {
                throw KernelErrors.hostError(Errno.EEXIST, IpvsOperation.ADD_ADDRESS, address.toString(), null);
            }
        };
        HostChangeException e = org.assertj.core.api.Assertions.catchThrowableOfType(HostChangeException.class,
                () -> Host.using(failing).apply(List.of(a, b, c)));
        assertThat(e.applied()).containsExactly(a);
        assertThat(e.failed()).isEqualTo(b);
        assertThat(e.notApplied()).containsExactly(c);
        assertThat(e.getCause()).isInstanceOf(AlreadyExistsException.class);
        assertThat(e.errno()).isEqualTo(Errno.EEXIST);
        assertThat(e.getMessage()).isEqualTo("could not add address 192.0.2.10/32 on lo: add address 192.0.2.10/32 on"
                + " lo: already there (EEXIST); applied before it: [set net.ipv4.conf.all.arp_ignore = 1];"
                + " not applied: [set net.ipv4.conf.all.arp_announce = 2]");
        assertThat(failing.calls).containsExactly("set net.ipv4.conf.all.arp_ignore 1");
    }

    @Test
    void hostErrorsNameTheOperationTheObjectAndTheCapability() {
        assertThat(KernelErrors.hostError(Errno.EPERM, IpvsOperation.WRITE_SETTING, "net.ipv4.ip_forward", null))
                .isInstanceOf(PermissionDeniedException.class)
                .hasMessageStartingWith("write setting net.ipv4.ip_forward: permission denied (EPERM)")
                .hasMessageContaining("CAP_NET_ADMIN");
        assertThat(KernelErrors.hostError(Errno.EPERM, IpvsOperation.ANNOUNCE_ADDRESS, "192.0.2.1 on eth0", "eth0"))
                .hasMessageContaining("CAP_NET_RAW");
        assertThat(KernelErrors.hostError(Errno.EROFS, IpvsOperation.WRITE_SETTING, "net.ipv4.ip_forward", null))
                .isInstanceOf(PermissionDeniedException.class).hasMessageContaining("read-only");
        assertThat(KernelErrors.hostError(Errno.ENODEV, IpvsOperation.ADD_ADDRESS, "192.0.2.1/32 on eth9", "eth9"))
                .isInstanceOfSatisfying(InterfaceNotFoundException.class,
                        e -> assertThat(e.interfaceName()).isEqualTo("eth9"))
                .hasMessage("add address 192.0.2.1/32 on eth9: no such interface eth9 (ENODEV)");
        assertThat(KernelErrors.hostError(Errno.EADDRNOTAVAIL, IpvsOperation.REMOVE_ADDRESS, "192.0.2.1/32 on lo",
                "lo")).hasMessage("remove address 192.0.2.1/32 on lo: no such address on the interface"
                + " (EADDRNOTAVAIL)");
    }

    @Test
    void aClosedHostRefusesCallsAndClosesItsTransportOnce() {
        Recording t = new Recording();
        Host host = Host.using(t);
        host.close();
        host.close();
        assertThat(t.closes).isEqualTo(1);
        assertThatThrownBy(host::listLinks).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void withoutAProviderTheMessageNamesTheArtifacts() {
        // ipvs-api alone has no host transport on its class path.
        assertThatThrownBy(Host::open).hasMessageContaining("io.github.ipvs4j:ipvs-netlink")
                .hasMessageContaining("FakeHost");
    }
}
