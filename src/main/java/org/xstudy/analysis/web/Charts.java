package org.xstudy.analysis.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.xstudy.analysis.AnalysisResult;
import org.xstudy.analysis.stats.Interval;

/**
 * Server-side SVG charts of an analysis: accuracy per condition with interval error bars, pre/post change, rating
 * distributions and the human-vs-automatic scatter. Every text is XML-escaped; colours are from the Okabe-Ito
 * colour-blind-safe palette.
 */
public final class Charts {

    private static final String[] PALETTE = {"#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00",
        "#F0E442", "#000000"};
    private static final int W = 640;
    private static final int H = 320;
    private static final int LEFT = 60;
    private static final int BOTTOM = 60;
    private static final int TOP = 30;

    private Charts() {
    }

    /** One bar: a label, a value in [lo, hi] of the axis and an optional interval. */
    record Bar(String group, String label, double value, Interval ci) {
    }

    /** Macro forward accuracy per phase and condition, with bootstrap interval error bars. */
    public static String accuracy(List<AnalysisResult.AccuracyCell> cells) {
        List<Bar> bars = new ArrayList<>();
        for (AnalysisResult.AccuracyCell c : cells) {
            if (c.kind().equals("forward") && c.subset().equals(AnalysisResult.ALL)) {
                bars.add(new Bar(c.phase(), c.condition(), c.macro(), c.macroCi()));
            }
        }
        return bars("Forward simulation accuracy (mean of participants' means, with bootstrap interval)", "accuracy", bars, 0, 1);
    }

    /** Post − pre accuracy per condition. */
    public static String prePost(List<AnalysisResult.Effect> effects) {
        List<Bar> bars = new ArrayList<>();
        for (AnalysisResult.Effect e : effects) {
            if (e.kind().equals("forward") && e.subset().equals(AnalysisResult.ALL)) {
                bars.add(new Bar("post − pre", e.condition(), e.effect(), e.ci()));
            }
        }
        return bars("Pre/post change in accuracy", "post − pre", bars, -1, 1);
    }

