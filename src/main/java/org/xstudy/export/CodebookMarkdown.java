package org.xstudy.export;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** A study's codebook as Markdown tables; every text from the study is escaped for a table cell. */
public final class CodebookMarkdown {

    private CodebookMarkdown() {
    }

    public static String render(Codebook cb) {
        StringBuilder md = new StringBuilder("# Codebook: ").append(cell(cb.title())).append(" (`")
                .append(cb.study()).append("`)\n\n").append(cb.missing()).append("\n\nDesign: ").append(cb.design())
                .append(". ").append(cb.control() == null ? "No condition is flagged \"control\": true, so the "
                        + "analysis compares no condition with a control." : "The control (the baseline of the "
                        + "analysis's comparisons) is condition `" + cb.control() + "`.").append('\n');
        table(md, "Conditions", List.of("id", "explanation", "control"), cb.conditions().stream()
                .map(c -> List.of("`" + c.id() + "`", c.explanation(), c.control() ? "TRUE" : "FALSE")).toList());
        table(md, "Phases", List.of("name", "type", "title", "steps"), cb.phases().stream()
                .map(p -> List.of("`" + p.name() + "`", p.type(), text(p.title()), p.steps())).toList());
        table(md, "Questions outside the trials", List.of("phase", "id", "kind", "type", "text", "options",
                "answer", "wide column"), cb.questions().stream().map(q -> List.of(q.phase(), "`" + q.id() + "`",
                q.kind(), q.type(), q.text(), q.options() == null ? "" : String.join("; ", q.options()),
                text(q.answer()), q.wideColumn() == null ? "" : "`" + q.wideColumn() + "`")).toList());
        table(md, "Rating scales in the data", List.of("id", "question", "points", "anchors", "phases"),
                cb.ratingScales().stream().map(s -> List.of("`" + s.id() + "`", text(s.question()),
                        s.points() == null ? "" : s.points().toString(),
                        s.anchors() == null ? "" : String.join(" … ", s.anchors()), String.join(", ", s.phases())))
                        .toList());
        table(md, "Item covariates", List.of("name", "type", "items", "values", "long column", "wide column"),
                cb.covariates().stream().map(c -> List.of("`" + c.name() + "`", c.type(),
                        c.items() + " of " + c.ofItems(), c.values(), "`" + c.longColumn() + "`",
                        c.wideColumn() == null ? "" : "`" + c.wideColumn() + "`")).toList());
        for (Codebook.File f : cb.files()) {
            table(md, f.file(), List.of("column", "type", "meaning", "allowed values"), f.columns().stream()
                    .map(e -> List.of("`" + e.name() + "`", e.type(), e.meaning(), e.allowed())).toList());
        }
        return md.toString();
    }

    public static void write(Codebook cb, OutputStream out) {
        try {
            out.write(render(cb).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void table(StringBuilder md, String title, List<String> head, List<List<String>> rows) {
        md.append("\n## ").append(title).append("\n\n");
        if (rows.isEmpty()) {
            md.append("None.\n");
            return;
        }
        md.append("| ").append(String.join(" | ", head)).append(" |\n|")
                .append(" --- |".repeat(head.size())).append('\n');
        for (List<String> row : rows) {
            md.append("| ").append(String.join(" | ", row.stream().map(CodebookMarkdown::cell).toList()))
                    .append(" |\n");
        }
    }

    private static String text(String s) {
        return s == null ? "" : s;
    }

    /** A table cell: no line breaks, pipes escaped, and no HTML a Markdown viewer would run. */
    static String cell(String s) {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                .replace("|", "\\|").replaceAll("[\\r\\n]+", " ");
    }
}
