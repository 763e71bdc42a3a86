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
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
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
 * create anyway.
 */
@Path("/console/studies/new/wizard")
@Produces(MediaType.TEXT_HTML)
public class WizardPage {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance wizard(Shell shell, WizardForm form, List<WizardItems.Choice> datasets,
                List<WizardSpecs.Option> models, List<WizardSpecs.Option> methods, boolean llm,
                List<Problem.FieldError> specErrors, List<SpecWarning> warnings);
    }

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
        return page(f, datasets, List.of(), List.of());
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
        if ("download".equals(action)) {
            String name = f.slug.isEmpty() ? "study-spec" : f.slug;
            return Response.ok(json, MediaType.APPLICATION_JSON_TYPE.withCharset("UTF-8"))
                    .header("Content-Disposition", "attachment; filename=\"" + name + ".json\"").build();
        }
        if (!warnings.isEmpty() && !"create-anyway".equals(action)) {
            return Response.ok(page(f, items.datasets(guard.actor()), List.of(), warnings), MediaType.TEXT_HTML_TYPE
                    .withCharset("UTF-8")).build();
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
                .entity(page(f, items.datasets(guard.actor()), specErrors, List.of())).build();
    }

    private String page(WizardForm f, List<WizardItems.Choice> datasets, List<Problem.FieldError> specErrors,
            List<SpecWarning> warnings) {
        return Templates.wizard(guard.shell("new"), f, datasets, specs.models(), specs.methods(), specs.llm(),
                specErrors, warnings).render();
    }

    private static String write(ObjectNode spec) {
        try {
            return SpecParser.json().writerWithDefaultPrettyPrinter().writeValueAsString(spec);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
