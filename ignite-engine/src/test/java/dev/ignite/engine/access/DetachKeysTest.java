package dev.ignite.engine.access;

import dev.ignite.engine.IgniteException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DetachKeysTest {
    private static byte[] filter(DetachKeys.Watcher watcher, String typed) {
        byte[] bytes = typed.getBytes(StandardCharsets.ISO_8859_1);
        return watcher.filter(bytes, bytes.length);
    }

    @Test
    void defaultIsCtrlPCtrlQ() {
        assertThat(DetachKeys.DEFAULT.display()).isEqualTo("Ctrl-P Ctrl-Q");
        assertThat(DetachKeys.parse("CTRL-P, ctrl-q")).isEqualTo(DetachKeys.DEFAULT);
    }

    @Test
    void sequenceDetachesAndIsNotPassedOn() {
        DetachKeys.Watcher watcher = DetachKeys.DEFAULT.watcher();
        assertThat(filter(watcher, "ls\r\u0010\u0011echo never")).isEqualTo("ls\r".getBytes(StandardCharsets.US_ASCII));
        assertThat(watcher.detached()).isTrue();
    }

    @Test
    void sequenceSplitAcrossReadsDetaches() {
        DetachKeys.Watcher watcher = DetachKeys.DEFAULT.watcher();
        assertThat(filter(watcher, "a\u0010")).containsExactly('a');
        assertThat(watcher.detached()).isFalse();
        assertThat(filter(watcher, "\u0011")).isEmpty();
        assertThat(watcher.detached()).isTrue();
    }

    @Test
    void brokenSequenceIsPassedOnWhole() {
        DetachKeys.Watcher watcher = DetachKeys.DEFAULT.watcher();
        assertThat(filter(watcher, "\u0010x")).containsExactly(0x10, 'x');
        assertThat(filter(watcher, "\u0010\u0010\u0011")).containsExactly(0x10);
        assertThat(watcher.detached()).isTrue();
    }

    @Test
    void singleCharacterKeys() {
        DetachKeys keys = DetachKeys.parse("ctrl-],q");
        assertThat(keys.display()).isEqualTo("Ctrl-] q");
        DetachKeys.Watcher watcher = keys.watcher();
        assertThat(filter(watcher, "q\u001dq")).containsExactly('q');
        assertThat(watcher.detached()).isTrue();
    }

    @Test
    void invalidKeyIsNamed() {
        assertThatThrownBy(() -> DetachKeys.parse("ctrl-p,alt-q"))
                .isInstanceOf(IgniteException.class)
                .hasMessage("invalid detach key 'alt-q' in 'ctrl-p,alt-q': use a single character or ctrl-<letter>,"
                        + " comma-separated (e.g. ctrl-p,ctrl-q)");
    }
}
