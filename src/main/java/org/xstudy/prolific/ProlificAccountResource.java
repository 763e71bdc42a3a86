package org.xstudy.prolific;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.xstudy.common.CurrentResearcher;

/** The signed-in researcher's Prolific API token: store (checked with Prolific), ask whether one is set, remove. */
@Path("/api/account/prolific")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Prolific")
@SecurityRequirement(name = "SecurityScheme")
public class ProlificAccountResource {

    /** The body of {@code PUT}: the token from Prolific's settings page. */
    public record TokenRequest(String token) {}

    @Inject
    ProlificAccounts accounts;

    @Inject
    CurrentResearcher researcher;

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Store your Prolific API token (checked with Prolific's users/me; encrypted; never returned)")
    public ProlificAccounts.Status put(TokenRequest body) {
        return accounts.store(researcher.actor(), body == null ? null : body.token());
    }

    @GET
    @Operation(summary = "Whether a Prolific token is stored for you (the token itself is never returned)")
    public ProlificAccounts.Status get() {
        return accounts.status(researcher.actor());
    }

    @DELETE
    @Operation(summary = "Remove your Prolific token")
    public Response delete() {
        accounts.delete(researcher.actor());
        return Response.noContent().build();
    }
}
