/*
 * ignite-agent: the engine's guest agent (protocol: docs/agent.md). Static (musl), no libc from the
 * image. Our initramfs starts it just before switch_root:
 *     ignite-agent PORT NEWROOT
 * It keeps an fd on the initramfs busybox (the file is deleted by switch_root, the inode lives on),
 * enters NEWROOT (its root from then on) and serves PORT for the VM's lifetime: a virtio-serial
 * device, or vsock:N to listen on vsock port N (Firecracker has no virtio-serial). It serves
 * exec with separate stdout/stderr, stdin with acknowledged chunks, signals, concurrent execs.
 * one host connection at a time; when the host disconnects it kills that connection's execs and
 * waits for the next one (virtio-serial: SIGIO; vsock: accept).
 *
 * For an image without an init, our init execs it as PID 1 instead:
 *     ignite-agent --init PORT NEWROOT MAIN ENV
 * It then also mounts what programs expect (/proc, /sys, /dev/pts, /dev/shm), starts the image's
 * ENTRYPOINT + CMD (MAIN and ENV: NUL-separated files, read before entering NEWROOT) as the main
 * process with the console as its output, reaps every orphan, and powers the VM off on the
 * signals busybox's poweroff/reboot/halt send to init (SIGUSR2, SIGTERM, SIGUSR1) or on SIGINT.
 * When the main process exits the VM stays up (its exit code is logged), so execs still work.
 *
 * Diagnostics from inside a guest: `ignite-agent --connect CID:PORT` joins stdin and stdout to a
 * vsock connection (CID 1 is the guest itself, through vsock_loopback).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/reboot.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_PAYLOAD 65536
#define MAX_EXECS 64
#define HEADER 9
#define EXIT_GRACE_MS 200
#define HOST_EVENT_MS 250

enum { T_EXEC = 1, T_STDIN = 2, T_SIGNAL = 3, T_PING = 4, T_POWEROFF = 5 };
enum { T_STDOUT = 0x81, T_STDERR = 0x82, T_EXIT = 0x83, T_PONG = 0x84, T_STDIN_ACK = 0x85, T_ERROR = 0x86, T_RESET = 0x87 };
enum { F_SHELL = 1, F_BUSYBOX = 2 };

struct exec {
    uint32_t stream;
    pid_t pid;
    int in, out, err;       /* pipe ends, -1 once closed */
    char *pending;          /* a stdin chunk not yet written */
    size_t pending_len, pending_off;
    int close_in_after;     /* stdin EOF asked for while a chunk was pending */
    int exited, status;
    long exited_at;
};

/* <linux/vm_sockets.h>, which musl's headers lack. */
struct sockaddr_vm {
    sa_family_t svm_family;
    unsigned short svm_reserved1;
    unsigned int svm_port, svm_cid;
    unsigned char svm_flags, svm_zero[3];
};
#define VMADDR_CID_ANY 0xffffffffu

static const char *port_path;
static unsigned int vsock_port; /* listening on this vsock port instead of a virtio-serial device */
static int listener = -1;
static int init_mode;
static pid_t main_pid;
static char *main_args, *main_env;
static size_t main_args_len, main_env_len;
static int port = -1;
static int busybox = -1;
static struct exec execs[MAX_EXECS];
static unsigned char rbuf[HEADER + MAX_PAYLOAD];
static size_t rlen;

static void say(const char *fmt, const char *arg) {
    fprintf(stderr, "ignite-agent: ");
    fprintf(stderr, fmt, arg);
    fputc('\n', stderr);
}

static long now_ms(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1000L + t.tv_nsec / 1000000L;
}

static void put32(unsigned char *p, uint32_t v) {
    p[0] = v >> 24; p[1] = v >> 16; p[2] = v >> 8; p[3] = v;
}

static uint32_t get32(const unsigned char *p) {
    return (uint32_t) p[0] << 24 | (uint32_t) p[1] << 16 | (uint32_t) p[2] << 8 | p[3];
}

static void end_connection(void);
static void drop_connection(void);
static void power_off(int how);

/*
 * Writes all of buf to the (non-blocking) port; 0, or -1 when the host went away. POLLHUP need not
 * mean that: virtio_console takes a host's data at once but its "host connected" event later (from
 * the control queue, in a workqueue), so an answer to a new host's first frame can find the port
 * still "not connected" (a restored clone's first PONG was lost that way). The event comes with
 * SIGIO; only a port still hung up after HOST_EVENT_MS counts as the host gone.
 */
