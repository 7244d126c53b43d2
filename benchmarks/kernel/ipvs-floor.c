/*
 * ipvs-floor: the least a client can do to drive IPVS over generic netlink, as the floor the
 * benchmarks compare every tool with. One socket; requests encoded before the clock starts and
 * written many per send; only the last request of a send asks for an ACK, as ipvs-netlink does (the
 * kernel answers the others only when they fail); nothing else (no sorting, no output formatting).
 *
 *   ipvs-floor load FILE [BATCH]   apply ipvsadm -R commands (-A -E -D -a -e -d; -t/-u IPv4; -m -g -i, -w, -s)
 *   ipvs-floor read                dump every service, then each service's real servers
 *   ipvs-floor flush               delete every service
 *
 * Prints "seconds=S requests=N errors=E" (load, flush) or "seconds=S services=N realservers=M" (read);
 * S covers only the netlink exchange. Written for the ipvs4j benchmarks from the uapi header's
 * constants (linux/ip_vs.h, linux/genetlink.h); compiled with gcc at benchmark time.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

/* From include/uapi/linux/ip_vs.h. */
enum { CMD_NEW_SERVICE = 1, CMD_SET_SERVICE, CMD_DEL_SERVICE, CMD_GET_SERVICE, CMD_NEW_DEST, CMD_SET_DEST,
	CMD_DEL_DEST, CMD_GET_DEST, CMD_FLUSH = 17 };
enum { CMD_ATTR_SERVICE = 1, CMD_ATTR_DEST = 2 };
enum { SVC_AF = 1, SVC_PROTOCOL, SVC_ADDR, SVC_PORT, SVC_FWMARK, SVC_SCHED_NAME, SVC_FLAGS, SVC_TIMEOUT,
	SVC_NETMASK };
enum { DEST_ADDR = 1, DEST_PORT, DEST_FWD_METHOD, DEST_WEIGHT, DEST_U_THRESH, DEST_L_THRESH };
#define MAX_ATTR 16

static int sock_fd;
static uint32_t seq_counter = 1;
static uint16_t family_id;
static char *rx;
static const size_t RX_SIZE = 1 << 20;

static void die(const char *what)
{
	perror(what);
	exit(1);
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* ---- writing messages into a growing buffer ---- */

struct buf {
	char *data;
	size_t len, cap;
};

static void *grow(struct buf *b, size_t n)
{
	size_t need = b->len + NLMSG_ALIGN(n);
	if (need > b->cap) {
		b->cap = need * 2 + 4096;
		b->data = realloc(b->data, b->cap);
		if (!b->data)
			die("realloc");
	}
	void *p = b->data + b->len;
	memset(p, 0, NLMSG_ALIGN(n));
	b->len = need;
	return p;
}

static size_t begin_msg(struct buf *b, uint16_t type, uint16_t flags, uint8_t cmd)
{
	size_t start = b->len;
	struct nlmsghdr *h = grow(b, NLMSG_HDRLEN);
	h->nlmsg_type = type;
	h->nlmsg_flags = flags;
	h->nlmsg_seq = seq_counter++;
	struct genlmsghdr *g = grow(b, GENL_HDRLEN);
	g->cmd = cmd;
	g->version = 1;
	return start;
}

static void end_msg(struct buf *b, size_t start)
{
	((struct nlmsghdr *)(b->data + start))->nlmsg_len = b->len - start;
}

static void put(struct buf *b, uint16_t type, const void *v, size_t n)
{
	struct nlattr *a = grow(b, NLA_HDRLEN + n);
	a->nla_type = type;
	a->nla_len = NLA_HDRLEN + n;
	memcpy((char *)a + NLA_HDRLEN, v, n);
}

static void put16(struct buf *b, uint16_t type, uint16_t v) { put(b, type, &v, 2); }
static void put32(struct buf *b, uint16_t type, uint32_t v) { put(b, type, &v, 4); }

static size_t begin_nest(struct buf *b, uint16_t type)
{
	size_t start = b->len;
	struct nlattr *a = grow(b, NLA_HDRLEN);
	a->nla_type = type | NLA_F_NESTED;
	return start;
}

static void end_nest(struct buf *b, size_t start)
{
	((struct nlattr *)(b->data + start))->nla_len = b->len - start;
}

/* ---- socket ---- */

static void open_socket(void)
{
	sock_fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);
	if (sock_fd < 0)
		die("socket");
	int size = 8 << 20, one = 1;
	if (setsockopt(sock_fd, SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof size) < 0)
		setsockopt(sock_fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof size);
	setsockopt(sock_fd, SOL_SOCKET, SO_SNDBUFFORCE, &size, sizeof size);
	setsockopt(sock_fd, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof one);
	struct sockaddr_nl local = {.nl_family = AF_NETLINK};
	if (bind(sock_fd, (struct sockaddr *)&local, sizeof local) < 0)
		die("bind");
	rx = malloc(RX_SIZE);
}

