package dev.ignite.junit;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

import javax.xml.parsers.DocumentBuilderFactory;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a user's CI keeps of a failed {@code @MicroVM} test: the Failsafe XML report that the
 * `report-fixture` execution (ignite-junit/pom.xml, before this one) wrote for {@code FailingVmFixture}
 * carries the VM's console tail and last commands in the failing test case.
 */
class DiagnosticsReportIT {
    private static final Path REPORT = Path.of("target", "fixture-reports",
            "TEST-dev.ignite.junit.fixtures.FailingVmFixture.xml");

    @Test
    void failingTestsXmlCarriesConsoleTailAndLastCommands() throws Exception {
        assertThat(REPORT).as("written by the report-fixture execution of Failsafe").exists();
        Element testcase = (Element) DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(REPORT.toFile()).getElementsByTagName("testcase").item(0);
        assertThat(testcase.getAttribute("name")).isEqualTo("failsAfterACommand");
        Element failure = (Element) testcase.getElementsByTagName("failure").item(0);
        assertThat(failure.getAttribute("message")).isEqualTo("deliberate failure of the report fixture");

        String stderr = testcase.getElementsByTagName("system-err").item(0).getTextContent();
        assertThat(stderr)
                .containsPattern("\\[ignite] report entry ignite\\.vm\\.\\S+: VM \\S+ \\(\\S+, Running\\), serial console, last 40 lines:")
                .contains("login:")
                .contains("--- last commands (oldest first) ---\n" + "echo fixture-command-ran  -> exit 0 in ");
    }
}
