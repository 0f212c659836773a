package dev.ignite.engine.cli;

import dev.ignite.engine.bench.BenchmarkResult;
import dev.ignite.engine.bench.Stats;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The time-to-first-command figures as a PNG bar chart (median bar, p95 whisker), drawn with Java2D
 * so the benchmark needs nothing beyond the JDK. CLI-only (`ignite bench --plot`): the library
 * does not use AWT.
 */
final class BenchmarkPlot {
    private static final int WIDTH = 900;
    private static final int ROW = 56;
    private static final int LEFT = 330;
    private static final int RIGHT = 80;

    private BenchmarkPlot() {
    }

    static void write(BenchmarkResult result, Path png) throws IOException {
        List<Stats> rows = result.stats().stream().filter(s -> s.unit().equals("s")).toList();
        int height = 90 + rows.size() * ROW;
        BufferedImage image = new BufferedImage(WIDTH, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, height);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        g.drawString("Seconds to the first answer (bar: median, line: p95; " + result.runs() + " runs)", 20, 30);
        double max = rows.stream().mapToDouble(Stats::p95).max().orElse(1) * 1.1;
        int plotWidth = WIDTH - LEFT - RIGHT;
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        for (int i = 0; i < rows.size(); i++) {
            Stats s = rows.get(i);
            int y = 60 + i * ROW;
            g.setColor(Color.BLACK);
            drawWrapped(g, s.name(), 20, y + 16, LEFT - 30);
            int bar = (int) (s.median() / max * plotWidth);
            g.setColor(s.name().startsWith("raw") ? new Color(150, 150, 150) : new Color(230, 120, 30));
            g.fillRect(LEFT, y, Math.max(bar, 1), ROW - 22);
            int whisker = LEFT + (int) (s.p95() / max * plotWidth);
            g.setColor(Color.DARK_GRAY);
            g.setStroke(new BasicStroke(2));
            g.drawLine(LEFT + bar, y + (ROW - 22) / 2, whisker, y + (ROW - 22) / 2);
            g.drawLine(whisker, y + 6, whisker, y + ROW - 28);
            g.setColor(Color.BLACK);
            g.drawString(String.format(Locale.ROOT, "%.2f s", s.median()), Math.max(LEFT + bar, whisker) + 6, y + 20);
        }
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        g.drawString(result.host() + "; " + result.vms(), 20, height - 12);
        g.dispose();
        ImageIO.write(image, "png", png.toFile());
    }

    private static void drawWrapped(Graphics2D g, String text, int x, int y, int width) {
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            if (g.getFontMetrics().stringWidth(line + " " + word) > width && !line.isEmpty()) {
                g.drawString(line.toString(), x, y);
                y += 15;
                line.setLength(0);
            }
            line.append(line.isEmpty() ? "" : " ").append(word);
        }
        g.drawString(line.toString(), x, y);
    }
}
