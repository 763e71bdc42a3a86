package org.xstudy.console;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.xstudy.common.ProblemException;
import org.xstudy.study.Study;
import org.xstudy.study.StudyService;

/**
 * The explanation browser of a study: every item with each explanation its conditions serve, side by side, as
 * participants see them, with automatic scores and the model's output; filtered by a plain GET form. Anyone who
 * may read the study may browse it; for everyone else it does not exist.
 */
@Path("/console/studies/{id}/explanations")
@Produces(MediaType.TEXT_HTML)
public class ExplanationPages {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance explanations(Shell shell, StudyRow study, ExplanationBrowser.View view,
                List<String> outcomes);
    }

    @Inject
    StudyService studies;

    @Inject
    ConsoleGuard guard;

    @Inject
    StoredScores stored;

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        return guard.page(e);
    }

    @GET
    public String page(@PathParam("id") long id, @QueryParam("method") List<String> methods,
            @QueryParam("outcome") String outcome, @QueryParam("page") String page) {
        Study s = studies.visible(id, guard.actor()).orElseThrow(() -> ProblemException.notFound("Study " + id));
        ExplanationBrowser.View view = ExplanationBrowser.of(studies.spec(s), methods, outcome, number(page),
                provenance -> stored.faithfulness(provenance, s.owner));
        return Templates.explanations(guard.shell("studies"), StudyRow.of(s, studies.counts(s.id)), view,
                ExplanationBrowser.OUTCOMES).render();
    }

    private static int number(String page) {
        return page != null && page.matches("\\d{1,6}") ? Integer.parseInt(page) : 1;
    }
}
