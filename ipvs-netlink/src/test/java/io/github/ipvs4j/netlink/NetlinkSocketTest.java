package io.github.ipvs4j.netlink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ipvs4j.internal.Errno;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Real netlink I/O on the host, against nlctrl (which every kernel with generic netlink has): requests
 * with ACKs, dumps read to NLMSG_DONE, batches with a failing request in the middle.
 */
class NetlinkSocketTest {
    private static final long SECOND = 1_000_000_000L;

    private static int getFamily(MessageWriter w, NetlinkSocket s, int seq, String name, int flags) {
        int start = w.beginMessage(Netlink.GENL_ID_CTRL, flags, seq, s.portId());
        w.genlHeader(Netlink.CTRL_CMD_GETFAMILY, 1);
        if (name != null) {
            w.putString(Netlink.CTRL_ATTR_FAMILY_NAME, name);
        }
        w.endMessage(start);
        return start;
    }

    @Test
    void requestAnswerAndError() {
        try (NetlinkSocket s = NetlinkSocket.open(NetlinkSocket.smallDatagrams())) {
            assertThat(s.portId()).isNotZero();
            MessageWriter w = new MessageWriter(64);
            int seq = s.nextSeq();
            getFamily(w, s, seq, "nlctrl", Netlink.NLM_F_REQUEST | Netlink.NLM_F_ACK);
            List<Integer> commands = new ArrayList<>();
            List<Integer> ids = new ArrayList<>();
            boolean interrupted = s.call(w, seq, 5 * SECOND, m -> {
                commands.add(m.genlCommand());
                ids.add(m.genlAttributes("family").u16(Netlink.CTRL_ATTR_FAMILY_ID));
            });
            assertThat(interrupted).isFalse();
            assertThat(commands).containsExactly(Netlink.CTRL_CMD_NEWFAMILY);
            assertThat(ids).containsExactly(Netlink.GENL_ID_CTRL);

            w.reset();
            int seq2 = s.nextSeq();
            getFamily(w, s, seq2, "ipvs4j-none", Netlink.NLM_F_REQUEST | Netlink.NLM_F_ACK);
            assertThatThrownBy(() -> s.call(w, seq2, 5 * SECOND, m -> { }))
                    .isInstanceOf(KernelError.class)
                    .satisfies(e -> assertThat(((KernelError) e).errno()).isEqualTo(Errno.ENOENT));
            assertThat(s.isBroken()).isFalse();
        }
    }

    @Test
    void dumpReadsEveryFamilyToDone() {
        try (NetlinkSocket s = NetlinkSocket.open(NetlinkSocket.smallDatagrams())) {
            MessageWriter w = new MessageWriter(64);
            int seq = s.nextSeq();
            getFamily(w, s, seq, null, Netlink.NLM_F_REQUEST | Netlink.NLM_F_DUMP);
            List<String> names = new ArrayList<>();
            s.call(w, seq, 5 * SECOND,
                    m -> names.add(m.genlAttributes("family").string(Netlink.CTRL_ATTR_FAMILY_NAME)));
            assertThat(names).contains("nlctrl").doesNotHaveDuplicates();
            assertThat(s.isBroken()).isFalse();

            // The socket's buffers are reused from request to request: the same dump again reads the same.
            List<String> again = new ArrayList<>();
            MessageWriter w2 = s.writer();
            int seq2 = s.nextSeq();
            getFamily(w2, s, seq2, null, Netlink.NLM_F_REQUEST | Netlink.NLM_F_DUMP);
            s.call(w2, seq2, 5 * SECOND,
                    m -> again.add(m.genlAttributes("family").string(Netlink.CTRL_ATTR_FAMILY_NAME)));
            assertThat(again).isEqualTo(names);
        }
    }

