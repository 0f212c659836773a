package dev.ignite.engine.cli;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * The closest known words to a mistyped one, by edit distance counting a swap of two neighbours as one
 * edit ({@code --nmae} → {@code --name}, {@code rn} → {@code run}, {@code --al} → {@code --all}).
 * picocli's own suggestions compare letter pairs and miss swaps, so the CLI uses these.
 */
final class Suggestions {
    private Suggestions() {
    }

    /** Up to three candidates within a third of the word's length (at least 1, at most 3 edits), closest first. */
    static List<String> closest(String word, Collection<String> candidates) {
        int limit = Math.max(1, Math.min(3, word.replaceFirst("^-+", "").length() / 3 + 1));
        return candidates.stream()
                .filter(c -> !c.equals(word))
                .map(c -> new Scored(c, distance(word, c)))
                .filter(s -> s.distance <= limit)
                .sorted(Comparator.comparingInt(Scored::distance).thenComparing(Scored::candidate))
                .limit(3)
                .map(Scored::candidate)
                .toList();
    }

    private record Scored(String candidate, int distance) {
    }

    /** Optimal string alignment distance (Levenshtein plus adjacent transpositions). */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
