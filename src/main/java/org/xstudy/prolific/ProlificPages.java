package org.xstudy.prolific;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.xstudy.common.ProblemException;
import org.xstudy.console.ConsoleGuard;
import org.xstudy.console.Shell;
import org.xstudy.study.Study;
import org.xstudy.study.StudyService;

/** The console's Prolific page of a study: the same operations as the API, as forms. */
@Path("/console/studies/{id}/prolific")
@Produces(MediaType.TEXT_HTML)
public class ProlificPages {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance page(Shell shell, Study study, ProlificAccounts.Status account,
                ProlificStudies.View link, ProlificReview.Result review, ProlificBonuses.Result bonuses,
                List<ProlificCall> calls, String notice);
    }

    @Inject
    ConsoleGuard guard;

    @Inject
    StudyService studies;

    @Inject
    ProlificAccounts accounts;

    @Inject
    ProlificStudies prolificStudies;

    @Inject
    ProlificReview reviews;

    @Inject
    ProlificBonuses bonuses;

    @Inject
    SubmissionSync sync;

    @Inject
    CallLog log;

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        return guard.page(e);
    }

    @GET
    public String page(@PathParam("id") long id) {
        return render(id, null, null, null);
    }

    @POST
    @Path("token")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response token(@PathParam("id") long id, @RestForm("_csrf") String csrf, @RestForm String token) {
        guard.csrf(csrf);
        studies.writable(id, guard.actor());
        accounts.store(guard.actor(), token);
        return back(id);
    }

    @POST
    @Path("draft")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response draft(@PathParam("id") long id, @RestForm("_csrf") String csrf, @RestForm String title,
            @RestForm String description, @RestForm Integer rewardCents, @RestForm Integer places,
            @RestForm Integer estimatedMinutes, @RestForm Integer maxMinutes,
            @RestForm Integer screenOutRewardCents) {
        guard.csrf(csrf);
        prolificStudies.draft(id, guard.actor(), new DraftRequest(title, description, rewardCents, places,
                estimatedMinutes, maxMinutes, null, null, screenOutRewardCents));
        return back(id);
    }

    @POST
    @Path("{action: publish|pause|resume}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response transition(@PathParam("id") long id, @PathParam("action") String action,
            @RestForm("_csrf") String csrf) {
        guard.csrf(csrf);
        prolificStudies.transition(id, guard.actor(), action);
        return back(id);
    }

    @POST
    @Path("sync")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public String sync(@PathParam("id") long id, @RestForm("_csrf") String csrf) {
        guard.csrf(csrf);
        studies.writable(id, guard.actor());
        int changed = sync.poll(id);
        return render(id, null, null, changed + " participants' Prolific status changed.");
    }

    @POST
    @Path("review")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public String review(@PathParam("id") long id, @RestForm("_csrf") String csrf, @RestForm String mode) {
        guard.csrf(csrf);
        return render(id, reviews.review(id, guard.actor(), !"send".equals(mode)), null, null);
    }

    @POST
    @Path("bonuses")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public String bonuses(@PathParam("id") long id, @RestForm("_csrf") String csrf,
            @RestForm Integer perCorrectCents, @RestForm Integer capCents, @RestForm String phase,
            @RestForm String mode, @RestForm String confirmUnpaid) {
        guard.csrf(csrf);
        return render(id, null, bonuses.pay(id, guard.actor(), new ProlificBonuses.BonusRequest(perCorrectCents,
                phase == null || phase.isBlank() ? null : phase.strip(), capCents, !"pay".equals(mode),
                confirmUnpaid == null || confirmUnpaid.isBlank() ? null : confirmUnpaid.strip())), null);
    }

    private String render(long id, ProlificReview.Result review, ProlificBonuses.Result bonus, String notice) {
        Study s = studies.writable(id, guard.actor());
        return Templates.page(guard.shell("studies"), s, accounts.status(guard.actor()),
                prolificStudies.view(id, guard.actor()), review, bonus, log.forStudy(id, 50), notice).render();
    }

    private static Response back(long id) {
        return Response.seeOther(URI.create("/console/studies/" + id + "/prolific")).build();
    }
}
