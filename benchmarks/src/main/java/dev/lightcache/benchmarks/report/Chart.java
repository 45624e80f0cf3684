package dev.lightcache.benchmarks.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * Draws the hit and miss results as horizontal bars on one logarithmic nanosecond axis, one panel
 * per benchmark, one colour per contender, each bar labelled with its time and bytes per call, and a
 * last panel with the cost of reading the clock. Pure {@code java.awt} + {@code ImageIO}, headless.
 */
final class Chart {

  private static final Map<String, String> PANELS = new LinkedHashMap<>();

  static {
    PANELS.put("HitBench.hit0", "hit, no arguments");
    PANELS.put("HitBench.hit1", "hit, 1 long argument");
    PANELS.put("HitBench.hit3", "hit, 3 arguments (long, String, int)");
    PANELS.put("HitBench.hit0Threads2", "hit, no arguments, 2 threads (time per call per thread)");
    PANELS.put("HitBench.hit1Threads2", "hit, 1 long argument, 2 threads (time per call per thread)");
    PANELS.put("MissBench.miss1", "miss (1,000-entry cache, ids from 64 M)");
  }

  /** One hue per kind of contender; the variant without expiration is the darker shade. */
  private static final Map<String, Color> COLORS = Map.ofEntries(
      Map.entry("GENERATED", new Color(0xD9, 0x48, 0x1C)),
      Map.entry("GENERATED_TEXT_KEYS", new Color(0xB5, 0x7A, 0x63)),
      Map.entry("PROTOTYPE", new Color(0xF2, 0x9E, 0x4C)),
      Map.entry("CAFFEINE_RAW_NO_EXPIRY", new Color(0x22, 0x22, 0x22)),
      Map.entry("CAFFEINE_RAW", new Color(0x88, 0x88, 0x88)),
      Map.entry("CAFFEINE_NATURAL_NO_EXPIRY", new Color(0x1A, 0x3F, 0x6E)),
      Map.entry("CAFFEINE_NATURAL", new Color(0x2B, 0x6C, 0xB0)),
      Map.entry("CAFFEINE_STRING", new Color(0x6B, 0xA3, 0xD6)),
      Map.entry("JDK_PROXY_NO_EXPIRY", new Color(0x2A, 0x5E, 0x34)),
      Map.entry("JDK_PROXY", new Color(0x4C, 0x9A, 0x5B)),
      Map.entry("SPRING", new Color(0x8E, 0x5E, 0xA8)));

  private static final int WIDTH = 1200;
  private static final int LEFT = 390;
  private static final int RIGHT = 30;
  private static final int BAR = 18;
  private static final int GAP = 5;
  private static final int PANEL_HEADER = 30;
  private static final int PANEL_GAP = 14;
  private static final int TOP = 64;
  private static final int BOTTOM = 70;

  private Chart() {}

  private record Bar(String name, Color color, Result result) {}

  /** The clock reads of {@code ClockBench}, drawn as a last panel, with their bar labels. */
  private static final Map<String, String> CLOCKS = new LinkedHashMap<>();

  static {
    CLOCKS.put("ClockBench.nanoTime", "System.nanoTime()");
    CLOCKS.put("ClockBench.currentTimeMillis", "System.currentTimeMillis()");
    CLOCKS.put("ClockBench.expiryClockNow", "ExpiryClock.system().now()");
    CLOCKS.put("ClockBench.volatileRead", "volatile long read (baseline)");
  }

  private static final String CLOCK_PANEL = "reading the clock (ClockBench)";

