package io.github.ipvs4j.rules;

import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** ipvsadm's commands and options: names, arguments, and which options each command takes. */
final class Options {
    private Options() {
    }

    /** Whether an option takes a value. */
    enum Arg { NONE, REQUIRED, OPTIONAL }

    /**
     * What an option sets; options sharing a slot (-t, -u, -f; -m, -g, -i) may not be combined. The
     * names are ipvsadm's, so messages read like its own.
     */
    enum Slot {
        NUMERIC("numeric"), CONNECTION("connection"), SERVICE("service-address"), SCHEDULER("scheduler"),
        PERSISTENT("persistent"), NETMASK("netmask"), SERVER("real-server"), FORWARD("forwarding-method"),
        WEIGHT("weight"), UTHRESHOLD("u-threshold"), LTHRESHOLD("l-threshold"), MCAST("mcast-interface"),
        TIMEOUT("timeout"), DAEMON("daemon"), STATS("stats"), RATE("rate"), THRESHOLDS("thresholds"),
        PERSISTENTCONN("persistent-conn"), NOSORT("nosort"), SYNCID("syncid"), EXACT("exact"),
        ONEPACKET("ops"), PE("pe"), SCHED_FLAGS("sched-flags"), MCAST_GROUP("mcast-group"),
        MCAST_PORT("mcast-port"), MCAST_TTL("mcast-ttl"), SYNC_MAXLEN("sync-maxlen"), TUN_INFO("tun-info"),
        TUN_TYPE("tun-type"), TUN_PORT("tun-port"), TUN_NOCSUM("tun-nocsum"), TUN_CSUM("tun-csum"),
        TUN_REMCSUM("tun-remcsum");

        final String label;

        Slot(String label) {
            this.label = label;
        }
    }

    /** The commands, with the options each requires, allows, and allows only one of. */
    enum Command {
        ADD_SERVICE("-A", "add-service", Set.of(Slot.SERVICE), EnumSet.of(Slot.SCHEDULER, Slot.PERSISTENT,
                Slot.NETMASK, Slot.ONEPACKET, Slot.PE, Slot.SCHED_FLAGS), Set.of()),
        EDIT_SERVICE("-E", "edit-service", Set.of(Slot.SERVICE), EnumSet.of(Slot.SCHEDULER, Slot.PERSISTENT,
                Slot.NETMASK, Slot.ONEPACKET, Slot.PE, Slot.SCHED_FLAGS), Set.of()),
        REMOVE_SERVICE("-D", "delete-service", Set.of(Slot.SERVICE), Set.of(), Set.of()),
        CLEAR("-C", "clear", Set.of(), Set.of(), Set.of()),
        // -L ignores --syncid, as ipvsadm does.
        LIST("-L", "list", Set.of(), EnumSet.of(Slot.NUMERIC, Slot.STATS, Slot.RATE, Slot.THRESHOLDS,
                Slot.PERSISTENTCONN, Slot.NOSORT, Slot.SYNCID, Slot.EXACT, Slot.TUN_INFO),
                EnumSet.of(Slot.CONNECTION, Slot.SERVICE, Slot.TIMEOUT, Slot.DAEMON)),
        ADD_SERVER("-a", "add-server", EnumSet.of(Slot.SERVICE, Slot.SERVER), EnumSet.of(Slot.FORWARD,
                Slot.WEIGHT, Slot.UTHRESHOLD, Slot.LTHRESHOLD, Slot.TUN_TYPE, Slot.TUN_PORT, Slot.TUN_NOCSUM,
                Slot.TUN_CSUM, Slot.TUN_REMCSUM), Set.of()),
        EDIT_SERVER("-e", "edit-server", EnumSet.of(Slot.SERVICE, Slot.SERVER), EnumSet.of(Slot.FORWARD,
                Slot.WEIGHT, Slot.UTHRESHOLD, Slot.LTHRESHOLD, Slot.TUN_TYPE, Slot.TUN_PORT, Slot.TUN_NOCSUM,
                Slot.TUN_CSUM, Slot.TUN_REMCSUM), Set.of()),
        DELETE_SERVER("-d", "delete-server", EnumSet.of(Slot.SERVICE, Slot.SERVER), Set.of(), Set.of()),
        SET("--set", "set", Set.of(), Set.of(), Set.of()),
        START_DAEMON("--start-daemon", "start-daemon", Set.of(), EnumSet.of(Slot.MCAST, Slot.SYNCID,
                Slot.MCAST_GROUP, Slot.MCAST_PORT, Slot.MCAST_TTL, Slot.SYNC_MAXLEN), Set.of()),
        // --stop-daemon takes --syncid but the kernel stops a daemon by its role alone.
        STOP_DAEMON("--stop-daemon", "stop-daemon", Set.of(), Set.of(Slot.SYNCID), Set.of()),
        RESTORE("-R", "restore", Set.of(), Set.of(), Set.of()),
        SAVE("-S", "save", Set.of(), Set.of(Slot.NUMERIC), Set.of()),
        ZERO("-Z", "zero", Set.of(), Set.of(Slot.SERVICE), Set.of()),
        HELP("-h", "help", Set.of(), Set.of(), Set.of()),
        VERSION("-v", "version", Set.of(), Set.of(), Set.of());