static int write_all(const unsigned char *buf, size_t len) {
    long hup_deadline = 0;
    while (len > 0) {
        ssize_t n = write(port, buf, len);
        if (n > 0) {
            buf += n;
            len -= n;
            continue;
        }
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && errno != EAGAIN) return -1;
        struct pollfd p = { port, POLLOUT, 0 };
        if (poll(&p, 1, 1000) < 0 && errno != EINTR) return -1;
        if (p.revents & POLLERR) return -1;
        if (p.revents & POLLHUP && vsock_port) return -1; /* a vsock host hung up for real */
        if (p.revents & POLLHUP) {
            long now = now_ms();
            if (!hup_deadline) hup_deadline = now + HOST_EVENT_MS;
            if (now >= hup_deadline) return -1;
            sigset_t io;
            sigemptyset(&io);
            sigaddset(&io, SIGIO);
            struct timespec wait = { 0, (hup_deadline - now) * 1000000L };
            sigtimedwait(&io, NULL, &wait);
        }
    }
    return 0;
}

/* A frame goes out in one write: one virtqueue notification and one read on the host, not two. */
static void send_frame(uint32_t stream, int type, const void *data, size_t len) {
    static unsigned char frame[HEADER + MAX_PAYLOAD];
    if (port < 0) return;
    put32(frame, len);
    put32(frame + 4, stream);
    frame[8] = type;
    if (len) memcpy(frame + HEADER, data, len);
    if (write_all(frame, HEADER + len) < 0) end_connection();
}

static struct exec *find(uint32_t stream) {
    for (int i = 0; i < MAX_EXECS; i++)
        if (execs[i].pid > 0 && execs[i].stream == stream) return &execs[i];
    return NULL;
}

static void close_fd(int *fd) {
    if (*fd >= 0) close(*fd);
    *fd = -1;
}

static void release(struct exec *e) {
    close_fd(&e->in);
    close_fd(&e->out);
    close_fd(&e->err);
    free(e->pending);
    memset(e, 0, sizeof *e);
}

/*
 * The host is gone: its execs end with it (their process groups are killed). The port stays open:
 * closing it would discard what a next host already sent, and only an open port gets the SIGIO
 * that says a host connected.
 */
static void end_connection(void) {
    for (int i = 0; i < MAX_EXECS; i++) {
        if (execs[i].pid > 0) {
            if (!execs[i].exited) kill(-execs[i].pid, SIGKILL);
            release(&execs[i]);
        }
    }
    rlen = 0;
}

/* As end_connection, and the port is closed (what is buffered in it dropped): after an error. */
static void drop_connection(void) {
    end_connection();
    if (port >= 0) close(port);
    port = -1;
}

/*
 * Closes every fd from `from` on but our busybox. close_range is one system call where the loop
 * was 1021 (each an emulated syscall under TCG, in every command's start); the loop stays for
 * kernels before 5.9.
 */
static void close_from(int from) {
    int ok = busybox >= from
            ? (busybox == from || syscall(SYS_close_range, from, busybox - 1, 0) == 0)
                    && syscall(SYS_close_range, busybox + 1, ~0U, 0) == 0
            : syscall(SYS_close_range, from, ~0U, 0) == 0;
    if (!ok) for (int fd = from; fd < 1024; fd++) if (fd != busybox) close(fd);
}

/*
 * The command's process, between vfork and exec: it shares the agent's memory, so it only makes
 * system calls (argv and envp are built by the caller; no malloc; environ is restored by it).
 */
static __attribute__((noreturn)) void child(int flags, const char *cwd, char **argv, char **envp, int in[2], int out[2], int err[2]) {
    setsid();
    dup2(in[0], 0);
    dup2(out[1], 1);
    dup2(err[1], 2);
    close_from(3);
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    signal(SIGPIPE, SIG_DFL);
    if (*cwd && chdir(cwd) < 0) {
        dprintf(2, "ignite-agent: cannot enter %s: %s\n", cwd, strerror(errno));
        _exit(1);
    }
    /* A shell line runs in the image's /bin/sh; an image without one gets busybox's. */
    if (flags & F_SHELL && access("/bin/sh", X_OK) == 0) {
        execve("/bin/sh", argv, envp);
    } else if (flags & (F_SHELL | F_BUSYBOX)) {
        fexecve(busybox, argv, envp);
    } else {
        environ = envp; /* execvp searches the request's PATH; the caller puts environ back */
        execvp(argv[0], argv);
    }
    dprintf(2, "ignite-agent: cannot run %s: %s\n", argv[0], strerror(errno));
    _exit(errno == ENOENT ? 127 : 126);
}

