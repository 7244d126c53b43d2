package io.github.ipvs4j.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ipvs4j.internal.Addresses;
import io.github.ipvs4j.model.AddressFamily;
import io.github.ipvs4j.model.Change;
import io.github.ipvs4j.model.ForwardingMethod;
import io.github.ipvs4j.model.InvalidConfigurationException;
import io.github.ipvs4j.model.RealServer;
import io.github.ipvs4j.model.Scheduler;
import io.github.ipvs4j.model.SchedulerFlag;
import io.github.ipvs4j.model.ServiceKey;
import io.github.ipvs4j.model.SyncDaemon;
import io.github.ipvs4j.model.Timeouts;
import io.github.ipvs4j.model.TunnelChecksum;
import io.github.ipvs4j.model.VirtualService;
import io.github.ipvs4j.rules.IpvsadmCommand.ListOption;
import java.net.InetSocketAddress;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IpvsadmCommandTest {
    private static final ServiceKey WEB = ServiceKey.tcp("192.0.2.1", 80);

    private static IpvsadmCommand parse(String line) {
        return IpvsadmCommand.parse(IpvsadmRules.tokenize(line));
    }

    private static void assertRejected(String line, String message) {
        assertThatThrownBy(() -> parse(line)).isInstanceOf(RulesSyntaxException.class).hasMessage(message);
    }

    private static void assertRejectedContaining(String line, String... parts) {
        assertThatThrownBy(() -> parse(line)).isInstanceOf(RulesSyntaxException.class)
                .hasMessageContainingAll(parts);
    }

    // ---- option syntax --------------------------------------------------------------------------------

    @Test
    void longAliasesMeanTheSameAsShortOptions() {
        IpvsadmCommand s = parse("--add-service --tcp-service 192.0.2.1:80 --scheduler sh --persistent 60"
                + " --netmask 255.255.0.0 --sched-flags sh-port");
        assertThat(s).isEqualTo(parse("-A -t 192.0.2.1:80 -s sh -p 60 -M 255.255.0.0 -b sh-port"));
        assertThat(parse("--add-service --udp-service 192.0.2.1:53 --ops")).isEqualTo(parse("-A -u 192.0.2.1:53 -o"));
        assertThat(parse("--add-service --fwmark-service 5 --ipv6")).isEqualTo(parse("-A -f 5 -6"));
        assertThat(parse("--add-server --tcp-service 192.0.2.1:80 --real-server 198.51.100.1:81 --masquerading"
                + " --weight 3 --u-threshold 10 --l-threshold 5"))
                .isEqualTo(parse("-a -t 192.0.2.1:80 -r 198.51.100.1:81 -m -w 3 -x 10 -y 5"));
        assertThat(parse("--edit-server -t 192.0.2.1:80 -r 198.51.100.1 --gatewaying")).isEqualTo(
                parse("-e -t 192.0.2.1:80 -r 198.51.100.1 -g"));
        assertThat(parse("--add-server -t 192.0.2.1:80 -r 198.51.100.1 --ipip")).isEqualTo(
                parse("-a -t 192.0.2.1:80 -r 198.51.100.1 -i"));
        assertThat(parse("--delete-server -t 192.0.2.1:80 -r 198.51.100.1")).isEqualTo(
                parse("-d -t 192.0.2.1:80 -r 198.51.100.1"));
        assertThat(parse("--edit-service -t 192.0.2.1:80")).isEqualTo(parse("-E -t 192.0.2.1:80"));
        assertThat(parse("--delete-service -t 192.0.2.1:80")).isEqualTo(parse("-D -t 192.0.2.1:80"));
        assertThat(parse("--clear")).isEqualTo(new IpvsadmCommand.Clear());
        assertThat(parse("--zero")).isEqualTo(new IpvsadmCommand.Zero(Optional.empty()));
        assertThat(parse("--save --numeric")).isEqualTo(new IpvsadmCommand.Save(true));
        assertThat(parse("--restore")).isEqualTo(new IpvsadmCommand.Restore());
        assertThat(parse("--list")).isEqualTo(IpvsadmCommand.ListTable.all());
        assertThat(parse("-l")).isEqualTo(IpvsadmCommand.ListTable.all());
    }

    @Test
    void valuesMayBeAttachedOrClustered() {
        IpvsadmCommand expected = parse("-a -t 192.0.2.1:80 -r 198.51.100.1:80 -m -w 3");
        assertThat(parse("-a -t192.0.2.1:80 -r198.51.100.1:80 -mw3")).isEqualTo(expected);
        assertThat(parse("-a --tcp-service=192.0.2.1:80 --real-server=198.51.100.1:80 -m --weight=3")).isEqualTo(expected);
        assertThat(parse("-Sn")).isEqualTo(new IpvsadmCommand.Save(true));
        assertThat(parse("-Lnc")).isEqualTo(new IpvsadmCommand.ListTable(Optional.empty(),
                EnumSet.of(ListOption.NUMERIC, ListOption.CONNECTIONS)));
    }

    @Test
    void persistentTakesAnOptionalValue() {
        assertThat(service("-A -t 192.0.2.1:80 -p").persistence().orElseThrow().timeoutSeconds()).isEqualTo(300);
        assertThat(service("-A -t 192.0.2.1:80 -p -s rr").persistence().orElseThrow().timeoutSeconds()).isEqualTo(300);
        assertThat(service("-A -t 192.0.2.1:80 -p 600").persistence().orElseThrow().timeoutSeconds()).isEqualTo(600);
        assertThat(service("-A -t 192.0.2.1:80 -p600").persistence().orElseThrow().timeoutSeconds()).isEqualTo(600);
        assertThat(service("-A -t 192.0.2.1:80 --persistent=7").persistence().orElseThrow().timeoutSeconds()).isEqualTo(7);
        assertThat(service("-A -t 192.0.2.1:80 -p 2147483647").persistence().orElseThrow().timeoutSeconds())
                .isEqualTo(Integer.MAX_VALUE);
        assertRejected("-A -t 192.0.2.1:80 -p 0", "-p: illegal persistence timeout \"0\"; expected 1..2147483647");
        assertRejected("-A -t 192.0.2.1:80 -p x", "-p: illegal persistence timeout \"x\"; expected 1..2147483647");
    }

    private static VirtualService service(String line) {
        return ((IpvsadmCommand.AddService) parse(line)).service();
    }

    private static RealServer server(String line) {
        return ((IpvsadmCommand.AddRealServer) parse(line)).server();
    }

    @Test
    void doubleDashEndsOptions() {
        assertThat(parse("--set -- 1 2 3")).isEqualTo(new IpvsadmCommand.SetTimeouts(new Timeouts(1, 2, 3)));
        assertRejected("-C -- -x", "unexpected argument -x");
    }

    @Test
    void unknownOptionsAndMissingValuesAreNamed() {
        assertRejected("-A -t 192.0.2.1:80 --foo", "unknown option --foo");
        assertRejected("-A -t 192.0.2.1:80 -q", "unknown option -q");
        assertRejected("-A -t", "option -t needs a value");
        assertRejected("-A --tcp-service", "option --tcp-service needs a value");
        assertRejected("-C --clear=1", "option --clear takes no value");
        assertRejected("-C extra", "unexpected argument extra");
    }

    @Test
    void theCommandComesFirstAndOnlyOnce() {
        assertRejectedContaining("-t 192.0.2.1:80 -A", "the first option must be a command", "not -t");
        assertRejected("-A -a -t 192.0.2.1:80", "more than one command: -A and -a");
        assertRejectedContaining("192.0.2.1", "no command given");
        assertThat(IpvsadmCommand.parse(List.of())).isEqualTo(IpvsadmCommand.ListTable.all());
    }

    @Test
    void helpAndVersionIgnoreTheRest() {
        assertThat(parse("-h --whatever")).isEqualTo(new IpvsadmCommand.Help());
        assertThat(parse("--version -t")).isEqualTo(new IpvsadmCommand.Version());
    }

    @Test
    void eachOptionOnlyOnce() {
        assertRejected("-A -t 192.0.2.1:80 -u 192.0.2.1:53", "multiple 'service-address' options specified (-t and -u)");
        assertRejected("-a -t 192.0.2.1:80 -r 198.51.100.1 -m -g",
                "multiple 'forwarding-method' options specified (-m and -g)");
        assertRejected("-a -t 192.0.2.1:80 -r 198.51.100.1 -w 1 --weight 2",
                "multiple 'weight' options specified (-w and --weight)");
    }

    @Test
    void commandsTakeOnlyTheirOptions() {
        assertRejected("-A -t 192.0.2.1:80 -w 3", "option -w is not allowed with -A (add-service)");
        assertRejected("-A -t 192.0.2.1:80 -n", "option -n is not allowed with -A (add-service)");
        assertRejected("-D -t 192.0.2.1:80 -s rr", "option -s is not allowed with -D (delete-service)");
        assertRejected("-a -t 192.0.2.1:80 -r 198.51.100.1 -s rr", "option -s is not allowed with -a (add-server)");
        assertRejected("-d -t 192.0.2.1:80 -r 198.51.100.1 -m", "option -m is not allowed with -d (delete-server)");
        assertRejected("-C -t 192.0.2.1:80", "option -t is not allowed with -C (clear)");
        assertRejected("-S --stats", "option --stats is not allowed with -S (save)");
        assertRejected("--set 1 2 3 -n", "option -n is not allowed with --set (set)");
        assertRejected("--stop-daemon master --mcast-interface eth1",
                "option --mcast-interface is not allowed with --stop-daemon (stop-daemon)");
        assertRejected("-L --tun-port 1", "option --tun-port is not allowed with -L (list)");
    }

    @Test
    void requiredOptionsAreNamed() {
        assertRejected("-A -s rr", "-A (add-service) needs the 'service-address' option");
        assertRejected("-a -t 192.0.2.1:80", "-a (add-server) needs the 'real-server' option");
        assertRejected("-d -r 198.51.100.1", "-d (delete-server) needs the 'service-address' option");
    }

    @Test
    void listTakesOneSubjectAndCompatibleOptions() {
        assertThat(parse("-L -n -t 192.0.2.1:80 --stats --exact")).isEqualTo(new IpvsadmCommand.ListTable(
                Optional.of(WEB), EnumSet.of(ListOption.NUMERIC, ListOption.STATS, ListOption.EXACT)));
        assertThat(parse("-L --timeout")).isEqualTo(new IpvsadmCommand.ListTable(Optional.empty(),
                Set.of(ListOption.TIMEOUTS)));
        assertThat(parse("-L --daemon --syncid 3")).isEqualTo(new IpvsadmCommand.ListTable(Optional.empty(),
                Set.of(ListOption.DAEMONS)));
        assertThat(parse("-L --sort --nosort --rate --thresholds --persistent-conn --tun-info")
                .arguments()).containsExactly("-L", "--rate", "--thresholds", "--persistent-conn", "--nosort",
                "--tun-info");
        assertRejected("-L -c --timeout", "option --timeout conflicts with -c in -L (list)");
        assertRejectedContaining("-L -c --stats", "list options", "--stats, --rate and --thresholds only");
        assertRejectedContaining("-L --daemon --persistent-conn", "--persistent-conn not with --timeout or --daemon");
    }

    // ---- services -------------------------------------------------------------------------------------

    @Test
    void serviceAddressesAndPorts() {
        assertThat(service("-A -t 192.0.2.1:80").key()).isEqualTo(WEB);
        assertThat(service("-A -u [2001:db8::1]:53").key()).isEqualTo(ServiceKey.udp("2001:db8::1", 53));
        assertThat(service("-A --sctp-service 192.0.2.1:3868").key()).isEqualTo(ServiceKey.sctp("192.0.2.1", 3868));
        assertThat(service("-A -f 4294967295").key()).isEqualTo(ServiceKey.fwmark(4294967295L));
        assertThat(service("-A -f 1 -6").key()).isEqualTo(ServiceKey.fwmark(1, AddressFamily.INET6));
        // A bare IPv6 address has no port: the last group is part of the address.
        assertThat(service("-A -t 2001:db8::1:80 -p").key()).isEqualTo(ServiceKey.tcp("2001:db8::1:80", 0));
    }

    @Test
    void badServiceAddressesAreRefusedWithoutLookingNamesUp() {
        assertRejectedContaining("-A -t www.example.com:80", "-t: illegal virtual service address[:port]",
                "www.example.com:80", "names are not looked up");
        assertRejectedContaining("-A -t 192.0.2.1:http", "-t: illegal virtual service port \"http\"; expected 0..65535");
        assertRejectedContaining("-A -t 192.0.2.1:65536", "illegal virtual service port \"65536\"");
        assertRejectedContaining("-A -t [192.0.2.1]:80", "illegal virtual service address");
        assertRejectedContaining("-A -t [2001:db8::1]", "illegal virtual service address");
        assertRejectedContaining("-A -t [2001:db8::1]80", "illegal virtual service address");
        assertRejectedContaining("-A -t 80", "illegal virtual service address");
        assertRejectedContaining("-A -t 256.1.1.1:80", "illegal virtual service address");
        assertRejected("-A -f 0", "-f: illegal firewall mark \"0\"; expected 1..4294967295");
        assertRejected("-A -f 4294967296", "-f: illegal firewall mark \"4294967296\"; expected 1..4294967295");
        assertRejected("-A -f -1", "-f: illegal firewall mark \"-1\"; expected 1..4294967295");
    }

    @Test
    void ipv6FlagOnlyAfterAFirewallMark() {
        assertRejectedContaining("-A -6 -f 1", "-6 used before -f");
        assertRejectedContaining("-A -t 192.0.2.1:80 -6", "-6 used before -f");
    }

    @Test
    void zeroPortNeedsPersistenceAndOnePacketNeedsUdp() {
        assertRejected("-A -t 192.0.2.1:0", "port 0 is only allowed for a persistent service (add -p)");
        assertRejected("-E -t 192.0.2.1", "port 0 is only allowed for a persistent service (add -p)");
        assertThat(service("-A -t 192.0.2.1 -p").key()).isEqualTo(ServiceKey.tcp("192.0.2.1", 0));
        assertRejected("-A -t 192.0.2.1:80 -o", "one-packet scheduling (-o) is only for UDP and firewall-mark services");
        assertThat(service("-A -f 1 -o").onePacket()).isTrue();
        assertThat(service("-A -u 192.0.2.1:53 -o").onePacket()).isTrue();
    }

    @Test
    void netmasksPerFamily() {
        assertThat(service("-A -t 192.0.2.1:80 -p -M 255.255.255.128").persistence().orElseThrow().prefixLength())
                .isEqualTo(25);
        assertThat(service("-A -t 192.0.2.1:80 -M 0.0.0.0 -p").persistence().orElseThrow().prefixLength()).isZero();
        assertThat(service("-A -t [2001:db8::1]:80 -p -M 48").persistence().orElseThrow().prefixLength()).isEqualTo(48);
        assertThat(service("-A -f 1 -6 -p -M 56").persistence().orElseThrow().prefixLength()).isEqualTo(56);
        assertThat(service("-A -t [2001:db8::1]:80 -p").persistence().orElseThrow().prefixLength()).isEqualTo(128);
        assertRejectedContaining("-A -t 192.0.2.1:80 -p -M 24", "-M: illegal persistence netmask \"24\"",
                "255.255.255.0");
        assertRejectedContaining("-A -t 192.0.2.1:80 -p -M 255.0.255.0", "illegal persistence netmask");
        assertRejectedContaining("-A -t 192.0.2.1:80 -p -M 255.255.255.256", "illegal persistence netmask");
        assertRejected("-A -t [2001:db8::1]:80 -p -M 0",
                "-M: illegal IPv6 persistence prefix length \"0\"; expected 1..128");
        assertRejected("-A -t [2001:db8::1]:80 -p -M 129",
                "-M: illegal IPv6 persistence prefix length \"129\"; expected 1..128");
        assertRejected("-A -t 192.0.2.1:80 -M 255.255.255.0", "option -M (persistence granularity) needs -p");
        assertRejected("-A -t 192.0.2.1:80 --pe sip", "option --pe (persistence engine) needs -p");
    }

    @Test
    void persistenceEngine() {
        assertThat(service("-A -u 192.0.2.1:5060 -p 60 --pe sip").persistence().orElseThrow().engine()).contains("sip");
        assertRejectedContaining("-A -u 192.0.2.1:5060 -p --pe SIP", "persistence engine: \"SIP\"");
    }

    @Test
    void schedulerFlagsFollowTheScheduler() {
        assertThat(service("-A -t 192.0.2.1:80 -s sh -b sh-fallback").schedulerFlags())
                .containsExactly(SchedulerFlag.FALLBACK);
        assertThat(service("-A -t 192.0.2.1:80 -s mh -b mh-port,mh-fallback").schedulerFlags())
                .containsExactly(SchedulerFlag.FALLBACK, SchedulerFlag.PORT);
        assertThat(service("-A -t 192.0.2.1:80 -b flag-1,flag-2,flag-3").schedulerFlags())
                .containsExactly(SchedulerFlag.values());
        assertThat(service("-A -t 192.0.2.1:80 -s sh -b flag-2").schedulerFlags()).containsExactly(SchedulerFlag.PORT);
        // -b comes before -s here: the scheduler decides anyway, as in ipvsadm.
        assertThat(service("-A -t 192.0.2.1:80 -b sh-port -s sh").schedulerFlags()).containsExactly(SchedulerFlag.PORT);
        assertRejected("-A -t 192.0.2.1:80 -s wrr -b sh-port", "-b: scheduler flag sh-port needs scheduler sh, not wrr");
        assertRejected("-A -t 192.0.2.1:80 -b mh-fallback", "-b: scheduler flag mh-fallback needs scheduler mh, not wlc");
        assertRejectedContaining("-A -t 192.0.2.1:80 -b flag-4", "-b: invalid scheduler flag \"flag-4\"");
        assertRejected("-A -t 192.0.2.1:80 -b ,", "-b: no scheduler flag given");
    }

    @Test
    void schedulerNames() {
        assertThat(service("-A -t 192.0.2.1:80 -s my_sched1").scheduler()).isEqualTo(new Scheduler("my_sched1"));
        assertRejectedContaining("-A -t 192.0.2.1:80 -s abcdefghijklmnop", "scheduler: \"abcdefghijklmnop\"",
                "1..15 characters");
    }

    // ---- real servers ---------------------------------------------------------------------------------

    @Test
    void realServerDefaultsAreIpvsadms() {
        RealServer rs = server("-a -t 192.0.2.1:80 -r 198.51.100.1");
        assertThat(rs)
                .isEqualTo(RealServer.builder("198.51.100.1", 80).weight(1).forwarding(ForwardingMethod.DR).build());
    }

    @Test
    void directRoutingAndTunnelsTakeTheServicePortLikeIpvsadm() {
        assertThat(server("-a -t 192.0.2.1:80 -r 198.51.100.1:8080").port()).isEqualTo(80);
        assertThat(server("-a -t 192.0.2.1:80 -r 198.51.100.1:8080 -i").port()).isEqualTo(80);
        assertThat(server("-a -t 192.0.2.1:80 -r 198.51.100.1:8080 -m").port()).isEqualTo(8080);
        assertThat(server("-a -t 192.0.2.1:80 -r 198.51.100.1 -m").port()).isEqualTo(80);
        assertThat(server("-a -f 1 -r 198.51.100.1:8080 -g").port()).isEqualTo(8080);
        assertThat(server("-a -f 1 -r 198.51.100.1").port()).isZero();
        // Deleting keeps the port given.
        assertThat(parse("-d -t 192.0.2.1:80 -r 198.51.100.1:8080")).isEqualTo(new IpvsadmCommand.DeleteRealServer(
                WEB, new InetSocketAddress(Addresses.parse("198.51.100.1"), 8080)));
        assertRejectedContaining("-d -t 192.0.2.1:80 -r [2001:db8::1]", "illegal real server address");
        assertThat(parse("-d -t 192.0.2.1:80 -r 2001:db8::1")).isEqualTo(new IpvsadmCommand.DeleteRealServer(
                WEB, new InetSocketAddress(Addresses.parse("2001:db8::1"), 80)));
    }

    @Test
    void weightsAndThresholds() {
        assertThat(server("-a -t 192.0.2.1:80 -r 198.51.100.1 -w 0").weight()).isZero();
        assertThat(server("-a -t 192.0.2.1:80 -r 198.51.100.1 -w 2147483647").weight()).isEqualTo(Integer.MAX_VALUE);
        assertRejected("-a -t 192.0.2.1:80 -r 198.51.100.1 -w -1", "-w: illegal weight \"-1\"; expected 0..2147483647");
        assertRejected("-a -t 192.0.2.1:80 -r 198.51.100.1 -w 2147483648",
                "-w: illegal weight \"2147483648\"; expected 0..2147483647");
        assertRejected("-a -t 192.0.2.1:80 -r 198.51.100.1 -x many",
                "-x: illegal upper threshold \"many\"; expected 0..2147483647");
        RealServer rs = server("-a -t 192.0.2.1:80 -r 198.51.100.1 -x 100 -y 10");
        assertThat(rs.upperThreshold()).isEqualTo(100);
        assertThat(rs.lowerThreshold()).isEqualTo(10);
        assertThatThrownBy(() -> parse("-a -t 192.0.2.1:80 -r 198.51.100.1 -y 10"))
                .isInstanceOf(RulesSyntaxException.class)
                .hasMessage("lower threshold: 10 is not allowed; expected 0..0 (at most the upper threshold)")
                .hasCauseInstanceOf(InvalidConfigurationException.class);
    }

    @Test
    void mixedFamiliesOnlyWhenTunnelling() {
        assertRejected("-a -t 192.0.2.1:80 -r [2001:db8::1]:80 -m",
                "a real server of another address family than its service needs tunnelling (-i)");
        assertThat(server("-a -t 192.0.2.1:80 -r [2001:db8::1]:80 -i").address())
                .isEqualTo(Addresses.parse("2001:db8::1"));
    }

    @Test
    void tunnelOptionsAsIpvsadmChecksThem() {
        assertThat(server("-a -f 1 -r 198.51.100.1 -i").forwarding()).isEqualTo(ForwardingMethod.tunnel());
        assertThat(server("-a -f 1 -r 198.51.100.1 -i --tun-type ipip").forwarding()).isEqualTo(ForwardingMethod.tunnel());
        assertThat(server("-a -f 1 -r 198.51.100.1 -i --tun-type gue --tun-port 6080").forwarding())
                .isEqualTo(ForwardingMethod.gue(6080));
        assertThat(server("-a -f 1 -r 198.51.100.1 -i --tun-type gue --tun-port 6080 --tun-remcsum").forwarding())
                .isEqualTo(ForwardingMethod.gue(6080).withChecksum(TunnelChecksum.REMOTE_CHECKSUM));
        assertThat(server("-a -f 1 -r 198.51.100.1 -i --tun-type gre --tun-csum").forwarding())
                .isEqualTo(ForwardingMethod.gre().withChecksum(TunnelChecksum.CHECKSUM));
        assertRejected("-a -f 1 -r 198.51.100.1 -m --tun-type gre", "tunnel options need tunnelling (-i), not -m");
        assertRejected("-a -f 1 -r 198.51.100.1 --tun-csum", "tunnel options need tunnelling (-i), not -g (the default)");
        assertRejected("-a -f 1 -r 198.51.100.1 -i --tun-type gue", "tunnel type gue needs --tun-port");
        assertRejected("-a -f 1 -r 198.51.100.1 -i --tun-port 1",
                "option --tun-port is not allowed with tunnel type ipip (only with gue)");
        assertRejected("-a -f 1 -r 198.51.100.1 -i --tun-type gre --tun-port 1",
                "option --tun-port is not allowed with tunnel type gre (only with gue)");
        assertRejected("-a -f 1 -r 198.51.100.1 -i --tun-nocsum", "option --tun-nocsum is not allowed with tunnel type ipip");
        assertRejected("-a -f 1 -r 198.51.100.1 -i --tun-type gre --tun-remcsum",
                "option --tun-remcsum is not allowed with tunnel type gre");
        assertRejected("-a -f 1 -r 198.51.100.1 -i --tun-type gue --tun-port 1 --tun-csum --tun-nocsum",
                "option --tun-csum conflicts with --tun-nocsum");
        assertRejected("-a -f 1 -r 198.51.100.1 -i --tun-type vxlan", "--tun-type: illegal tunnel type \"vxlan\"; expected ipip, gue or gre");
        assertRejected("-a -f 1 -r 198.51.100.1 -i --tun-type gue --tun-port 0",
                "--tun-port: illegal tunnel port \"0\"; expected 1..65535");
    }

    // ---- the rest -------------------------------------------------------------------------------------

    @Test
    void timeouts() {
        assertThat(parse("--set 900 0 2147483")).isEqualTo(new IpvsadmCommand.SetTimeouts(new Timeouts(900, 0, 2147483)));
        assertRejected("--set 1 2", "--set needs 3 timeout values: tcp tcpfin udp");
        // ipvsadm takes up to 31 days, which every kernel with HZ <= 801 accepts too.
        assertRejected("--set 1 2 2678401", "--set: illegal udp timeout \"2678401\"; expected 0..2678400");
        assertThat(parse("--set 1 2 2678400")).isEqualTo(new IpvsadmCommand.SetTimeouts(new Timeouts(1, 2, 2678400)));
        assertRejected("--set 1 2 3 4", "unexpected argument 4");
    }

    @Test
    void daemons() {
        assertThat(parse("--start-daemon master")).isEqualTo(new IpvsadmCommand.StartDaemon(
                SyncDaemon.of(SyncDaemon.Role.MASTER, "eth0", 0)));
        IpvsadmCommand full = parse("--start-daemon=backup --mcast-interface br0 --syncid 9 --sync-maxlen 1400"
                + " --mcast-group 239.1.2.3 --mcast-port 8849 --mcast-ttl 2");
        assertThat(full).isEqualTo(new IpvsadmCommand.StartDaemon(new SyncDaemon(SyncDaemon.Role.BACKUP, "br0", 9,
                1400, Optional.of(Addresses.parse("239.1.2.3")), 8849, 2)));
        assertThat(full.arguments()).containsExactly("--start-daemon", "backup", "--mcast-interface", "br0",
                "--syncid", "9", "--sync-maxlen", "1400", "--mcast-group", "239.1.2.3", "--mcast-port", "8849",
                "--mcast-ttl", "2");
        assertThat(parse("--stop-daemon backup --syncid 3")).isEqualTo(new IpvsadmCommand.StopDaemon(SyncDaemon.Role.BACKUP));
        assertRejected("--start-daemon primary", "--start-daemon: \"primary\" is neither master nor backup");
        assertRejected("--start-daemon master --syncid 256", "--syncid: illegal sync id \"256\"; expected 0..255");
        assertRejected("--start-daemon master --sync-maxlen 65508",
                "--sync-maxlen: illegal sync max length \"65508\"; expected 1..65507");
        assertRejected("--start-daemon master --mcast-ttl 0", "--mcast-ttl: illegal multicast ttl \"0\"; expected 1..255");
        assertRejectedContaining("--start-daemon master --mcast-group 192.0.2.1", "multicast group: \"192.0.2.1\"",
                "a multicast address");
        assertRejectedContaining("--start-daemon master --mcast-interface abcdefghijklmnop", "sync interface");
    }

    @Test
    void zero() {
        assertThat(parse("-Z -t 192.0.2.1:80")).isEqualTo(new IpvsadmCommand.Zero(Optional.of(WEB)));
        assertThat(parse("-Z -f 3 -6").arguments()).containsExactly("-Z", "-f", "3", "-6");
    }

    // ---- changes as ipvsadm commands ----------------------------------------------------------------------

    @Test
    void changesPrintAsIpvsadmCommands() {
        VirtualService web = VirtualService.builder(WEB).scheduler(Scheduler.WRR).build();
        RealServer rs = RealServer.builder("198.51.100.1", 80).forwarding(ForwardingMethod.NAT).weight(0).build();
        assertThat(IpvsadmCommand.of(new Change.CreateService(web))).hasToString("-A -t 192.0.2.1:80 -s wrr");
        assertThat(IpvsadmCommand.of(new Change.UpdateService(web))).hasToString("-E -t 192.0.2.1:80 -s wrr");
        assertThat(IpvsadmCommand.of(new Change.RemoveService(WEB))).hasToString("-D -t 192.0.2.1:80");
        assertThat(IpvsadmCommand.of(new Change.CreateRealServer(WEB, rs)))
                .hasToString("-a -t 192.0.2.1:80 -r 198.51.100.1:80 -m -w 0");
        assertThat(IpvsadmCommand.of(new Change.UpdateRealServer(WEB, rs.toBuilder().thresholds(5, 50).build())))
                .hasToString("-e -t 192.0.2.1:80 -r 198.51.100.1:80 -m -w 0 -x 50 -y 5");
        assertThat(IpvsadmCommand.of(new Change.RemoveRealServer(WEB, rs.endpoint())))
                .hasToString("-d -t 192.0.2.1:80 -r 198.51.100.1:80");
        ServiceKey mark = ServiceKey.fwmark(9, AddressFamily.INET6);
        assertThat(IpvsadmCommand.of(new Change.CreateRealServer(mark, RealServer.builder("2001:db8::9", 0).build())))
                .hasToString("-a -f 9 -6 -r [2001:db8::9]:0 -g -w 1");
    }

    @Test
    void onlyTableCommandsAreChanges() {
        assertThat(parse("-C").toChange()).isEmpty();
        assertThat(parse("-Z").toChange()).isEmpty();
        assertThat(parse("-L").toChange()).isEmpty();
        assertThat(parse("--set 1 1 1").toChange()).isEmpty();
        assertThat(parse("-D -t 192.0.2.1:80").toChange()).contains(new Change.RemoveService(WEB));
    }

    @Test
    void otherCommandsFormatBackToWhatParsesToThem() {
        for (String line : List.of("-C", "-Z", "-Z -t 192.0.2.1:80", "-L", "-L -n -c", "-L -t 192.0.2.1:80 --stats",
                "-S", "-S -n", "-R", "-h", "-v", "--set 1 2 3", "--stop-daemon master", "--start-daemon master"
                        + " --mcast-interface eth0 --mcast-group ff02::1")) {
            IpvsadmCommand c = parse(line);
            assertThat(c.toString()).isEqualTo(line);
            assertThat(IpvsadmCommand.parse(c.arguments())).isEqualTo(c);
        }
    }
}
