package io.github.ipvs4j.examples.jipvsadm;

/** The text of {@code -h} and {@code -v}. */
final class Usage {
    /** What {@code -v} prints after the program name. */
    static final String VERSION = "0.1.0 (ipvs4j; the command line of ipvsadm 1.31)";

    private Usage() {
    }

    /** The help text for a program called {@code program}. */
    static String text(String program) {
        return program + " " + VERSION + "\n"
                + "Manages the kernel's IPVS table with ipvsadm's syntax, through ipvs4j.\n\n"
                + "Usage:\n"
                + "  P -A|-E SERVICE [-s SCHEDULER] [-p [TIMEOUT]] [-M NETMASK] [--pe ENGINE] [-b FLAGS] [-o]\n"
                + "  P -D SERVICE\n"
                + "  P -a|-e SERVICE -r SERVER[:PORT] [-g|-m|-i] [-w WEIGHT] [-x UPPER] [-y LOWER] [TUNNEL]\n"
                + "  P -d SERVICE -r SERVER[:PORT]\n"
                + "  P -C                      delete every service\n"
                + "  P -R [--dry-run]          apply rules read from standard input (in batches);\n"
                + "                            --dry-run prints the plan as commands instead\n"
                + "  P -S [-n]                 print the table as rules\n"
                + "  P -L|-l [SERVICE] [-n] [--stats|--rate|--thresholds|--persistent-conn|--tun-info]\n"
                + "          [--exact] [--nosort]      list the table or one service\n"
                + "  P -L [-c|--timeout|--daemon]      list connections, timeouts or sync daemons\n"
                + "  P -Z [SERVICE]            zero the counters\n"
                + "  P --set TCP TCPFIN UDP    set connection timeouts in seconds (0: unchanged)\n"
                + "  P --start-daemon master|backup [--mcast-interface IF] [--syncid ID]\n"
                + "          [--sync-maxlen N] [--mcast-group ADDR] [--mcast-port PORT] [--mcast-ttl TTL]\n"
                + "  P --stop-daemon master|backup\n"
                + "  P -h | -v\n\n"
                + "SERVICE is -t|-u|--sctp-service ADDRESS[:PORT] or -f MARK [-6]; IPv6 addresses are\n"
                + "written [2001:db8::1]:80. TUNNEL is --tun-type ipip|gue|gre [--tun-port PORT]\n"
                + "[--tun-nocsum|--tun-csum|--tun-remcsum]. Addresses are never looked up: use IP literals.\n"
                .replace("  P ", "  " + program + " ");
    }
}