        final String flag;
        final String label;
        final Set<Slot> required;
        final Set<Slot> optional;
        final Set<Slot> onlyOneOf;

        Command(String flag, String label, Set<Slot> required, Set<Slot> optional, Set<Slot> onlyOneOf) {
            this.flag = flag;
            this.label = label;
            this.required = required;
            this.optional = optional;
            this.onlyOneOf = onlyOneOf;
        }

        boolean allows(Slot slot) {
            return required.contains(slot) || optional.contains(slot) || onlyOneOf.contains(slot);
        }

        @Override
        public String toString() {
            return flag + " (" + label + ")";
        }
    }

    /** Every option ipvsadm 1.31 knows, with its long and short name. */
    enum Option {
        ADD_SERVICE("add-service", 'A', Arg.NONE, null, Command.ADD_SERVICE),
        EDIT_SERVICE("edit-service", 'E', Arg.NONE, null, Command.EDIT_SERVICE),
        REMOVE_SERVICE("delete-service", 'D', Arg.NONE, null, Command.REMOVE_SERVICE),
        CLEAR("clear", 'C', Arg.NONE, null, Command.CLEAR),
        LIST("list", 'L', Arg.NONE, null, Command.LIST),
        LIST_LOWER("list", 'l', Arg.NONE, null, Command.LIST),
        ZERO("zero", 'Z', Arg.NONE, null, Command.ZERO),
        ADD_SERVER("add-server", 'a', Arg.NONE, null, Command.ADD_SERVER),
        EDIT_SERVER("edit-server", 'e', Arg.NONE, null, Command.EDIT_SERVER),
        DELETE_SERVER("delete-server", 'd', Arg.NONE, null, Command.DELETE_SERVER),
        SET("set", '\0', Arg.NONE, null, Command.SET),
        HELP("help", 'h', Arg.NONE, null, Command.HELP),
        VERSION("version", 'v', Arg.NONE, null, Command.VERSION),
        RESTORE("restore", 'R', Arg.NONE, null, Command.RESTORE),
        SAVE("save", 'S', Arg.NONE, null, Command.SAVE),
        START_DAEMON("start-daemon", '\0', Arg.REQUIRED, null, Command.START_DAEMON),
        STOP_DAEMON("stop-daemon", '\0', Arg.REQUIRED, null, Command.STOP_DAEMON),
        TCP_SERVICE("tcp-service", 't', Arg.REQUIRED, Slot.SERVICE, null),
        UDP_SERVICE("udp-service", 'u', Arg.REQUIRED, Slot.SERVICE, null),
        SCTP_SERVICE("sctp-service", '\0', Arg.REQUIRED, Slot.SERVICE, null),
        FWMARK_SERVICE("fwmark-service", 'f', Arg.REQUIRED, Slot.SERVICE, null),
        SCHEDULER("scheduler", 's', Arg.REQUIRED, Slot.SCHEDULER, null),
        PERSISTENT("persistent", 'p', Arg.OPTIONAL, Slot.PERSISTENT, null),
        NETMASK("netmask", 'M', Arg.REQUIRED, Slot.NETMASK, null),
        REAL_SERVER("real-server", 'r', Arg.REQUIRED, Slot.SERVER, null),
        MASQUERADING("masquerading", 'm', Arg.NONE, Slot.FORWARD, null),
        IPIP("ipip", 'i', Arg.NONE, Slot.FORWARD, null),
        GATEWAYING("gatewaying", 'g', Arg.NONE, Slot.FORWARD, null),
        WEIGHT("weight", 'w', Arg.REQUIRED, Slot.WEIGHT, null),
        U_THRESHOLD("u-threshold", 'x', Arg.REQUIRED, Slot.UTHRESHOLD, null),
        L_THRESHOLD("l-threshold", 'y', Arg.REQUIRED, Slot.LTHRESHOLD, null),
        NUMERIC("numeric", 'n', Arg.NONE, Slot.NUMERIC, null),
        CONNECTION("connection", 'c', Arg.NONE, Slot.CONNECTION, null),
        MCAST_INTERFACE("mcast-interface", '\0', Arg.REQUIRED, Slot.MCAST, null),
        SYNCID("syncid", '\0', Arg.REQUIRED, Slot.SYNCID, null),
        TIMEOUT("timeout", '\0', Arg.NONE, Slot.TIMEOUT, null),
        DAEMON("daemon", '\0', Arg.NONE, Slot.DAEMON, null),
        STATS("stats", '\0', Arg.NONE, Slot.STATS, null),
        RATE("rate", '\0', Arg.NONE, Slot.RATE, null),
        THRESHOLDS("thresholds", '\0', Arg.NONE, Slot.THRESHOLDS, null),
        PERSISTENT_CONN("persistent-conn", '\0', Arg.NONE, Slot.PERSISTENTCONN, null),
        NOSORT("nosort", '\0', Arg.NONE, Slot.NOSORT, null),
        SORT("sort", '\0', Arg.NONE, null, null),
        EXACT("exact", 'X', Arg.NONE, Slot.EXACT, null),
        IPV6("ipv6", '6', Arg.NONE, null, null),
        OPS("ops", 'o', Arg.NONE, Slot.ONEPACKET, null),
        PE("pe", '\0', Arg.REQUIRED, Slot.PE, null),
        SCHED_FLAGS("sched-flags", 'b', Arg.REQUIRED, Slot.SCHED_FLAGS, null),
        MCAST_GROUP("mcast-group", '\0', Arg.REQUIRED, Slot.MCAST_GROUP, null),
        MCAST_PORT("mcast-port", '\0', Arg.REQUIRED, Slot.MCAST_PORT, null),
        MCAST_TTL("mcast-ttl", '\0', Arg.REQUIRED, Slot.MCAST_TTL, null),
        SYNC_MAXLEN("sync-maxlen", '\0', Arg.REQUIRED, Slot.SYNC_MAXLEN, null),
        TUN_INFO("tun-info", '\0', Arg.NONE, Slot.TUN_INFO, null),
        TUN_TYPE("tun-type", '\0', Arg.REQUIRED, Slot.TUN_TYPE, null),
        TUN_PORT("tun-port", '\0', Arg.REQUIRED, Slot.TUN_PORT, null),
        TUN_NOCSUM("tun-nocsum", '\0', Arg.NONE, Slot.TUN_NOCSUM, null),
        TUN_CSUM("tun-csum", '\0', Arg.NONE, Slot.TUN_CSUM, null),
        TUN_REMCSUM("tun-remcsum", '\0', Arg.NONE, Slot.TUN_REMCSUM, null);

