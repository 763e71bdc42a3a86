package org.xstudy.console;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.xstudy.account.AuditEntry;
import org.xstudy.account.AuditLog;
import org.xstudy.account.Collaborators;
import org.xstudy.analysis.web.AnalysisResource;
import org.xstudy.analysis.web.ResultsPage;
import org.xstudy.common.Problem;
import org.xstudy.common.ProblemException;
import org.xstudy.export.ExportResource;
import org.xstudy.study.Study;
import org.xstudy.study.StudyLinks;
import org.xstudy.study.StudyService;
import org.xstudy.study.spec.SpecWarning;

/**
 * The researcher's study pages: the list, a new study from an uploaded spec, a study's page with its lifecycle
 * actions, links and collaborators, and the live monitor. Someone else's study is not found.
 */
@Path("/console")
@Produces(MediaType.TEXT_HTML)
public class StudyPages {

    static final List<String> STATUSES = List.of(Study.DRAFT, Study.OPEN, Study.PAUSED, Study.CLOSED);

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance list(Shell shell, List<StudyRow> rows, String status, List<String> statuses);

        static native TemplateInstance create(Shell shell, String text, List<Problem.FieldError> errors,
                String summary);

        static native TemplateInstance study(Shell shell, StudyRow study, String access, StudyLinks links,
                List<Collaborators.Member> members, List<AuditEntry> audit, Problem.FieldError shareError,
                List<SpecWarning> warnings);

        static native TemplateInstance confirm(Shell shell, StudyRow study, String action);

