package org.xstudy.analysis.web;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.RawString;
import io.quarkus.qute.TemplateInstance;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.xstudy.analysis.AnalysisParams;
import org.xstudy.analysis.AnalysisReport;
import org.xstudy.analysis.AnalysisResult;
import org.xstudy.analysis.SubsetParser;
import org.xstudy.analysis.data.AnalysisService;
import org.xstudy.common.CurrentResearcher;
import org.xstudy.common.ProblemException;

/**
 * The researcher's results page: the analysis as tables and inline SVG charts, each downloadable as SVG (a link,
 * no JavaScript needed) or PNG (drawn by a small script). The same numbers come from {@code /analysis} as JSON.
 */
@Path("/api/studies/{id}/results")
@Tag(name = "Analysis")
@SecurityRequirement(name = "SecurityScheme")
public class ResultsPage {

    @Inject
    AnalysisService analysis;

    @Inject
    CurrentResearcher researcher;

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance results(View view);
    }

    /** What the page shows. */
    public record View(String study, String generatedAt, AnalysisParams params, String control, String baseline,
                       int participants,
                       int kept, int excluded, List<Chart> charts, List<Row> accuracy, List<Row> accuracyAll,
                       List<Row> comparisons, List<Row> ratings, List<Row> agreement, List<SubsetTables> subsets,
                       List<String> subsetFields) {
    }

    /** Accuracy and rating rows of one requested subset (with exclusions). */
    public record SubsetTables(String label, List<Row> accuracy, List<Row> ratings) {
    }

    /** Empty subset fields offered by the form besides the requested ones. */
    private static final int FREE_FIELDS = 2;

    /** One chart: its SVG inline and as a download link. */
    public record Chart(String id, String title, RawString svg, String svgHref, String fileName) {
    }

    /** One table row of formatted cells. */
    public record Row(List<String> cells) {
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "Results page (HTML with inline SVG charts)")
    public String page(@PathParam("id") long id,
                                 @QueryParam("resamples") @DefaultValue("2000") int resamples,
                                 @QueryParam("seed") Long seed,
                                 @QueryParam("subset") List<String> subset) {
        if (resamples < 0 || resamples > AnalysisParams.MAX_RESAMPLES) {
            throw ProblemException.badField("/resamples", "Between 0 and " + AnalysisParams.MAX_RESAMPLES + ".");
        }
        List<String> subsets = SubsetParser.requested(subset);
        AnalysisParams d = AnalysisParams.defaults();
        AnalysisParams params = new AnalysisParams(resamples, d.permutations(), seed != null ? seed : d.seed(),
                d.confidence(), null, subsets);
        AnalysisReport report = analysis.analyze(id, researcher.actor(), params);
        AnalysisResult r = report.withExclusions();
        List<Chart> charts = new ArrayList<>();
        charts.add(chart(report.study(), "accuracy", "Accuracy per condition", Charts.accuracy(r.simulation())));
        if (!r.prePost().isEmpty()) {
            charts.add(chart(report.study(), "pre-post", "Pre/post change", Charts.prePost(r.prePost())));
        }
        r.ratings().stream().map(AnalysisResult.RatingSummary::scale).distinct().forEach(scale ->
                charts.add(chart(report.study(), "ratings-" + scale, "Ratings: " + scale,
                        Charts.ratings(scale, r.ratings()))));
        for (AnalysisResult.HumanVsAutomatic h : r.humanVsAutomatic()) {
            charts.add(chart(report.study(), "faithfulness-" + h.method() + "-" + h.metric(),
                    "Human vs " + h.metric() + " (" + h.method() + ")", Charts.scatter(h)));
        }
        return Templates.results(new View(report.study(), report.generatedAt(), params, report.control(),
                report.baseline(), report.withoutExclusions().participants(), r.participants(),
                report.withoutExclusions().participants() - r.participants(), charts, accuracy(r),
                accuracy(report.withoutExclusions()), comparisons(r), ratings(r, AnalysisResult.ALL), agreement(r),
                params.subsets().stream().map(label -> new SubsetTables(label, accuracy(r, label), ratings(r, label)))
                        .toList(), subsetFields(params.subsets()))).render();
    }

    /** The values of the form's subset fields: the requested ones, then empty ones to add more. */
    private static List<String> subsetFields(List<String> requested) {
        List<String> fields = new ArrayList<>(requested);
        for (int i = 0; i < FREE_FIELDS && fields.size() < SubsetParser.MAX_SUBSETS; i++) {
            fields.add("");
        }
        return fields;
    }

    private static Chart chart(String study, String id, String title, String svg) {
        String href = "data:image/svg+xml;base64," + Base64.getEncoder()
                .encodeToString(svg.getBytes(StandardCharsets.UTF_8));
        String safe = id.replaceAll("[^A-Za-z0-9_-]", "-");
        return new Chart(safe, title, new RawString(svg), href, study + "_" + safe);
    }

    private static List<Row> accuracy(AnalysisResult r) {
        return accuracy(r, AnalysisResult.ALL);
    }

    private static List<Row> accuracy(AnalysisResult r, String subset) {
        return r.simulation().stream().filter(c -> c.subset().equals(subset))
                .map(c -> new Row(List.of(c.kind(), c.condition(), c.phase(), String.valueOf(c.participants()),
                        String.valueOf(c.answers()), Charts.num(c.participantMean()) + " " + ci(
                                c.participantMeanCi().low(), c.participantMeanCi().high()),
                        Charts.num(c.pooled()) + " " + ci(c.pooledCi().low(), c.pooledCi().high())))).toList();
    }

    private static List<Row> comparisons(AnalysisResult r) {
        return r.versusControl().stream().map(c -> new Row(List.of(c.kind(), c.phase(), c.condition() + " − "
                + c.control(), Charts.num(c.difference()) + " " + ci(c.ci().low(), c.ci().high()),
                Charts.num(c.permutationP()), c.test()))).toList();
    }

    private static List<Row> ratings(AnalysisResult r, String subset) {
        return r.ratings().stream().filter(s -> s.subset().equals(subset) && s.item() == null)
                .map(s -> new Row(List.of(s.scale(), s.condition(), String.valueOf(s.participants()),
                        String.valueOf(s.n()), Charts.num(s.participantMean())
                                + (s.participantMeanCi() == null ? "" : " " + ci(s.participantMeanCi().low(),
                                        s.participantMeanCi().high())),
                        Charts.num(s.pooledMean()), Charts.num(s.median()), s.distribution().toString())))
                .toList();
    }

    private static List<Row> agreement(AnalysisResult r) {
        return r.agreement().stream().map(a -> new Row(List.of(a.measure(), a.condition(), a.phase(),
                String.valueOf(a.pairableItems()), Charts.num(a.fleissKappa()),
                Charts.num(a.krippendorffAlpha()) + " (" + a.alphaLevel() + ")"))).toList();
    }

    private static String ci(double low, double high) {
        return "[" + Charts.num(low) + ", " + Charts.num(high) + "]";
    }
}