static void send_all(const struct buf *b)
{
	struct sockaddr_nl kernel = {.nl_family = AF_NETLINK};
	if (sendto(sock_fd, b->data, b->len, 0, (struct sockaddr *)&kernel, sizeof kernel) != (ssize_t)b->len)
		die("sendto");
}

/* Receives one datagram into rx. */
static ssize_t recv_datagram(void)
{
	for (;;) {
		ssize_t n = recv(sock_fd, rx, RX_SIZE, 0);
		if (n >= 0)
			return n;
		if (errno != EINTR)
			die("recv");
	}
}

/* Calls fn for each message received until `acks` ACKs/errors arrived (or NLMSG_DONE when acks < 0). */
static int receive(int acks, int *errors, void (*fn)(struct nlmsghdr *, void *), void *ctx)
{
	int seen = 0;
	for (;;) {
		ssize_t n = recv_datagram();
		for (struct nlmsghdr *h = (struct nlmsghdr *)rx; NLMSG_OK(h, n); h = NLMSG_NEXT(h, n)) {
			if (h->nlmsg_type == NLMSG_ERROR) {
				int err = ((struct nlmsgerr *)NLMSG_DATA(h))->error;
				if (err != 0) {
					if (errors)
						(*errors)++;
					else {
						fprintf(stderr, "kernel error %d\n", err);
						exit(1);
					}
				}
				if (acks >= 0 && ++seen == acks)
					return seen;
			} else if (h->nlmsg_type == NLMSG_DONE) {
				if (acks < 0)
					return seen;
			} else if (fn) {
				fn(h, ctx);
			}
		}
	}
}

/* Reads a load's answers up to the ACK of request `last` (errors of earlier requests come before it). */
static void receive_batch(uint32_t last, int *errors)
{
	for (;;) {
		ssize_t n = recv_datagram();
		for (struct nlmsghdr *h = (struct nlmsghdr *)rx; NLMSG_OK(h, n); h = NLMSG_NEXT(h, n)) {
			if (h->nlmsg_type != NLMSG_ERROR)
				continue;
			if (((struct nlmsgerr *)NLMSG_DATA(h))->error != 0)
				(*errors)++;
			if (h->nlmsg_seq == last)
				return;
		}
	}
}

/* Resolves the "IPVS" generic netlink family through nlctrl. */
static void on_family(struct nlmsghdr *h, void *ctx)
{
	(void)ctx;
	int len = h->nlmsg_len - NLMSG_HDRLEN - GENL_HDRLEN;
	for (struct nlattr *a = (struct nlattr *)((char *)NLMSG_DATA(h) + GENL_HDRLEN); len >= NLA_HDRLEN &&
		a->nla_len >= NLA_HDRLEN && a->nla_len <= len;
		len -= NLA_ALIGN(a->nla_len), a = (struct nlattr *)((char *)a + NLA_ALIGN(a->nla_len)))
		if ((a->nla_type & NLA_TYPE_MASK) == CTRL_ATTR_FAMILY_ID)
			family_id = *(uint16_t *)((char *)a + NLA_HDRLEN);
}

