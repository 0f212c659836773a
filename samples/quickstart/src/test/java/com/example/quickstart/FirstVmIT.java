package com.example.quickstart;

import dev.ignite.engine.access.ExecRequest;
import dev.ignite.engine.access.ExecResult;
import dev.ignite.engine.vm.Vm;
import dev.ignite.junit.IgniteTest;
import dev.ignite.junit.MicroVM;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;

@IgniteTest
class FirstVmIT {
    @MicroVM               // static: one VM for the class (an instance field gets a fresh VM per test)
    static Vm vm;

    @Test
    void runsCommandsInTheVm() {
        ExecResult uname = vm.exec("uname -r");            // a non-zero exit code is a result, not an exception
        assertEquals(0, uname.exitCode());
        assertEquals(vm.kernel().version(), uname.stdout().strip());

        ExecResult failing = vm.exec("echo oops >&2; exit 3");
        assertEquals(3, failing.exitCode());
        assertEquals("oops\n", failing.stderr());
    }

    @Test
    void copiesFilesBothWays(@TempDir Path tmp) throws Exception {
        Files.writeString(tmp.resolve("in.txt"), "hello");
        vm.copyTo(tmp.resolve("in.txt"), "/root/in.txt");
        vm.execOrFail(ExecRequest.builder("tr a-z A-Z < in.txt > out.txt")
                .setWorkingDirectory("/root").setTimeout(Duration.ofSeconds(30)).build());
        vm.copyFrom("/root/out.txt", tmp.resolve("out.txt"));
        assertEquals("HELLO", Files.readString(tmp.resolve("out.txt")));
    }
}