    @Test
    void dumpDatagramsStayWithinTheSocketsReceiveLength() {
        // The kernel sizes a dump's datagrams by the socket's largest receive so far (receive throws on a
        // longer one); twice on one socket, so that the second dump follows receives of that length.
        for (int length : new int[] {NetlinkSocket.smallDatagrams(), NetlinkSocket.LARGE_DATAGRAMS}) {
            try (NetlinkSocket s = NetlinkSocket.open(length)) {
                List<Integer> datagrams = new ArrayList<>();
                List<String> first = dumpFamilies(s, datagrams);
                assertThat(dumpFamilies(s, datagrams)).isEqualTo(first).contains("nlctrl");
                assertThat(datagrams).allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(length));
                assertThat(s.isBroken()).isFalse();
            }
        }
    }

    /** Dumps every generic netlink family; {@code datagrams} gets the length of each datagram read. */
    private static List<String> dumpFamilies(NetlinkSocket s, List<Integer> datagrams) {
        MessageWriter w = s.writer();
        getFamily(w, s, s.nextSeq(), null, Netlink.NLM_F_REQUEST | Netlink.NLM_F_DUMP);
        s.send(w);
        List<String> names = new ArrayList<>();
        while (true) {
            ByteBuffer datagram = s.receive(5 * SECOND);
            datagrams.add(datagram.remaining());
            NetlinkMessage m = new NetlinkMessage().reset(datagram);
            while (m.next()) {
                if (m.type() == Netlink.NLMSG_DONE) {
                    return names;
                }
                names.add(m.genlAttributes("family").string(Netlink.CTRL_ATTR_FAMILY_NAME));
            }
        }
    }

    @Test
    void aHandlerThatFailsMidAnswerBreaksTheSocket() {
        try (NetlinkSocket s = NetlinkSocket.open(NetlinkSocket.smallDatagrams())) {
            MessageWriter w = s.writer();
            int seq = s.nextSeq();
            getFamily(w, s, seq, null, Netlink.NLM_F_REQUEST | Netlink.NLM_F_DUMP);
            assertThatThrownBy(() -> s.call(w, seq, 5 * SECOND, m -> {
                throw new MalformedMessageException("cannot decode");
            })).isInstanceOf(MalformedMessageException.class);
            // The rest of the dump is still queued: the socket cannot serve another request.
            assertThat(s.isBroken()).isTrue();
        }
    }

    @Test
    void batchReportsEachRequestsOutcome() {
        try (NetlinkSocket s = NetlinkSocket.open(NetlinkSocket.smallDatagrams())) {
            int count = 3 * NetlinkTransport.BATCH_WINDOW;
            MessageWriter w = new MessageWriter(64);
            int first = s.reserveSeqs(count);
            // As the transport writes a batch: only the last request asks for an ACK; the others are
            // answered only when they fail. Here the last one fails too: its error is its ACK.
            for (int i = 0; i < count; i++) {
                getFamily(w, s, first + i, missing(i, count) ? "ipvs4j-missing" : "nlctrl",
                        i == count - 1 ? Netlink.NLM_F_REQUEST | Netlink.NLM_F_ACK : Netlink.NLM_F_REQUEST);
            }
            int[] errnos = new int[count + 2];
            Arrays.fill(errnos, NetlinkSocket.UNANSWERED);
            // GETFAMILY answers a success with a reply; the batch reads errors and ACKs (NLMSG_ERROR) only.
            s.callAll(w, first, count, errnos, 1, 5 * SECOND);
            assertThat(errnos[0]).isEqualTo(NetlinkSocket.UNANSWERED);
            assertThat(errnos[count + 1]).isEqualTo(NetlinkSocket.UNANSWERED);
            for (int i = 0; i < count; i++) {
                assertThat(errnos[1 + i]).as("request %d", i).isEqualTo(missing(i, count) ? Errno.ENOENT : 0);
            }
            assertThat(s.isBroken()).isFalse();

            // Nothing of that batch is left queued: the socket serves the next request.
            w.reset();
            int seq = s.nextSeq();
            getFamily(w, s, seq, "nlctrl", Netlink.NLM_F_REQUEST | Netlink.NLM_F_ACK);
            List<Integer> commands = new ArrayList<>();
            s.call(w, seq, 5 * SECOND, m -> commands.add(m.genlCommand()));
            assertThat(commands).containsExactly(Netlink.CTRL_CMD_NEWFAMILY);
        }
    }

    @Test
    void aBatchAnswerWhoseCodeIsNoNegatedErrnoIsMalformed() {
        // +1 was read as errno -1, the mark of an unanswered request (the batch then waited for its
        // timeout); Integer.MIN_VALUE, negated, stayed negative and was reported as an errno.
        for (int code : new int[] {1, Integer.MIN_VALUE}) {
            try (NetlinkSocket s = NetlinkSocket.open(NetlinkSocket.smallDatagrams())) {
                int first = s.reserveSeqs(2);
                int[] errnos = {NetlinkSocket.UNANSWERED, NetlinkSocket.UNANSWERED};
                assertThatThrownBy(() -> s.recordAcks(errorAnswer(first + 1, s.portId(), code), first, 2, errnos, 0))
                        .as("code %d", code).isInstanceOf(MalformedMessageException.class)
                        .hasMessageContaining("error code " + code);
                assertThat(s.isBroken()).isTrue();
            }
        }
        // The kernel's own codes read as before: a negative errno, or 0 for an ACK.
        try (NetlinkSocket s = NetlinkSocket.open(NetlinkSocket.smallDatagrams())) {
            int first = s.reserveSeqs(2);
            int[] errnos = {NetlinkSocket.UNANSWERED, NetlinkSocket.UNANSWERED};
            s.recordAcks(errorAnswer(first, s.portId(), -Errno.ENOENT), first, 2, errnos, 0);
            s.recordAcks(errorAnswer(first + 1, s.portId(), 0), first, 2, errnos, 0);
            assertThat(errnos).containsExactly(Errno.ENOENT, 0);
            assertThat(s.isBroken()).isFalse();
        }
    }

    /** A datagram of one {@code NLMSG_ERROR} message with the given code and no copy of the request. */
    private static ByteBuffer errorAnswer(int seq, int portId, int code) {
        ByteBuffer b = ByteBuffer.allocate(Netlink.HEADER_SIZE + 4).order(ByteOrder.nativeOrder());
        b.putInt(Netlink.HEADER_SIZE + 4).putShort((short) Netlink.NLMSG_ERROR).putShort((short) 0).putInt(seq)
                .putInt(portId).putInt(code);
        return b.flip();
    }

    private static boolean missing(int request, int count) {
        return request % 7 == 3 || request == count - 1;
    }

    @Test
    void anAnswerThatNeverComesTimesOutAndBreaksTheSocket() {
        try (NetlinkSocket s = NetlinkSocket.open(NetlinkSocket.smallDatagrams())) {
            // Nothing was sent, so nothing will come: the wait must end after the timeout.
            assertThatThrownBy(() -> s.receive(50_000_000L))
                    .isInstanceOf(ErrnoException.class)
                    .satisfies(e -> assertThat(((ErrnoException) e).errno()).isEqualTo(NetlinkSocket.ETIMEDOUT));
            assertThat(s.isBroken()).isTrue();
        }
    }
}