    /** Stacked distribution of one rating scale per condition. */
    public static String ratings(String scale, List<AnalysisResult.RatingSummary> summaries) {
        List<AnalysisResult.RatingSummary> rows = summaries.stream()
                .filter(s -> s.scale().equals(scale) && s.subset().equals(AnalysisResult.ALL)).toList();
        TreeSet<Integer> values = new TreeSet<>();
        rows.forEach(r -> values.addAll(r.distribution().keySet()));
        StringBuilder svg = open("Ratings: " + scale + " (share of ratings per value)");
        double rowH = Math.min(40, (H - TOP - BOTTOM) / Math.max(1.0, rows.size()));
        int plotW = W - LEFT - 120;
        for (int i = 0; i < rows.size(); i++) {
            AnalysisResult.RatingSummary r = rows.get(i);
            double y = TOP + i * rowH;
            double x = LEFT + 60;
            text(svg, LEFT + 55, y + rowH / 2 + 4, "end", r.condition());
            int k = 0;
            for (int v : values) {
                double share = r.distribution().getOrDefault(v, 0L) / (double) r.n();
                double w = share * plotW;
                svg.append(String.format(Locale.ROOT,
                        "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"><title>%s</title></rect>",
                        x, y + 2, w, rowH - 4, PALETTE[k % PALETTE.length],
                        esc(r.condition() + ": " + v + " = " + pct(share))));
                x += w;
                k++;
            }
        }
        int k = 0;
        for (int v : values) {
            double lx = LEFT + 60 + k * 50.0;
            svg.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/>",
                    lx, H - 30, PALETTE[k % PALETTE.length]));
            text(svg, lx + 16, H - 20, "start", String.valueOf(v));
            k++;
        }
        return svg.append("</svg>").toString();
    }

    /** Human simulation accuracy per item against an automatic faithfulness score. */
    public static String scatter(AnalysisResult.HumanVsAutomatic h) {
        StringBuilder svg = open("Human accuracy vs " + h.metric() + " (" + h.method() + ", Pearson r = "
                + num(h.pearson().r()) + ")");
        double minX = h.points().stream().mapToDouble(AnalysisResult.Point::automatic).min().orElse(0);
        double maxX = h.points().stream().mapToDouble(AnalysisResult.Point::automatic).max().orElse(1);
        if (maxX == minX) {
            maxX = minX + 1;
        }
        axes(svg, 0, 1, h.metric(), "human accuracy");
        int plotW = W - LEFT - 20;
        for (AnalysisResult.Point p : h.points()) {
            double x = LEFT + (p.automatic() - minX) / (maxX - minX) * plotW;
            svg.append(String.format(Locale.ROOT,
                    "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"%s\" fill-opacity=\"0.8\"><title>%s</title></circle>",
                    x, y(p.human(), 0, 1), PALETTE[0], esc(p.item() + ": " + num(p.automatic()) + ", "
                            + pct(p.human()))));
        }
        text(svg, LEFT, H - 8, "start", num(minX));
        text(svg, W - 20, H - 8, "end", num(maxX));
        return svg.append("</svg>").toString();
    }

    private static String bars(String title, String yLabel, List<Bar> bars, double lo, double hi) {
        StringBuilder svg = open(title);
        axes(svg, lo, hi, "", yLabel);
        Map<String, List<Bar>> groups = new LinkedHashMap<>();
        bars.forEach(b -> groups.computeIfAbsent(b.group(), k -> new ArrayList<>()).add(b));
        Map<String, String> colours = new LinkedHashMap<>();
        bars.forEach(b -> colours.putIfAbsent(b.label(), PALETTE[colours.size() % PALETTE.length]));
        int plotW = W - LEFT - 20;
        double groupW = plotW / Math.max(1.0, groups.size());
        int g = 0;
        for (var e : groups.entrySet()) {
            double barW = (groupW - 20) / Math.max(1, e.getValue().size());
            for (int i = 0; i < e.getValue().size(); i++) {
                Bar b = e.getValue().get(i);
                if (!Double.isFinite(b.value())) {
                    continue;
                }
                double x = LEFT + g * groupW + 10 + i * barW;
                double y0 = y(Math.max(lo, Math.min(0, hi)), lo, hi);
                double y1 = y(b.value(), lo, hi);
                svg.append(String.format(Locale.ROOT,
                        "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"><title>%s</title></rect>",
                        x + 2, Math.min(y0, y1), barW - 4, Math.abs(y1 - y0), colours.get(b.label()),
                        esc(b.group() + ", " + b.label() + ": " + num(b.value()) + interval(b.ci()))));
                if (b.ci() != null && Double.isFinite(b.ci().low()) && Double.isFinite(b.ci().high())) {
                    double cx = x + barW / 2;
                    svg.append(String.format(Locale.ROOT, "<path d=\"M%.1f %.1fV%.1fM%.1f %.1fH%.1fM%.1f %.1fH%.1f\" "
                            + "stroke=\"#222\" stroke-width=\"1.5\" fill=\"none\"/>", cx, y(b.ci().low(), lo, hi),
                            y(b.ci().high(), lo, hi), cx - 6, y(b.ci().low(), lo, hi), cx + 6, cx - 6,
                            y(b.ci().high(), lo, hi), cx + 6));
                }
            }
            text(svg, LEFT + g * groupW + groupW / 2, H - BOTTOM + 18, "middle", e.getKey());
            g++;
        }
        int k = 0;
        for (var c : colours.entrySet()) {
            double lx = LEFT + k * 110.0;
            svg.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/>",
                    lx, H - 30, c.getValue()));
            text(svg, lx + 16, H - 20, "start", c.getKey());
            k++;
        }
        return svg.append("</svg>").toString();
    }

    private static StringBuilder open(String title) {
        StringBuilder svg = new StringBuilder(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" "
                + "viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"12\" "
                + "role=\"img\"><title>%s</title><rect width=\"100%%\" height=\"100%%\" fill=\"#fff\"/>", W, H, W, H,
                esc(title)));
        text(svg, W / 2.0, 18, "middle", title);
        return svg;
    }

    private static void axes(StringBuilder svg, double lo, double hi, String xLabel, String yLabel) {
        for (int i = 0; i <= 4; i++) {
            double v = lo + (hi - lo) * i / 4;
            double y = y(v, lo, hi);
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>",
                    LEFT, W - 20, y, y));
            text(svg, LEFT - 6, y + 4, "end", num(v));
        }
        svg.append(String.format(Locale.ROOT, "<text transform=\"translate(14 %d) rotate(-90)\" text-anchor=\"middle\">"
                + "%s</text>", (TOP + H - BOTTOM) / 2, esc(yLabel)));
        if (!xLabel.isEmpty()) {
            text(svg, W / 2.0, H - 24, "middle", xLabel);
        }
    }

    private static double y(double v, double lo, double hi) {
        return TOP + (hi - v) / (hi - lo) * (H - TOP - BOTTOM);
    }

    private static void text(StringBuilder svg, double x, double y, String anchor, String s) {
        svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\">%s</text>", x, y,
                anchor, esc(s)));
    }

    private static String interval(Interval ci) {
        return ci == null ? "" : " [" + num(ci.low()) + ", " + num(ci.high()) + "]";
    }

    static String num(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.3f", v) : "–";
    }

    static String pct(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.1f%%", 100 * v) : "–";
    }

    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