/*
 * vfork: no copy of the agent's page tables and no copy-on-write faults after it, which under TCG
 * are a good part of a short command's cost; the agent resumes once the command has exec'd. (A
 * function of its own, so that no caller's variables live across the vfork.)
 */
static __attribute__((noinline)) pid_t spawn(int flags, const char *cwd, char **argv, char **envp, int in[2], int out[2], int err[2]) {
    pid_t pid = vfork();
    if (pid == 0) child(flags, cwd, argv, envp, in, out, err);
    return pid;
}

static void start_exec(uint32_t stream, const unsigned char *p, size_t len) {
    int slot = -1;
    for (int i = 0; i < MAX_EXECS && slot < 0; i++) if (execs[i].pid == 0) slot = i;
    if (len < 6 || p[len - 1] != 0 || find(stream) || slot < 0) {
        const char *why = slot < 0 ? "too many execs at once" : "malformed or duplicate exec";
        send_frame(stream, T_ERROR, why, strlen(why));
        return;
    }
    int in[2], out[2], err[2];
    if (pipe2(in, O_CLOEXEC) < 0 || pipe2(out, O_CLOEXEC) < 0 || pipe2(err, O_CLOEXEC) < 0) {
        send_frame(stream, T_ERROR, "cannot make pipes", 17);
        return;
    }
    /* payload: flags u8, argc u16, envc u16, then cwd, argv[argc], env[envc], each NUL-terminated */
    int flags = p[0], argc = p[1] << 8 | p[2], envc = p[3] << 8 | p[4];
    char **argv = calloc(argc + 4, sizeof *argv), **envp = calloc(envc + 1, sizeof *envp);
    const char *s = (const char *) p + 5, *end = (const char *) p + len, *cwd = s;
    s += strlen(s) + 1;
    int a = 0;
    if (flags & F_SHELL) {
        argv[a++] = "sh";
        argv[a++] = "-c";
    }
    for (int i = 0; i < argc && s < end; i++, s += strlen(s) + 1) argv[a++] = (char *) s;
    for (int i = 0; i < envc && s < end; i++, s += strlen(s) + 1) envp[i] = (char *) s;
    char **own_environ = environ;
    pid_t pid = spawn(flags, cwd, argv, envp, in, out, err);
    environ = own_environ;
    free(argv);
    free(envp);
    close(in[0]);
    close(out[1]);
    close(err[1]);
    if (pid < 0) {
        close(in[1]); close(out[0]); close(err[0]);
        send_frame(stream, T_ERROR, "cannot fork", 11);
        return;
    }
    fcntl(in[1], F_SETFL, O_NONBLOCK);
    struct exec *e = &execs[slot];
    memset(e, 0, sizeof *e);
    e->stream = stream;
    e->pid = pid;
    e->in = in[1];
    e->out = out[0];
    e->err = err[0];
}

/* Writes what it can of a pending stdin chunk; acknowledges the chunk once it is all written. */
static void flush_stdin(struct exec *e) {
    while (e->pending && e->pending_off < e->pending_len) {
        ssize_t n = write(e->in, e->pending + e->pending_off, e->pending_len - e->pending_off);
        if (n > 0) e->pending_off += n;
        else if (n < 0 && errno == EINTR) continue;
        else if (n < 0 && errno == EAGAIN) return;
        else break; /* the command closed its stdin: the rest is dropped, as a pipe would */
    }
    if (e->pending) {
        free(e->pending);
        e->pending = NULL;
        send_frame(e->stream, T_STDIN_ACK, NULL, 0);
    }
    if (e->close_in_after) close_fd(&e->in);
}

