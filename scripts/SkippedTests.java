import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The closing summary of scripts/test: every skipped test of this run with its reason, read from
 * the Surefire and Failsafe XML reports (target/{surefire,failsafe}-reports/TEST-*.xml) written
 * after the marker file. Usage: java scripts/SkippedTests.java ROOT MARKER
 */
public class SkippedTests {
    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[0]);
        FileTime since = Files.getLastModifiedTime(Path.of(args[1]));
        List<String> skipped = new ArrayList<>();
        for (Path report : reports(root, since)) {
            NodeList cases = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(report.toFile())
                    .getElementsByTagName("testcase");
            for (int i = 0; i < cases.getLength(); i++) {
                Element testcase = (Element) cases.item(i);
                NodeList skip = testcase.getElementsByTagName("skipped");
                if (skip.getLength() > 0) {
                    String reason = ((Element) skip.item(0)).getAttribute("message");
                    skipped.add(simpleName(testcase.getAttribute("classname")) + "." + testcase.getAttribute("name")
                            + ": " + (reason.isBlank() ? "(no reason given)" : reason.strip()));
                }
            }
        }
        System.out.println(skipped.isEmpty() ? "[INFO] No test was skipped."
                : "[WARNING] " + skipped.size() + " skipped test(s), each with its reason:");
        skipped.stream().sorted().forEach(line -> System.out.println("[WARNING]   " + line));
    }

    private static List<Path> reports(Path root, FileTime since) throws IOException {
        try (Stream<Path> files = Files.find(root, 6, (path, attributes) ->
                path.getFileName().toString().matches("TEST-.*\\.xml")
                        && path.getParent().getFileName().toString().matches("(surefire|failsafe)-reports")
                        && attributes.lastModifiedTime().compareTo(since) >= 0)) {
            return files.sorted().toList();
        }
    }

    private static String simpleName(String className) {
        return className.substring(className.lastIndexOf('.') + 1);
    }
}