  static void draw(List<Result> results, String title, Path png) throws IOException {
    Map<String, List<Bar>> panels = new LinkedHashMap<>();
    for (Map.Entry<String, String> panel : PANELS.entrySet()) {
      List<Bar> bars = new ArrayList<>();
      for (Map.Entry<String, String> contender : Report.CONTENDERS.entrySet()) {
        Result.where(results, panel.getKey(), "contender", contender.getKey()).stream().findFirst()
            .ifPresent(r -> bars.add(new Bar(contender.getValue(),
                COLORS.getOrDefault(contender.getKey(), Color.GRAY), r)));
      }
      panels.put(panel.getValue(), bars);
    }
    List<Bar> clocks = new ArrayList<>();
    for (Map.Entry<String, String> clock : CLOCKS.entrySet()) {
      Result.where(results, clock.getKey(), null, null).stream().findFirst()
          .ifPresent(r -> clocks.add(new Bar(clock.getValue(), new Color(0x99, 0x99, 0x66), r)));
    }
    panels.put(CLOCK_PANEL, clocks);
    panels.values().forEach(bars -> bars.removeIf(bar -> !(bar.result().nanos() > 0)));
    panels.values().removeIf(List::isEmpty);
    if (panels.isEmpty()) {
      return;
    }
    double min = Double.MAX_VALUE;
    double max = 0;
    for (List<Bar> bars : panels.values()) {
      for (Bar bar : bars) {
        min = Math.min(min, bar.result().nanos());
        max = Math.max(max, bar.result().nanos());
      }
    }
    double lo = Math.pow(10, Math.floor(Math.log10(min)));
    double hi = max * 5; // room for the labels

    int height = TOP + BOTTOM;
    for (List<Bar> bars : panels.values()) {
      height += PANEL_HEADER + bars.size() * (BAR + GAP) + PANEL_GAP;
    }
    BufferedImage image = new BufferedImage(WIDTH, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, WIDTH, height);

      Font titleFont = new Font(Font.SANS_SERIF, Font.BOLD, 18);
      Font panelFont = new Font(Font.SANS_SERIF, Font.BOLD, 13);
      Font font = new Font(Font.SANS_SERIF, Font.PLAIN, 12);

      g.setColor(Color.BLACK);
      g.setFont(titleFont);
      g.drawString(title, 16, 28);
      g.setFont(font);
      g.setColor(Color.DARK_GRAY);
      g.drawString("ns per call, logarithmic scale; shorter is better. Labels: time · bytes allocated per call (-prof gc).",
          16, 48);

      int plotLeft = LEFT;
      int plotRight = WIDTH - RIGHT;
      int plotTop = TOP;
      int plotBottom = height - BOTTOM;
      // Axis: gridlines at 1, 2, 5 × 10^k.
      g.setStroke(new BasicStroke(1f));
      for (double decade = lo; decade <= hi; decade *= 10) {
        for (int m : new int[] {1, 2, 5}) {
          double v = decade * m;
          if (v > hi) {
            break;
          }
          int x = x(v, lo, hi, plotLeft, plotRight);
          g.setColor(m == 1 ? new Color(0xBB, 0xBB, 0xBB) : new Color(0xE4, 0xE4, 0xE4));
          g.drawLine(x, plotTop, x, plotBottom);
          g.setColor(Color.DARK_GRAY);
          String tick = v >= 1000 ? Report.fixed(v / 1000, 0) + " µs" : Report.fixed(v, v < 1 ? 1 : 0);
          if (m != 5 || hi / lo <= 1e4) {
            g.drawString(tick, x - g.getFontMetrics().stringWidth(tick) / 2, plotBottom + 16);
          }
        }
      }
      g.setColor(Color.BLACK);
      g.drawLine(plotLeft, plotTop, plotLeft, plotBottom);
      g.drawLine(plotLeft, plotBottom, plotRight, plotBottom);
      g.drawString("ns per call", (plotLeft + plotRight) / 2 - 30, plotBottom + 36);
      int y = TOP;
      for (Map.Entry<String, List<Bar>> panel : panels.entrySet()) {
        g.setFont(panelFont);
        g.setColor(Color.BLACK);
        g.drawString(panel.getKey(), 16, y + 20);
        y += PANEL_HEADER;
        g.setFont(font);
        for (Bar bar : panel.getValue()) {
          double v = bar.result().nanos();
          int x1 = x(v, lo, hi, plotLeft, plotRight);
          g.setColor(bar.color());
          g.fillRect(plotLeft, y, Math.max(1, x1 - plotLeft), BAR);
          g.setColor(Color.BLACK);
          String name = bar.name();
          FontMetrics fm = g.getFontMetrics();
          g.drawString(name, plotLeft - 8 - fm.stringWidth(name), y + BAR - 5);
          String label = Report.significant(v) + " ns"
              + (Double.isNaN(bar.result().allocNorm()) ? "" : " · " + Report.bytes(bar.result().allocNorm()));
          g.drawString(label, x1 + 6, y + BAR - 5);
          y += BAR + GAP;
        }
        y += PANEL_GAP;
      }

    } finally {
      g.dispose();
    }
    Files.createDirectories(png.toAbsolutePath().getParent());
    ImageIO.write(image, "png", png.toFile());
  }

  private static int x(double v, double lo, double hi, int left, int right) {
    double t = (Math.log10(v) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo));
    return left + (int) Math.round(t * (right - left));
  }
}