static void resolve_family(void)
{
	struct buf b = {0};
	size_t m = begin_msg(&b, GENL_ID_CTRL, NLM_F_REQUEST | NLM_F_ACK, CTRL_CMD_GETFAMILY);
	put(&b, CTRL_ATTR_FAMILY_NAME, "IPVS", 5);
	end_msg(&b, m);
	send_all(&b);
	receive(1, NULL, on_family, NULL);
	if (!family_id) {
		fprintf(stderr, "no IPVS generic netlink family\n");
		exit(1);
	}
	free(b.data);
}

/* ---- ipvsadm -R commands ---- */

struct service_key {
	uint16_t protocol; /* 0 for a firewall mark */
	uint32_t addr;     /* network order */
	uint16_t port;     /* host order */
	uint32_t fwmark;
};

static void put_key(struct buf *b, const struct service_key *k)
{
	put16(b, SVC_AF, AF_INET);
	if (k->protocol == 0) {
		put32(b, SVC_FWMARK, k->fwmark);
		return;
	}
	char addr[16] = {0};
	memcpy(addr, &k->addr, 4);
	put16(b, SVC_PROTOCOL, k->protocol);
	put(b, SVC_ADDR, addr, 16);
	put16(b, SVC_PORT, htons(k->port));
}

static void parse_endpoint(const char *text, uint32_t *addr, uint16_t *port)
{
	char host[64];
	const char *colon = strrchr(text, ':');
	size_t n = colon ? (size_t)(colon - text) : strlen(text);
	if (n >= sizeof host)
		n = sizeof host - 1;
	memcpy(host, text, n);
	host[n] = 0;
	if (inet_pton(AF_INET, host, addr) != 1) {
		fprintf(stderr, "bad IPv4 address: %s\n", text);
		exit(2);
	}
	*port = colon ? (uint16_t)atoi(colon + 1) : 0;
}

/* Encodes one ipvsadm command line; returns 1 if it made a request. */
static int encode_line(struct buf *b, char *line)
{
	char *tok[32];
	int n = 0;
	for (char *t = strtok(line, " \t\r\n"); t && n < 32; t = strtok(NULL, " \t\r\n"))
		tok[n++] = t;
	if (n == 0 || tok[0][0] == '#')
		return 0;
	const char *op = tok[0], *sched = "wlc";
	struct service_key key = {0};
	uint32_t raddr = 0, weight = 1, fwd = 0 /* ipvsadm's default is -g, set below */;
	uint16_t rport = 0;
	int have_fwd = 0;
	for (int i = 1; i < n; i++) {
		if ((!strcmp(tok[i], "-t") || !strcmp(tok[i], "-u")) && i + 1 < n) {
			key.protocol = tok[i][1] == 't' ? 6 : 17;
			parse_endpoint(tok[++i], &key.addr, &key.port);
		} else if (!strcmp(tok[i], "-f") && i + 1 < n) {
			key.fwmark = strtoul(tok[++i], NULL, 0);
		} else if (!strcmp(tok[i], "-r") && i + 1 < n) {
			parse_endpoint(tok[++i], &raddr, &rport);
		} else if (!strcmp(tok[i], "-s") && i + 1 < n) {
			sched = tok[++i];
		} else if (!strcmp(tok[i], "-w") && i + 1 < n) {
			weight = strtoul(tok[++i], NULL, 10);
		} else if (!strcmp(tok[i], "-m")) {
			fwd = 0, have_fwd = 1;
		} else if (!strcmp(tok[i], "-i")) {
			fwd = 2, have_fwd = 1;
		} else if (!strcmp(tok[i], "-g")) {
			fwd = 3, have_fwd = 1;
		}
	}
	if (!have_fwd)
		fwd = 3;
	if (!rport)
		rport = key.port;
	uint8_t cmd;
	if (!strcmp(op, "-A")) cmd = CMD_NEW_SERVICE;
	else if (!strcmp(op, "-E")) cmd = CMD_SET_SERVICE;
	else if (!strcmp(op, "-D")) cmd = CMD_DEL_SERVICE;
	else if (!strcmp(op, "-a")) cmd = CMD_NEW_DEST;
	else if (!strcmp(op, "-e")) cmd = CMD_SET_DEST;
	else if (!strcmp(op, "-d")) cmd = CMD_DEL_DEST;
	else {
		fprintf(stderr, "unsupported command: %s\n", op);
		exit(2);
	}
	size_t m = begin_msg(b, family_id, NLM_F_REQUEST, cmd); /* load() adds NLM_F_ACK to each send's last */
	size_t svc = begin_nest(b, CMD_ATTR_SERVICE);
	put_key(b, &key);
	if (cmd == CMD_NEW_SERVICE || cmd == CMD_SET_SERVICE) {
		uint32_t flags[2] = {0, ~0u};
		put(b, SVC_SCHED_NAME, sched, strlen(sched) + 1);
		put(b, SVC_FLAGS, flags, sizeof flags);
		put32(b, SVC_TIMEOUT, 0);
		put32(b, SVC_NETMASK, 0xffffffff);
	}
	end_nest(b, svc);
	if (cmd == CMD_NEW_DEST || cmd == CMD_SET_DEST || cmd == CMD_DEL_DEST) {
		char addr[16] = {0};
		memcpy(addr, &raddr, 4);
		size_t dest = begin_nest(b, CMD_ATTR_DEST);
		put(b, DEST_ADDR, addr, 16);
		put16(b, DEST_PORT, htons(rport));
		if (cmd != CMD_DEL_DEST) {
			put32(b, DEST_FWD_METHOD, fwd);
			put32(b, DEST_WEIGHT, weight);
			put32(b, DEST_U_THRESH, 0);
			put32(b, DEST_L_THRESH, 0);
		}
		end_nest(b, dest);
	}
	end_msg(b, m);
	return 1;
}

