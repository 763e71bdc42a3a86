package org.xstudy.participant;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
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
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.xstudy.common.DatabaseFailures;
import org.xstudy.common.Problem;
import org.xstudy.common.ProblemException;
import org.xstudy.common.SecurityHeaders;
import org.xstudy.participant.ParticipantService.Block;
import org.xstudy.participant.ParticipantService.Session;
import org.xstudy.study.Study;
import org.xstudy.study.StudyService;
import org.xstudy.study.spec.StudySpec;

/**
 * The participant's pages: join at {@code /s/{slug}}, then one step per page at {@code /s/{slug}/step}. Forms
 * post back to the same address and are answered with a redirect (post/redirect/get), so answering works without
 * JavaScript and a reload or the back button always shows the next unanswered step.
 */
@Path("/s/{slug}")
@Produces(MediaType.TEXT_HTML)
@Tag(name = "Participant pages")
public class ParticipantPages {

    static final String COOKIE = "xs_session";
    static final String PREVIEW_COOKIE = "xs_preview";
    private static final int MAX_ID = 128;

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance step(StepPage page);

        static native TemplateInstance message(MessagePage page);
    }

    /** A rendered step page, as every participant with this step at this place of their plan sees it. */
    private record PageKey(long study, int revision, String action, Step step, int index, int total) {}

    /** Rendered step pages, bounded by their total length (a page of the demo study is a few kilobytes). */
    private static final Cache<PageKey, String> pages = Caffeine.newBuilder()
            .maximumWeight(32L * 1024 * 1024).weigher((PageKey k, String v) -> v.length()).build();

    @Inject
    ParticipantService participants;

    @Inject
    StudyService studies;

    @Inject
    PreviewSessions previews;

    @Inject
    ResumeLinks resumeLinks;

    @Inject
    org.xstudy.reliability.JoinRateLimiter joinLimiter;

    @Context
    io.vertx.core.http.HttpServerRequest request;

    @GET
    @Operation(summary = "Join or resume a study (Prolific parameters PROLIFIC_PID, STUDY_ID, SESSION_ID, or pid)")
    public Response join(@PathParam("slug") String slug, @QueryParam("PROLIFIC_PID") String prolificPid,
            @QueryParam("pid") String pid, @QueryParam("STUDY_ID") String prolificStudy,
            @QueryParam("SESSION_ID") String prolificSession) {
        String token = cookieValue(COOKIE);
        String id = prolificPid != null && !prolificPid.isBlank() ? prolificPid : pid;
        for (String v : new String[] {id, prolificStudy, prolificSession}) {
            if (v != null && (v.length() > MAX_ID || !v.matches("[A-Za-z0-9_.-]*"))) {
                return page(400, MessagePage.of("This link is not valid",
                        "The participant or study id in this link is malformed. Please use the link you were given."));
            }
        }
        long wait = token == null ? joinLimiter.acquire(clientAddress(), slug) : 0;
        if (wait > 0) {
            return Response.fromResponse(page(429, MessagePage.of("Too many attempts",
                    "Too many people joined from your network just now. Please try again in a minute.")))
                    .header("Retry-After", wait).build();
        }
        ParticipantService.Join join = DatabaseFailures.retrying(() -> participants.join(slug, blankToNull(id),
                blankToNull(prolificStudy), blankToNull(prolificSession), token));
        if (join.participantId() == null || join.block() != null) {
            return blocked(join.block());
        }
        Response.ResponseBuilder r = seeOther("/s/" + slug + "/step");
        if (join.newToken() != null) {
            r.cookie(cookie(COOKIE, slug, join.newToken()));
        }
        return noStore(r).build();
    }

    /**
     * The step page, on a worker thread: the session is compared with its row in the database first (another
     * server may have moved the participant on), and showing a step may write its shown time.
     */
    @GET
    @Path("step")
    @Operation(summary = "The participant's next unanswered step")
    public Response step(@PathParam("slug") String slug) {
        String token = cookieValue(COOKIE);
        return DatabaseFailures.retrying(() -> participants.current(slug, token))
                .map(s -> show(s, Map.of())).orElseGet(() -> noSession(slug));
    }

    @POST
    @Path("step")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(summary = "Answer the current step; redirects to the next one")
    public Response answer(@PathParam("slug") String slug, MultivaluedMap<String, String> form) {
        String token = cookieValue(COOKIE);
        Map<String, String> fields = fields(form);
        String stepKey = fields.get("step");
        if (stepKey == null) {
            return page(400, MessagePage.of("Something is missing", "The form did not say which step it answers."));
        }
        try {
            // a repeated answer to a stored step changes nothing, so an answer whose connection died is tried again
            Session s = DatabaseFailures.retrying(() -> participants.submit(slug, token, stepKey, fields));
            if (s.block() != null) {
                return blocked(s.block());
            }
            return noStore(seeOther("/s/" + slug + "/step")).build();
        } catch (ProblemException e) {
            return answerProblem(e, slug, token);
        }
    }

    @GET
    @Path("resume")
    @Operation(summary = "Continue a session on a new device with a resume link the researcher issued")
    public Response resume(@PathParam("slug") String slug, @QueryParam("p") String publicId,
            @QueryParam("e") String expires, @QueryParam("sig") String sig) {
        Optional<Study> study = Study.findBySlug(slug);
        Optional<ParticipantService.Join> join = study.flatMap(st -> resumeLinks.verify(st.id, publicId, expires, sig))
                .flatMap(p -> participants.resumeByLink(study.get().id, p));
        if (join.isEmpty()) {
            return page(403, MessagePage.of("This resume link is not valid",
                    "The link is incomplete, altered or expired. Please ask the researcher for a new one."));
        }
        return noStore(seeOther("/s/" + slug + "/step").cookie(cookie(COOKIE, slug, join.get().newToken()))).build();
    }

    @GET
    @Path("preview")
    @Operation(summary = "Start a preview that records nothing (key from the researcher API)")
    public Response preview(@PathParam("slug") String slug, @QueryParam("key") String key) {
        Optional<Study> study = Study.findBySlug(slug);
        if (study.isEmpty() || key == null || !java.security.MessageDigest.isEqual(key.getBytes(),
                study.get().previewToken.getBytes())) {
            return page(404, MessagePage.of("Preview not found", "This preview link is not valid."));
        }
        String token = previews.start(study.get().id, studies.spec(study.get()));
        return noStore(seeOther("/s/" + slug + "/preview/step")
                .cookie(cookie(PREVIEW_COOKIE, slug, token))).build();
    }

    @GET
    @Path("preview/step")
    public Response previewStep(@PathParam("slug") String slug) {
        return walk(slug, cookieValue(PREVIEW_COOKIE)).map(w -> previewPage(slug, w, Map.of()))
                .orElseGet(ParticipantPages::previewExpired);
    }

    @POST
    @Path("preview/step")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response previewAnswer(@PathParam("slug") String slug, MultivaluedMap<String, String> form) {
        Optional<PreviewWalk> walk = walk(slug, cookieValue(PREVIEW_COOKIE));
        if (walk.isEmpty()) {
            return previewExpired();
        }
        PreviewWalk w = walk.get();
        Map<String, String> fields = fields(form);
        Step next = w.position().next();
        if (next != null && next.key().equals(fields.get("step"))) {
            try {
                previews.answer(w.preview(), next, AnswerValidator.rows(w.spec(), next, fields));
            } catch (ProblemException e) {
                return previewPage(slug, w, errors(e));
            }
        }
        return noStore(seeOther("/s/" + slug + "/preview/step")).build();
    }

    /** A preview in progress with its spec and where it stands. */
    private record PreviewWalk(StudySpec spec, PreviewSessions.Preview preview, StepEngine.Position position) {}

    private Optional<PreviewWalk> walk(String slug, String token) {
        return Study.findBySlug(slug).flatMap(study -> previews.get(token, study.id).map(p -> {
            StudySpec spec = studies.spec(study);
            return new PreviewWalk(spec, p, StepEngine.locate(spec, p.plan(), p.done()));
        }));
    }

    private static Response previewExpired() {
        return page(404, MessagePage.of("Preview expired", "Open the preview link again to restart it."));
    }

    private Response previewPage(String slug, PreviewWalk w, Map<String, String> errors) {
        if (w.position().finished()) {
            MessagePage end = Endings.of(w.spec(), w.position());
            return page(200, new MessagePage(end.title(), end.paragraphs(), end.code(), null, null, true));
        }
        StepPage page = StepPage.of(w.spec(), w.position().next(), w.position(), "/s/" + slug + "/preview/step",
                true, errors);
        return html(errors.isEmpty() ? 200 : 400, Templates.step(page));
    }

    private Response show(Session s, Map<String, String> errors) {
        if (s.block() != null) {
            return blocked(s.block());
        }
        if (s.position().finished()) {
            MessagePage end = Endings.of(s.spec(), s.position());
            if (end.link() != null) {
                return noStore(Response.seeOther(URI.create(end.link()))).build();
            }
            return page(200, end);
        }
        String action = "/s/" + s.study().slug() + "/step";
        if (!errors.isEmpty()) {
            return Response.fromResponse(html(400, Templates.step(StepPage.of(s.spec(), s.position().next(),
                    s.position(), action, false, errors)))).header(SecurityHeaders.CSP, StudyPolicy.of(s.spec()))
                    .build();
        }
        // a step's page depends only on the study's revision, the step and its place in the plan: render it once
        PageKey key = new PageKey(s.study().id(), s.study().revision(), action, s.position().next(),
                s.position().index(), s.position().total());
        String body = pages.get(key, k -> Templates.step(StepPage.of(s.spec(), k.step(), s.position(), k.action(),
                false, Map.of())).render());
        return noStore(Response.ok(body).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8")))
                .header(SecurityHeaders.CSP, StudyPolicy.of(s.spec())).build();
    }

    private Response answerProblem(ProblemException e, String slug, String token) {
        Problem problem = e.problem();
        if (problem.status() == 400 && !problem.errors().isEmpty()
                && !problem.errors().get(0).pointer().equals("/step")) {
            Optional<Session> s = participants.peek(slug, token);
            if (s.isPresent()) {
                return show(s.get(), errors(e));
            }
        }
        if (problem.status() == 404) {
            return noSession(slug);
        }
        if (problem.status() == 409) {
            return page(409, new MessagePage("Please continue where you are",
                    List.of("This page is not your current step. Your answers so far are saved."), null,
                    "/s/" + slug + "/step", "Continue", false));
        }
        return page(problem.status(), MessagePage.of("This answer was not accepted", problem.detail()));
    }

    private static Map<String, String> errors(ProblemException e) {
        Map<String, String> errors = new HashMap<>();
        for (Problem.FieldError fe : e.problem().errors()) {
            errors.putIfAbsent(fe.pointer(), fe.message());
        }
        return errors;
    }

    private Response blocked(Block block) {
        if (block == null) {
            block = Block.NOT_FOUND;
        }
        return switch (block) {
            case PAUSED -> page(503, MessagePage.of("This study is paused",
                    "The researchers have paused this study for a moment. Your answers so far are saved; please "
                            + "try again later."));
            case CLOSED -> page(410, MessagePage.of("This study is closed",
                    "This study no longer accepts participants. Thank you for your interest."));
            case BUSY -> Response.fromResponse(page(503, MessagePage.of("Many people are joining right now",
                    "Please wait a few seconds and open the study link again."))).header("Retry-After", 5).build();
            case FULL -> page(409, MessagePage.of("This study is full",
                    "All places in this study are taken. Thank you for your interest."));
            case NEEDS_PROOF -> page(403, MessagePage.of("This study was already started with this id",
                    "To continue on this device, open the study again from Prolific: the link Prolific gives you "
                            + "carries your session. If that does not work, message the researcher through Prolific; "
                            + "they can send you a personal link to continue where you left off."));
            case TIMED_OUT -> page(410, MessagePage.of("Your session has expired",
                    "Your session was inactive for too long and your place was given to someone else."));
            default -> page(404, MessagePage.of("Study not found", "There is no study at this address."));
        };
    }

    private Response noSession(String slug) {
        return page(401, new MessagePage("Your session was not found",
                List.of("Please open the study link you were given again; your answers so far are saved."), null,
                null, null, false));
    }

    private static Map<String, String> fields(MultivaluedMap<String, String> form) {
        Map<String, String> fields = new HashMap<>();
        if (form != null) {
            form.forEach((k, v) -> {
                if (k != null && k.length() <= 100 && v != null && !v.isEmpty()) {
                    fields.put(k, v.get(0));
                }
            });
        }
        return fields;
    }

    private NewCookie cookie(String name, String slug, String value) {
        boolean https = org.xstudy.account.CredentialFilter.secure(request);
        return new NewCookie.Builder(name).value(value).path("/s/" + slug).httpOnly(true).secure(https)
                .sameSite(NewCookie.SameSite.LAX).maxAge(7 * 24 * 3600).build();
    }

    private static Response page(int status, MessagePage page) {
        return html(status, Templates.message(page));
    }

    private static Response html(int status, TemplateInstance t) {
        return noStore(Response.status(status).entity(t.render()).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8")))
                .build();
    }

    /**
     * A redirect to a path of this server. The Location header stays relative (RFC 9110 allows it), which spares
     * building an absolute URL from the request on every answer.
     */
    private static Response.ResponseBuilder seeOther(String path) {
        return Response.status(Response.Status.SEE_OTHER).header(HttpHeaders.LOCATION, path);
    }

    /** A cookie of the request, read by Vert.x (the JAX-RS cookie parser compiles regular expressions per call). */
    private String cookieValue(String name) {
        io.vertx.core.http.Cookie c = request.getCookie(name);
        return c == null ? null : c.getValue();
    }

    private static Response.ResponseBuilder noStore(Response.ResponseBuilder r) {
        return r.header("Cache-Control", "no-store");
    }

    private String clientAddress() {
        return request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
