package org.xstudy.export;

import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.xstudy.analysis.data.AnalysisService;
import org.xstudy.analysis.data.ExclusionService;
import org.xstudy.analysis.data.ResponseRepository;
import org.xstudy.common.CurrentResearcher;
import org.xstudy.common.ProblemException;
import org.xstudy.study.Study;
import org.xstudy.study.spec.StudySpec;
import org.xstudy.study.StudyService;

/** Downloads of a study's data (long CSV, wide CSV, JSON) and of the codebook, streamed as they are read. */
@Path("/api/studies/{id}")
@Tag(name = "Export")
@SecurityRequirement(name = "SecurityScheme")
public class ExportResource {

    static final String CSV = "text/csv; charset=UTF-8";
    static final String JSON = "application/json";

    @Inject
    AnalysisService analysis;

    @Inject
    ExclusionService exclusions;

    @Inject
    ResponseRepository responses;

    @Inject
    StudyService studies;

    @Inject
    CurrentResearcher researcher;

    @GET
    @Path("/export")
    @Operation(summary = "Export the answers: long-csv (one row per answer), wide-csv (one per participant), json")
    public Response export(@PathParam("id") long id, @QueryParam("format") @DefaultValue("long-csv") String format,
                           @QueryParam("includeProlificPid") @DefaultValue("false") boolean includePid) {
        Study study = analysis.owned(id, researcher.actor());
        if (!List.of("long-csv", "wide-csv", "json").contains(format)) {
            throw ProblemException.badField("/format", "One of long-csv, wide-csv, json.");
        }
        analysis.audit(researcher.actor(), "export.download", study.id,
                format + (includePid ? " with Prolific ids" : ""));
        Map<String, String> reasons = exclusions.reasons(exclusions.sync(study.id));
        List<String> scales = responses.ratingScales(study.id);
        StudySpec spec = studies.spec(study);
        Questionnaire questionnaire = Questionnaire.of(spec);
        List<Column<ExportRow>> longColumns = LongFormat.columns(spec);
        List<Column<ParticipantSummary>> wideColumns = WideFormat.columns(spec, scales, questionnaire);
        long studyId = study.id;
        StreamingOutput body = out -> {
            try (Stream<ExportRow> rows = responses.rows(studyId, includePid, reasons)) {
                switch (format) {
                    case "wide-csv" -> WideFormat.write(rows, wideColumns, out);
                    case "json" -> JsonFormat.writeRows(rows, longColumns, out);
                    default -> LongFormat.write(rows, longColumns, out);
                }
            }
        };
        String what = format.equals("json") ? "long" : format.substring(0, format.indexOf('-'));
        String ext = format.equals("json") ? "json" : "csv";
        return attachment(body, format.equals("json") ? JSON : CSV, ExportFiles.name(study.slug, what, ext,
                Instant.now()));
    }

    @GET
    @Path("/codebook")
    @Operation(summary = "The study's codebook: conditions and control, phases and steps, questions, rating "
            + "scales, and every column of the exports (format md or json)")
    public Response codebook(@PathParam("id") long id, @QueryParam("format") @DefaultValue("md") String format) {
        Study study = analysis.owned(id, researcher.actor());
        if (!List.of("md", "json").contains(format)) {
            throw ProblemException.badField("/format", "One of md, json.");
        }
        Codebook codebook = Codebook.of(study.slug, studies.spec(study), responses.ratingScales(study.id));
        boolean md = format.equals("md");
        StreamingOutput body = out -> {
            if (md) {
                CodebookMarkdown.write(codebook, out);
            } else {
                codebook.writeJson(out);
            }
        };
        return attachment(body, md ? "text/markdown; charset=UTF-8" : JSON,
                ExportFiles.name(study.slug, "codebook", format, Instant.now()));
    }

    private static Response attachment(StreamingOutput body, String type, String fileName) {
        return Response.ok(body, type).header("Content-Disposition", "attachment; filename=\"" + fileName + "\"")
                .build();
    }
}