static int load(const char *file, int batch)
{
	FILE *in = strcmp(file, "-") ? fopen(file, "r") : stdin;
	if (!in)
		die(file);
	/* Encode everything first, remembering where each batch of `batch` requests ends. */
	struct buf all = {0};
	size_t *ends = NULL;
	int requests = 0, cap = 0;
	char line[1024];
	while (fgets(line, sizeof line, in)) {
		if (!encode_line(&all, line))
			continue;
		if (requests == cap) {
			cap = cap * 2 + 1024;
			ends = realloc(ends, cap * sizeof *ends);
		}
		ends[requests++] = all.len;
	}
	for (int i = 0; i < requests; i += batch) {
		int last = (requests - i < batch ? requests : i + batch) - 1;
		((struct nlmsghdr *)(all.data + (last ? ends[last - 1] : 0)))->nlmsg_flags |= NLM_F_ACK;
	}
	int errors = 0;
	double t0 = now();
	size_t from = 0;
	for (int i = 0; i < requests; i += batch) {
		int count = requests - i < batch ? requests - i : batch;
		struct nlmsghdr *last = (struct nlmsghdr *)(all.data + (i + count > 1 ? ends[i + count - 2] : 0));
		struct buf part = {all.data + from, ends[i + count - 1] - from, 0};
		send_all(&part);
		receive_batch(last->nlmsg_seq, &errors);
		from = ends[i + count - 1];
	}
	double t1 = now();
	printf("seconds=%.3f requests=%d errors=%d\n", t1 - t0, requests, errors);
	return errors ? 1 : 0;
}

/* ---- read ---- */

struct services {
	struct service_key *keys;
	int n, cap;
	long dests;
	unsigned long checksum;
};

/* Walks the attributes nested in the message's first attribute; returns the count seen. */
static int walk(struct nlmsghdr *h, struct nlattr **attrs)
{
	int len = h->nlmsg_len - NLMSG_HDRLEN - GENL_HDRLEN;
	struct nlattr *outer = (struct nlattr *)((char *)NLMSG_DATA(h) + GENL_HDRLEN);
	if (len < NLA_HDRLEN || outer->nla_len > len)
		return 0;
	memset(attrs, 0, sizeof(struct nlattr *) * (MAX_ATTR + 1));
	int inner = outer->nla_len - NLA_HDRLEN, seen = 0;
	for (struct nlattr *a = (struct nlattr *)((char *)outer + NLA_HDRLEN);
		inner >= NLA_HDRLEN && a->nla_len >= NLA_HDRLEN && a->nla_len <= inner;
		inner -= NLA_ALIGN(a->nla_len), a = (struct nlattr *)((char *)a + NLA_ALIGN(a->nla_len))) {
		int type = a->nla_type & NLA_TYPE_MASK;
		if (type <= MAX_ATTR)
			attrs[type] = a, seen++;
	}
	return seen;
}