        static native TemplateInstance monitor(Shell shell, StudyRow study, Monitor.View view);
    }

    @Inject
    StudyService studies;

    @Inject
    ConsoleGuard guard;

    @Inject
    Collaborators collaborators;

    @Inject
    AuditLog auditLog;

    @Inject
    Monitor monitor;

    @Inject
    ExportResource export;

    @Inject
    AnalysisResource analysis;

    @Inject
    ResultsPage resultsPage;

    @Inject
    org.xstudy.common.PublicUrl publicUrl;

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        return guard.page(e);
    }

    @GET
    public Response home() {
        return Response.seeOther(URI.create("/console/studies")).build();
    }

    @GET
    @Path("studies")
    public String list(@QueryParam("status") String status) {
        String filter = status != null && STATUSES.contains(status) ? status : null;
        List<StudyRow> rows = studies.list(guard.actor(), filter).stream().map(this::row).toList();
        return Templates.list(guard.shell("studies"), rows, filter, STATUSES).render();
    }

    @GET
    @Path("studies/new")
    public String createForm() {
        return Templates.create(guard.shell("new"), "", List.of(), null).render();
    }

    @POST
    @Path("studies/new")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Response create(@RestForm("_csrf") String csrf, @RestForm("file") FileUpload file,
            @RestForm("text") String text) throws IOException {
        guard.csrf(csrf);
        String body = text == null ? "" : text;
        boolean yaml = false;
        if (file != null && file.size() > 0) {
            body = Files.readString(file.uploadedFile(), StandardCharsets.UTF_8);
            String name = file.fileName() == null ? "" : file.fileName().toLowerCase(java.util.Locale.ROOT);
            yaml = name.endsWith(".yaml") || name.endsWith(".yml");
        } else if (!body.isBlank()) {
            yaml = !body.stripLeading().startsWith("{");
        }
        if (body.isBlank()) {
            return invalid(text, List.of(new Problem.FieldError("/", "Choose a spec file or paste a spec.")),
                    "No spec was given.");
        }
        try {
            Study s = studies.create(body, yaml, guard.actor());
            return Response.seeOther(URI.create("/console/studies/" + s.id)).build();
        } catch (ProblemException e) {
            if (e.problem().status() != 400 && e.problem().status() != 409 && e.problem().status() != 422) {
                throw e;
            }
            return invalid(text, e.problem().errors(), e.problem().detail());
        }
    }

    @GET
    @Path("studies/{id}")
    public String study(@PathParam("id") long id) {
        return studyPage(visible(id), null);
    }

    @GET
    @Path("studies/{id}/confirm/{action: open|close}")
    public String confirm(@PathParam("id") long id, @PathParam("action") String action) {
        Study s = studies.writable(id, guard.actor());
        return Templates.confirm(guard.shell("studies"), row(s), action).render();
    }

    @POST
    @Path("studies/{id}/{action: open|pause|close}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response transition(@PathParam("id") long id, @PathParam("action") String action,
            @RestForm("_csrf") String csrf) {
        guard.csrf(csrf);
        studies.transition(id, guard.actor(), action);
        return Response.seeOther(URI.create("/console/studies/" + id)).build();
    }

    @POST
    @Path("studies/{id}/collaborators")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response share(@PathParam("id") long id, @RestForm("_csrf") String csrf, @RestForm String email,
            @RestForm String access) {
        guard.csrf(csrf);
        Study s = owned(id);
        try {
            collaborators.add(s.id, s.owner, email, access, guard.actor());
        } catch (ProblemException e) {
            if (e.problem().errors().isEmpty()) {
                throw e;
            }
            return Response.status(400).entity(studyPage(s, e.problem().errors().get(0))).build();
        }
        return Response.seeOther(URI.create("/console/studies/" + id + "#collaborators")).build();
    }

    @POST
    @Path("studies/{id}/collaborators/{user}/remove")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response unshare(@PathParam("id") long id, @PathParam("user") long user, @RestForm("_csrf") String csrf) {
        guard.csrf(csrf);
        collaborators.remove(owned(id).id, user, guard.actor());
        return Response.seeOther(URI.create("/console/studies/" + id + "#collaborators")).build();
    }

    @GET
    @Path("studies/{id}/spec")
    @Produces(MediaType.APPLICATION_JSON)
    public Response spec(@PathParam("id") long id) {
        Study s = visible(id);
        return Response.ok(s.spec, MediaType.APPLICATION_JSON)
                .header("Content-Disposition", "attachment; filename=\"" + s.slug + ".json\"").build();
    }

    @GET
    @Path("studies/{id}/export")
    @Produces({"text/csv", MediaType.APPLICATION_JSON})
    public Response download(@PathParam("id") long id, @QueryParam("format") String format) {
        return export.export(id, format == null ? "long-csv" : format, false);
    }

    @GET
    @Path("studies/{id}/analysis.json")
    @Produces(MediaType.APPLICATION_JSON)
    public Response results(@PathParam("id") long id) {
        return analysis.analysis(id, 2000, 10000, null, 0.95, null, List.of());
    }

    @GET
    @Path("studies/{id}/results")
    public String resultsPage(@PathParam("id") long id, @QueryParam("subset") List<String> subsets) {
        return resultsPage.page(id, 2000, null, subsets);
    }

    @GET
    @Path("studies/{id}/exclusions.json")
    @Produces(MediaType.APPLICATION_JSON)
    public AnalysisResource.ExclusionsView exclusions(@PathParam("id") long id) {
        return analysis.exclusions(id);
    }

    @GET
    @Path("studies/{id}/monitor")
    public String monitorPage(@PathParam("id") long id) {
        Study s = visible(id);
        return Templates.monitor(guard.shell("studies"), row(s), monitor.of(s.id)).render();
    }

    @GET
    @Path("studies/{id}/monitor.json")
    @Produces(MediaType.APPLICATION_JSON)
    public Monitor.View monitorData(@PathParam("id") long id) {
        return monitor.of(visible(id).id);
    }

    private String studyPage(Study s, Problem.FieldError shareError) {
        String access = studies.access(s, guard.actor());
        String base = publicUrl.base();
        var p = studies.spec(s).participants();
        StudyLinks links = StudyLinks.of(base, s, p == null ? null : p.completionCode());
        return Templates.study(guard.shell("studies"), row(s), access, links, collaborators.of(s.id),
                auditLog.forStudy(s.id), shareError, studies.warnings(s)).render();
    }

    private Response invalid(String text, List<Problem.FieldError> errors, String summary) {
        return Response.status(400).entity(Templates.create(guard.shell("new"), text == null ? "" : text,
                errors == null ? List.of() : errors, summary).render()).build();
    }

    private Study visible(long id) {
        return studies.visible(id, guard.actor()).orElseThrow(() -> ProblemException.notFound("Study " + id));
    }

    private Study owned(long id) {
        Study s = visible(id);
        if (!"owner".equals(studies.access(s, guard.actor()))) {
            throw new ProblemException(Problem.of(403, "Forbidden", "Only the owner shares a study."));
        }
        return s;
    }

    private StudyRow row(Study s) {
        return StudyRow.of(s, studies.counts(s.id));
    }
}
