package org.xstudy.study;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.xstudy.common.CurrentResearcher;
import org.xstudy.common.ProblemException;
import org.xstudy.study.spec.SpecParser;
import org.xstudy.study.spec.SpecWarning;

/** The researcher API for studies: create from a spec, read, edit drafts, and run the lifecycle. */
@Path("/api/studies")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Studies")
@SecurityRequirement(name = "SecurityScheme")
public class StudyResource {

    static final String YAML = "application/yaml";

    @Inject
    StudyService studies;

    @Inject
    CurrentResearcher researcher;

    @Inject
    org.xstudy.common.PublicUrl publicUrl;

    @Inject
    org.xstudy.participant.ResumeLinks resumeLinks;

    @Inject
    org.xstudy.participant.ParticipantService participants;

    @POST
    @Consumes({MediaType.APPLICATION_JSON, YAML, "application/x-yaml", "text/yaml"})
    @Operation(summary = "Create a draft study from a specification (JSON or YAML)")
    public Response create(String body, @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType) {
        Study s = studies.create(body, SpecParser.isYaml(contentType), researcher.actor());
        return Response.created(URI.create("/api/studies/" + s.id)).entity(view(s)).build();
    }

    @POST
    @Path("validate")
    @Consumes({MediaType.APPLICATION_JSON, YAML, "application/x-yaml", "text/yaml"})
    @Operation(summary = "Check a specification as creating it would, storing nothing: 400 with every error, "
            + "else its design warnings")
    public Checked validate(String body, @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType) {
        return new Checked(studies.check(body, SpecParser.isYaml(contentType), researcher.actor()));
    }

    /** The answer of {@code validate}: a valid spec and its design warnings, empty when there are none. */
    public record Checked(List<SpecWarning> warnings) {}

    @GET
    @Operation(summary = "List your studies, optionally by status")
    public List<StudyView> list(@QueryParam("status") String status) {
        if (status != null && !List.of(Study.DRAFT, Study.OPEN, Study.PAUSED, Study.CLOSED).contains(status)) {
            throw ProblemException.badField("/status", "Unknown status; use draft, open, paused or closed.");
        }
        return studies.list(researcher.actor(), status).stream()
                .map(s -> StudyView.of(s, studies.counts(s.id), null)).toList();
    }

    @GET
    @Path("{id}")
    @Operation(summary = "Read a study")
    public StudyView get(@PathParam("id") long id) {
        return view(find(id));
    }

    @GET
    @Path("{id}/spec")
    @Operation(summary = "The study's specification as stored (payload references resolved and frozen)")
    public Response spec(@PathParam("id") long id) {
        return Response.ok(find(id).spec, MediaType.APPLICATION_JSON).build();
    }

    @PUT
    @Path("{id}")
    @Consumes({MediaType.APPLICATION_JSON, YAML, "application/x-yaml", "text/yaml"})
    @Operation(summary = "Replace the specification of a draft")
    public StudyView update(@PathParam("id") long id, String body,
            @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType) {
        return view(studies.update(id, researcher.actor(), body, SpecParser.isYaml(contentType)));
    }

    @DELETE
    @Path("{id}")
    @Operation(summary = "Delete a draft")
    public Response delete(@PathParam("id") long id) {
        studies.delete(id, researcher.actor());
        return Response.noContent().build();
    }

    @POST
    @Path("{id}/{action: open|pause|close}")
    @Operation(summary = "Open, pause or close a study")
    public StudyView transition(@PathParam("id") long id, @PathParam("action") String action) {
        return view(studies.transition(id, researcher.actor(), action));
    }

    @GET
    @Path("{id}/links")
    @Operation(summary = "The participant link, a Prolific-ready URL template and the preview link")
    public StudyLinks links(@PathParam("id") long id) {
        Study s = find(id);
        String base = publicUrl.base();
        var p = studies.spec(s).participants();
        return StudyLinks.of(base, s, p == null ? null : p.completionCode());
    }

    /** A link that continues one participant's session on a new device, and when it stops working. */
    public record ResumeLink(String url, java.time.Instant expiresAt) {}

    @POST
    @Path("{id}/resume-link")
    @Operation(summary = "A signed link for a participant (by Prolific id) to continue their session on a new device")
    public ResumeLink resumeLink(@PathParam("id") long id, @QueryParam("pid") String pid) {
        Study s = studies.writable(id, researcher.actor());
        if (pid == null || pid.isBlank() || pid.length() > 128) {
            throw ProblemException.badField("/pid", "Give the participant's Prolific id (or pid) as ?pid=.");
        }
        java.util.UUID participant = participants.publicId(s.id, pid)
                .orElseThrow(() -> ProblemException.badField("/pid", "No participant of this study has this id."));
        return new ResumeLink(publicUrl.base() + "/s/" + s.slug + "/resume?" + resumeLinks.query(s.id, participant),
                resumeLinks.expiry());
    }

    private Study find(long id) {
        return studies.visible(id, researcher.actor()).orElseThrow(() -> ProblemException.notFound("Study " + id));
    }

    private StudyView view(Study s) {
        return StudyView.of(s, studies.counts(s.id), studies.warnings(s));
    }
}
