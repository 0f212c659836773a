package dev.ignite.engine.cli;

import java.io.PrintWriter;
import java.util.List;

/** Rows of tab-separated cells printed as aligned columns, three spaces apart, like Docker's tables. */
final class TextTable {
    private static final int GAP = 3;

    private TextTable() {
    }

    static void print(PrintWriter out, List<String> lines) {
        List<String[]> rows = lines.stream().map(line -> line.split("\t", -1)).toList();
        int columns = rows.stream().mapToInt(r -> r.length).max().orElse(0);
        int[] widths = new int[columns];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                line.append(row[i]);
                if (i < row.length - 1) {
                    line.append(" ".repeat(widths[i] - row[i].length() + GAP));
                }
            }
            out.println(line.toString().stripTrailing());
        }
    }
}