static void handle_frame(uint32_t stream, int type, unsigned char *p, size_t len) {
    struct exec *e = stream ? find(stream) : NULL;
    switch (type) {
    case T_PING:
        send_frame(stream, T_PONG, "ignite-agent 1", 14);
        break;
    case T_EXEC:
        start_exec(stream, p, len);
        break;
    case T_STDIN:
        if (!e) break;
        if (len == 0) {
            if (e->pending) e->close_in_after = 1;
            else close_fd(&e->in);
        } else if (e->in < 0 || e->pending) {
            send_frame(stream, T_STDIN_ACK, NULL, 0); /* nobody reads it, or a protocol slip: dropped */
        } else {
            e->pending = malloc(len);
            memcpy(e->pending, p, len);
            e->pending_len = len;
            e->pending_off = 0;
            flush_stdin(e);
        }
        break;
    case T_SIGNAL:
        if (e && !e->exited && len == 1) kill(-e->pid, p[0]);
        break;
    case T_POWEROFF:
        /* As PID 1 does it (after ending everything); our own init is asked by busybox's signal. */
        if (init_mode) kill(1, SIGUSR2);
        else power_off(RB_POWER_OFF);
        break;
    default:
        send_frame(stream, T_ERROR, "unknown frame type", 18);
    }
}

/* Reads and handles what the host sent; 0 when no host is connected (the port reads EOF). */
static int read_port(void) {
    ssize_t n = read(port, rbuf + rlen, sizeof rbuf - rlen);
    if (n == 0) {
        /* nothing buffered and no host: the one that was connected is gone (a vsock connection is
         * closed, so that the next host is accepted) */
        if (vsock_port) drop_connection();
        else end_connection();
        return 0;
    }
    if (n < 0 && errno != EAGAIN && errno != EINTR) {
        drop_connection();
        return 1;
    }
    if (n < 0) return 1;
    rlen += n;
    while (rlen >= HEADER) {
        uint32_t len = get32(rbuf);
        if (len > MAX_PAYLOAD) {
            say("frame of %s bytes is too large: dropping the connection", "over 65536");
            drop_connection();
            return 1;
        }
        if (rlen < HEADER + len) break;
        handle_frame(get32(rbuf + 4), rbuf[8], rbuf + HEADER, len);
        if (port < 0 || rlen == 0) return 1; /* the connection ended while answering */
        memmove(rbuf, rbuf + HEADER + len, rlen - HEADER - len);
        rlen -= HEADER + len;
    }
    return 1;
}

static void forward_output(struct exec *e, int *fd, int type) {
    static unsigned char buf[MAX_PAYLOAD];
    ssize_t n = read(*fd, buf, sizeof buf);
    if (n > 0) send_frame(e->stream, type, buf, n);
    else if (n == 0 || errno != EINTR) close_fd(fd);
}

static void reap(void) {
    int status;
    pid_t pid;
    while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
        for (int i = 0; i < MAX_EXECS; i++) {
            if (execs[i].pid == pid && !execs[i].exited) {
                execs[i].exited = 1;
                execs[i].exited_at = now_ms();
                execs[i].status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
            }
        }
    }
}

/* An exec ends when its command exited and its output is drained, or (a background child holding
 * the pipes) a short grace after the exit. */
static void finish_execs(void) {
    for (int i = 0; i < MAX_EXECS; i++) {
        struct exec *e = &execs[i];
        if (e->pid <= 0 || !e->exited) continue;
        if ((e->out >= 0 || e->err >= 0) && now_ms() - e->exited_at < EXIT_GRACE_MS) continue;
        unsigned char code[4];
        put32(code, (uint32_t) e->status);
        uint32_t stream = e->stream;
        release(e);
        send_frame(stream, T_EXIT, code, 4);
    }
}

/* Reads a whole small file (before entering the new root); NULL with *len 0 when absent. */
static char *slurp(const char *path, size_t *len) {
    *len = 0;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return NULL;
    char *buf = NULL;
    size_t cap = 0;
    for (;;) {
        if (*len + 4096 + 1 > cap) buf = realloc(buf, cap = (*len + 4096) * 2);
        ssize_t n = read(fd, buf + *len, cap - *len - 1);
        if (n <= 0) break;
        *len += n;
    }
    close(fd);
    if (buf) buf[*len] = 0;
    return buf;
}

