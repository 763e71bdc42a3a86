package org.xstudy.console.wizard;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.jboss.resteasy.reactive.server.multipart.FormValue;
import org.jboss.resteasy.reactive.server.multipart.MultipartFormDataInput;
import org.xstudy.common.Problem;
import org.xstudy.common.ProblemException;
import org.xstudy.console.ConsoleGuard;
import org.xstudy.console.Shell;
import org.xstudy.study.Study;
import org.xstudy.study.StudyService;
import org.xstudy.study.spec.LeakCheck;
import org.xstudy.study.spec.SpecParser;
import org.xstudy.study.spec.SpecWarning;

/**
 * The study wizard: a form for the common designs that produces a study spec, to download or to create the draft
 * from at once. A field the wizard refuses is named next to the field and the form comes back as it was sent. A
 * design that shows participants the answer they are asked to predict comes back with its warnings, to change or to
 * create anyway. A design of trial sequences is summarised (trials per list and condition) on "Preview the lists"
 * and with the warnings, before anything is created.
 */
@Path("/console/studies/new/wizard")
@Produces(MediaType.TEXT_HTML)
public class WizardPage {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance wizard(Shell shell, WizardForm form, List<WizardItems.Choice> datasets,
                List<WizardSpecs.Option> models, List<WizardSpecs.Option> methods, boolean llm,
                List<Problem.FieldError> specErrors, List<SpecWarning> warnings, ListSummary lists, boolean preview);
    }

    /** The largest trial-list file read (the size every other request body is held to). */
    static final int MAX_TRIALS_FILE = 2_000_000;

    @Inject
    ConsoleGuard guard;

    @Inject
    WizardItems items;

    @Inject
    WizardSpecs specs;

    @Inject
    StudyService studies;

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        return guard.page(e);
    }

    @GET
    public String form() {
        requireCreator();
        WizardForm f = new WizardForm();
        List<WizardItems.Choice> datasets = items.datasets(guard.actor());
        if (datasets.isEmpty()) {
            f.source = "paste";
        } else {
            f.dataset = Long.toString(datasets.get(0).id());
        }
        f.model = specs.models().isEmpty() ? "" : specs.models().get(0).value();
        return page(f, datasets, List.of(), List.of(), null, false);
    }

    /** The form sent with a trial-sequence file: a chosen file replaces the pasted sequences. */
    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Response submitWithFile(MultipartFormDataInput input) throws IOException {
        MultivaluedMap<String, String> posted = new MultivaluedHashMap<>();
        String file = null;
        for (var field : input.getValues().entrySet()) {
            for (FormValue v : field.getValue()) {
                if (!v.isFileItem()) {
                    posted.add(field.getKey(), v.getValue());
                } else if (field.getKey().equals("trialsFile") && v.getFileItem().getFileSize() > 0) {
                    try (InputStream in = v.getFileItem().getInputStream()) {
                        byte[] bytes = in.readNBytes(MAX_TRIALS_FILE + 1);
                        if (bytes.length > MAX_TRIALS_FILE) {
                            throw new ProblemException(Problem.of(413, "Payload Too Large",
                                    "A trial-list file takes at most 2 MB."));
                        }
                        file = new String(bytes, StandardCharsets.UTF_8);
                    }
                }
            }
        }
        if (file != null) {
            posted.putSingle("trials", file);
        }
        return submit(posted);
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response submit(MultivaluedMap<String, String> posted) {
        guard.csrf(posted.getFirst("_csrf"));
        requireCreator();
        WizardForm f = WizardForm.of(posted);
        ObjectNode spec = specs.build(f, guard.actor());
        if (spec == null) {
            return refused(f, List.of());
        }
        List<SpecWarning> warnings;
        try {
            warnings = LeakCheck.of(SpecParser.bind(SpecParser.validated(spec.deepCopy())));
        } catch (ProblemException e) {
            return refused(f, e.problem().errors());
        }
        String json = write(spec);
        String action = posted.getFirst("action");
        ListSummary lists = ListSummary.of(spec);
        if ("download".equals(action)) {
            String name = f.slug.isEmpty() ? "study-spec" : f.slug;
            return Response.ok(json, MediaType.APPLICATION_JSON_TYPE.withCharset("UTF-8"))
                    .header("Content-Disposition", "attachment; filename=\"" + name + ".json\"").build();
        }
        boolean preview = "preview".equals(action);
        if (preview || !warnings.isEmpty() && !"create-anyway".equals(action)) {
            return Response.ok(page(f, items.datasets(guard.actor()), List.of(), warnings, lists, preview),
                    MediaType.TEXT_HTML_TYPE.withCharset("UTF-8")).build();
        }
        try {
            Study s = studies.create(json, false, guard.actor());
            return Response.seeOther(URI.create("/console/studies/" + s.id)).build();
        } catch (ProblemException e) {
            if (e.problem().status() != 409) {
                throw e;
            }
            e.problem().errors().forEach(x -> f.error(x.pointer().substring(1), x.message()));
            return refused(f, List.of());
        }
    }

    private void requireCreator() {
        if (guard.actor().readOnly()) {
            throw new ProblemException(Problem.of(403, "Forbidden", "A viewer account cannot create studies."));
        }
    }

    private Response refused(WizardForm f, List<Problem.FieldError> specErrors) {
        return Response.status(400).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .entity(page(f, items.datasets(guard.actor()), specErrors, List.of(), null, false)).build();
    }

    private String page(WizardForm f, List<WizardItems.Choice> datasets, List<Problem.FieldError> specErrors,
            List<SpecWarning> warnings, ListSummary lists, boolean preview) {
        return Templates.wizard(guard.shell("new"), f, datasets, specs.models(), specs.methods(), specs.llm(),
                specErrors, warnings, lists, preview).render();
    }

    private static String write(ObjectNode spec) {
        try {
            return SpecParser.json().writerWithDefaultPrettyPrinter().writeValueAsString(spec);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
