package dev.ignite.engine.vm;

import dev.ignite.engine.access.ExecRequest;
import dev.ignite.engine.access.ExecResult;
import dev.ignite.engine.host.ShellQuoting;

import java.time.Duration;

/**
 * Ready when a GET of the path on the guest's own port answers with the status. Asked from inside
 * the guest (the port need not be published): curl if the image has it, else busybox wget, whose
 * {@code -S} prints the status line even for an error status. HTTPS certificates are not checked.
 */
public record HttpWait(int port, String path, boolean https, int status, Duration startupTimeout) implements WaitStrategy {
    @Override
    public String description() {
        return "HTTP" + (https ? "S" : "") + " GET " + path + " on port " + port + " answers " + status;
    }

    @Override
    public WaitStrategy withStartupTimeout(Duration timeout) {
        return new HttpWait(port, path, https, status, Wait.positive(timeout));
    }

    /** Which status to wait for (200 unless set). */
    public HttpWait forStatusCode(int code) {
        return new HttpWait(port, path, https, code, startupTimeout);
    }

    @Override
    public WaitObservation check(Vm vm) {
        String url = ShellQuoting.quote((https ? "https" : "http") + "://127.0.0.1:" + port + path);
        ExecResult result = vm.exec(ExecRequest.builder("if command -v curl >/dev/null; then"
                + " curl -ks -m 5 -o /dev/null -w '%{http_code}\\n' " + url + ";"
                + " else timeout 5 wget -S -q -O /dev/null --no-check-certificate " + url + " 2>&1"
                + " | awk '$1 ~ /^HTTP\\// { code = $2 } END { print code }'; fi")
                .setTimeout(CommandWait.CHECK_TIMEOUT).build());
        String seen = result.stdout().strip();
        if (seen.isEmpty() || seen.equals("000")) {
            return WaitObservation.notYet("no HTTP answer (" + result + ")");
        }
        return seen.equals(String.valueOf(status)) ? WaitObservation.ready("status " + seen)
                : WaitObservation.notYet("status " + seen);
    }
}