        final String longName;
        final char shortName;
        final Arg arg;
        final Slot slot;
        final Command command;
        /** How the option is written: {@code -w} and {@code --weight} (for messages; made once, not per line). */
        final String shortSpelling;
        final String longSpelling;

        Option(String longName, char shortName, Arg arg, Slot slot, Command command) {
            this.longName = longName;
            this.shortName = shortName;
            this.arg = arg;
            this.slot = slot;
            this.command = command;
            this.shortSpelling = shortName == '\0' ? null : "-" + shortName;
            this.longSpelling = "--" + longName;
        }

        // Lookups by table, not by scanning values() (a copy of the array per call): a rules file of
        // 100,000 lines looks up half a million options.
        private static final Option[] BY_SHORT_NAME = new Option[128];
        private static final Map<String, Option> BY_LONG_NAME = new HashMap<>();

        static {
            for (Option o : values()) {
                if (o.shortName != '\0' && BY_SHORT_NAME[o.shortName] == null) {
                    BY_SHORT_NAME[o.shortName] = o;
                }
                BY_LONG_NAME.putIfAbsent(o.longName, o);
            }
        }

        static Option byLongName(String name) {
            return BY_LONG_NAME.get(name);
        }

        static Option byShortName(char c) {
            return c < BY_SHORT_NAME.length ? BY_SHORT_NAME[c] : null;
        }
    }
}