/* NUL-separated strings as a NULL-terminated vector (extra slots for additions). */
static char **split(char *buf, size_t len, int extra) {
    int n = 0;
    for (size_t i = 0; i < len; i++) if (buf[i] == 0) n++;
    char **v = calloc(n + extra + 2, sizeof *v);
    int k = 0;
    for (size_t i = 0; i < len; i += strlen(buf + i) + 1) if (buf[i]) v[k++] = buf + i;
    return v;
}

static void mount_if(const char *source, const char *target, const char *type, unsigned long flags, const char *data) {
    mkdir(target, 0755);
    if (mount(source, target, type, flags, data) < 0 && errno != EBUSY)
        say("cannot mount %s", target);
}

/* PID 1 for an image without init: the mounts a container runtime would make, then the main process. */
static void start_init(void) {
    mount_if("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL);
    mount_if("sysfs", "/sys", "sysfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL);
    mount_if("devpts", "/dev/pts", "devpts", MS_NOSUID | MS_NOEXEC, "gid=5,mode=620,ptmxmode=666");
    mount_if("shm", "/dev/shm", "tmpfs", MS_NOSUID | MS_NODEV, "mode=1777");
    if (!main_args_len) {
        say("the image names no ENTRYPOINT or CMD: %s", "only the agent runs");
        return;
    }
    char **argv = split(main_args, main_args_len, 0);
    char **envp = split(main_env, main_env_len, 1);
    int has_path = 0, n = 0;
    for (; envp[n]; n++) has_path |= strncmp(envp[n], "PATH=", 5) == 0;
    if (!has_path) envp[n] = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    main_pid = fork();
    if (main_pid == 0) {
        sigset_t none;
        sigemptyset(&none);
        sigprocmask(SIG_SETMASK, &none, NULL);
        signal(SIGPIPE, SIG_DFL);
        setsid();
        int null = open("/dev/null", O_RDONLY);
        if (null >= 0) dup2(null, 0);
        environ = envp;
        execvp(argv[0], argv);
        dprintf(2, "ignite-agent: cannot run the image's main process %s: %s\n", argv[0], strerror(errno));
        _exit(127);
    }
    say("main process %s started", argv[0]);
}

/* As init does: everything gets SIGTERM, a second to end, SIGKILL; then the VM powers off. */
static void power_off(int how) {
    say("%s", how == RB_AUTOBOOT ? "rebooting" : "powering off");
    kill(-1, SIGTERM);
    for (int i = 0; i < 20; i++) {
        while (waitpid(-1, NULL, WNOHANG) > 0) { }
        if (kill(-1, 0) < 0 && errno == ESRCH) break;
        usleep(50000);
    }
    kill(-1, SIGKILL);
    sync();
    reboot(how);
}

static int listen_vsock(void) {
    int fd = socket(AF_VSOCK, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    struct sockaddr_vm addr = { .svm_family = AF_VSOCK, .svm_port = vsock_port, .svm_cid = VMADDR_CID_ANY };
    if (fd < 0 || bind(fd, (struct sockaddr *) &addr, sizeof addr) < 0 || listen(fd, 8) < 0) {
        say("cannot listen on vsock: %s", strerror(errno));
        if (fd >= 0) close(fd);
        return -1;
    }
    return fd;
}

/* The host's channel: the virtio-serial device, or a connection a vsock host made (-1: none yet). */
static int open_port(void) {
    if (vsock_port) return listener < 0 ? -1 : accept4(listener, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (!*port_path) return -1; /* init mode on a kernel without the agent's port */
    int fd = open(port_path, O_RDWR | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
    if (fd < 0) return -1;
    fcntl(fd, F_SETOWN, getpid());
    fcntl(fd, F_SETFL, O_RDWR | O_NONBLOCK | O_ASYNC);
    return fd;
}

/* Serves the port until killed: one worker process, restarted by the supervisor if it dies. */
static void serve(void) {
    prctl(PR_SET_CHILD_SUBREAPER, 1);
    sigset_t mask;
    sigemptyset(&mask);
    sigaddset(&mask, SIGCHLD);
    sigaddset(&mask, SIGIO);
    sigprocmask(SIG_BLOCK, &mask, NULL);
    int sigs = signalfd(-1, &mask, SFD_NONBLOCK | SFD_CLOEXEC);
    if (vsock_port) listener = listen_vsock(); /* a new worker's host connects anew: no RESET to send */
    /* A connected host learns that a worker (re)started: what ran on an earlier one is gone. */
    port = open_port();
    if (port >= 0) {
        struct pollfd p = { port, POLLOUT, 0 };
        if (poll(&p, 1, 0) == 1 && !(p.revents & POLLHUP)) send_frame(0, T_RESET, NULL, 0);
    }
    for (;;) {
        struct pollfd fds[2 + 3 * MAX_EXECS];
        struct exec *owner[2 + 3 * MAX_EXECS];
        int nfds = 0, timeout = -1;
        if (port < 0) port = open_port();
        fds[nfds++] = (struct pollfd) { sigs, POLLIN, 0 };
        if (port >= 0) fds[nfds++] = (struct pollfd) { port, POLLIN, 0 };
        int accepting = port < 0 && listener >= 0; /* woken by a vsock host connecting: accepted above */
        if (accepting) fds[nfds++] = (struct pollfd) { listener, POLLIN, 0 };
        for (int i = 0; i < MAX_EXECS; i++) {
            struct exec *e = &execs[i];
            if (e->pid <= 0) continue;
            if (e->out >= 0) { owner[nfds] = e; fds[nfds++] = (struct pollfd) { e->out, POLLIN, 0 }; }
            if (e->err >= 0) { owner[nfds] = e; fds[nfds++] = (struct pollfd) { e->err, POLLIN, 0 }; }
            if (e->pending) { owner[nfds] = e; fds[nfds++] = (struct pollfd) { e->in, POLLOUT, 0 }; }
            if (e->exited) timeout = EXIT_GRACE_MS / 4;
        }
        int ready = poll(fds, nfds, timeout);
        if (ready < 0 && errno != EINTR) _exit(1);
        if (fds[0].revents) {
            struct signalfd_siginfo info;
            while (read(sigs, &info, sizeof info) == sizeof info) { }
            reap();
        }
        int base = accepting ? 2 : 1;
        if (port >= 0) {
            base = 2;
            /* With no host connected virtio_console reports POLLIN | POLLHUP and reads EOF, so
             * polling it spun (closing and reopening it ~16 000 times a second: a VM without a
             * host kept a host CPU busy). Wait for the SIGIO a host's connection brings instead;
             * the timeout is only a fallback. POLLHUP alone: the port went away (unplugged). */
            int host = 1;
            if (fds[1].revents & POLLIN) host = read_port();
            else if (fds[1].revents & (POLLHUP | POLLERR)) {
                drop_connection();
                host = 0;
            }
            if (!host && vsock_port) continue; /* the host closed its connection: accept the next one */
            if (!host) {
                struct pollfd s = { sigs, POLLIN, 0 };
                poll(&s, 1, 1000);
                continue;
            }
        } else if (!accepting) {
            struct pollfd s = { sigs, POLLIN, 0 };
            poll(&s, 1, *port_path && !vsock_port ? 100 : -1); /* the port device is not there (yet), or none */
        }
        for (int i = base; i < nfds && port >= 0; i++) {
            struct exec *e = owner[i];
            if (!fds[i].revents || e->pid <= 0) continue;
            if (fds[i].fd == e->out) forward_output(e, &e->out, T_STDOUT);
            else if (fds[i].fd == e->err) forward_output(e, &e->err, T_STDERR);
            else if (fds[i].fd == e->in) flush_stdin(e);
        }
        finish_execs();
    }
}



/* --connect CID:PORT: stdin to the vsock connection, the connection to stdout; after stdin's end,
 * what the other side still sends until it closes. */
static int connect_vsock(const char *target) {
    unsigned int cid, vport;
    char end;
    if (sscanf(target, "%u:%u%c", &cid, &vport, &end) != 2) {
        fprintf(stderr, "ignite-agent: --connect wants CID:PORT, not %s\n", target);
        return 2;
    }
    int fd = socket(AF_VSOCK, SOCK_STREAM | SOCK_CLOEXEC, 0);
    struct sockaddr_vm addr = { .svm_family = AF_VSOCK, .svm_port = vport, .svm_cid = cid };
    if (fd < 0 || connect(fd, (struct sockaddr *) &addr, sizeof addr) < 0) {
        fprintf(stderr, "ignite-agent: cannot connect to vsock %s: %s\n", target, strerror(errno));
        return 1;
    }
    signal(SIGPIPE, SIG_IGN);
    static char buf[MAX_PAYLOAD];
    struct pollfd fds[2] = { { 0, POLLIN, 0 }, { fd, POLLIN, 0 } };
    for (;;) {
        if (poll(fds, 2, -1) < 0) {
            if (errno == EINTR) continue;
            return 1;
        }
        for (int i = 0; i < 2; i++) {
            if (!fds[i].revents) continue;
            ssize_t n = read(fds[i].fd, buf, sizeof buf);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0 && i == 1) return 0;
            if (n <= 0) {
                shutdown(fd, SHUT_WR);
                fds[0].fd = -1;
                continue;
            }
            for (ssize_t off = 0, w; off < n; off += w) {
                w = write(i == 0 ? fd : 1, buf + off, n - off);
                if (w < 0 && errno == EINTR) w = 0;
                else if (w < 0) return 1;
            }
        }
    }
}

static pid_t start_worker(void) {
    pid_t pid = fork();
    if (pid == 0) {
        serve();
        _exit(1);
    }
    return pid;
}

/*
 * The supervisor: restarts the worker when a command kills it (`kill $PPID` reaches the worker, not
 * this process), reaps orphans; as PID 1 also the init: mounts, main process, power signals.
 */
int main(int argc, char **argv) {
    if (argc == 3 && strcmp(argv[1], "--connect") == 0) return connect_vsock(argv[2]);
    init_mode = argc == 6 && strcmp(argv[1], "--init") == 0;
    if (argc != 3 && !init_mode) {
        fprintf(stderr, "usage: ignite-agent PORT NEWROOT | ignite-agent --init PORT NEWROOT MAIN ENV"
                " | ignite-agent --connect CID:PORT\n(PORT: a virtio-serial device, or vsock:N)\n");
        return 2;
    }
    if (init_mode) {
        argv++;
        main_args = slurp(argv[3], &main_args_len);
        main_env = slurp(argv[4], &main_env_len);
    }
    port_path = argv[1];
    if (strncmp(port_path, "vsock:", 6) == 0) {
        char end;
        if (sscanf(port_path + 6, "%u%c", &vsock_port, &end) != 1 || vsock_port == 0) {
            say("not a vsock port: %s", port_path);
            return 2;
        }
    }
    busybox = open("/bin/busybox", O_RDONLY | O_CLOEXEC);
    if (busybox < 0) say("no /bin/busybox: %s", strerror(errno));
    if (chroot(argv[2]) < 0 || chdir("/") < 0) {
        say("cannot enter the image root: %s", strerror(errno));
        return 1;
    }
    /* Ready: the caller (our init, about to switch_root and delete the initramfs) may go on. */
    pid_t daemon = init_mode ? 0 : fork();
    if (daemon < 0) {
        say("cannot fork: %s", strerror(errno));
        return 1;
    }
    if (daemon > 0) return 0;
    prctl(PR_SET_CHILD_SUBREAPER, 1);
    setsid();
    sigset_t mask;
    sigemptyset(&mask);
    sigaddset(&mask, SIGCHLD);
    if (init_mode) {
        sigaddset(&mask, SIGUSR1);
        sigaddset(&mask, SIGUSR2);
        sigaddset(&mask, SIGTERM);
        sigaddset(&mask, SIGINT);
    }
    sigprocmask(SIG_BLOCK, &mask, NULL);
    signal(SIGPIPE, SIG_IGN);
    if (init_mode) start_init();
    pid_t worker = start_worker();
    for (;;) {
        siginfo_t info;
        if (sigwaitinfo(&mask, &info) < 0) continue;
        int sig = info.si_signo;
        if (sig == SIGUSR2 || sig == SIGUSR1 || sig == SIGINT) power_off(RB_POWER_OFF);
        if (sig == SIGTERM) power_off(RB_AUTOBOOT);
        int status;
        pid_t pid;
        while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
            if (pid == main_pid) {
                char code[16];
                snprintf(code, sizeof code, "%d", WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
                say("main process exited with %s; the VM stays up", code);
                main_pid = 0;
            } else if (pid == worker) {
                say("%s", "the worker ended; starting another");
                usleep(100000);
                worker = start_worker();
            }
        }
    }
}