#define VALUE(a, T) (*(T *)((char *)(a) + NLA_HDRLEN))

static void on_service(struct nlmsghdr *h, void *ctx)
{
	struct services *s = ctx;
	struct nlattr *a[MAX_ATTR + 1];
	walk(h, a);
	if (s->n == s->cap) {
		s->cap = s->cap * 2 + 1024;
		s->keys = realloc(s->keys, s->cap * sizeof *s->keys);
	}
	struct service_key *k = &s->keys[s->n++];
	memset(k, 0, sizeof *k);
	if (a[SVC_FWMARK] && VALUE(a[SVC_FWMARK], uint32_t)) {
		k->fwmark = VALUE(a[SVC_FWMARK], uint32_t);
	} else if (a[SVC_PROTOCOL] && a[SVC_ADDR] && a[SVC_PORT]) {
		k->protocol = VALUE(a[SVC_PROTOCOL], uint16_t);
		k->addr = VALUE(a[SVC_ADDR], uint32_t);
		k->port = ntohs(VALUE(a[SVC_PORT], uint16_t));
	}
}

static void on_dest(struct nlmsghdr *h, void *ctx)
{
	struct services *s = ctx;
	struct nlattr *a[MAX_ATTR + 1];
	walk(h, a);
	s->dests++;
	if (a[DEST_ADDR] && a[DEST_PORT] && a[DEST_WEIGHT])
		s->checksum += VALUE(a[DEST_ADDR], uint32_t) + VALUE(a[DEST_PORT], uint16_t) + VALUE(a[DEST_WEIGHT], uint32_t);
}

static int read_table(void)
{
	struct services s = {0};
	struct buf b = {0};
	double t0 = now();
	size_t m = begin_msg(&b, family_id, NLM_F_REQUEST | NLM_F_DUMP, CMD_GET_SERVICE);
	end_msg(&b, m);
	send_all(&b);
	receive(-1, NULL, on_service, &s);
	for (int i = 0; i < s.n; i++) {
		b.len = 0;
		m = begin_msg(&b, family_id, NLM_F_REQUEST | NLM_F_DUMP, CMD_GET_DEST);
		size_t svc = begin_nest(&b, CMD_ATTR_SERVICE);
		put_key(&b, &s.keys[i]);
		end_nest(&b, svc);
		end_msg(&b, m);
		send_all(&b);
		receive(-1, NULL, on_dest, &s);
	}
	double t1 = now();
	printf("seconds=%.3f services=%d realservers=%ld checksum=%lu\n", t1 - t0, s.n, s.dests, s.checksum);
	return 0;
}

static int flush(void)
{
	struct buf b = {0};
	int errors = 0;
	double t0 = now();
	size_t m = begin_msg(&b, family_id, NLM_F_REQUEST | NLM_F_ACK, CMD_FLUSH);
	end_msg(&b, m);
	send_all(&b);
	receive(1, &errors, NULL, NULL);
	double t1 = now();
	printf("seconds=%.3f requests=1 errors=%d\n", t1 - t0, errors);
	return errors ? 1 : 0;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: ipvs-floor load FILE [BATCH] | read | flush\n");
		return 2;
	}
	open_socket();
	resolve_family();
	if (!strcmp(argv[1], "load") && argc >= 3)
		return load(argv[2], argc >= 4 ? atoi(argv[3]) : 64);
	if (!strcmp(argv[1], "read"))
		return read_table();
	if (!strcmp(argv[1], "flush"))
		return flush();
	fprintf(stderr, "usage: ipvs-floor load FILE [BATCH] | read | flush\n");
	return 2;
}
