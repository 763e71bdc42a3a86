package org.xstudy.participant;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.MediaType;
import java.lang.annotation.Annotation;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;
import org.xstudy.common.Problem;

/**
 * Participants never see raw JSON: an error that reaches a participant page as problem+json (an unexpected 500, a
 * database outage's 503 with {@code Retry-After} once {@link org.xstudy.common.DatabaseFailures#retrying} has given
 * up, anything the exception mappers answer) becomes an HTML page that says what to do. Status and headers stay as
 * they were; this is the one place participant error pages are written.
 */
public class ErrorPages {

    @ServerResponseFilter
    public void html(ContainerRequestContext request, ContainerResponseContext response) {
        if (!request.getUriInfo().getPath().startsWith("/s/") || !(response.getEntity() instanceof Problem problem)) {
            return;
        }
        MessagePage page = page(problem.status(), response.getHeaderString("Retry-After"));
        response.setEntity(ParticipantPages.Templates.message(page).render(), new Annotation[0],
                MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"));
        response.getHeaders().putSingle("Cache-Control", "no-store");
    }

    static MessagePage page(int status, String retryAfter) {
        String when = retryAfter == null ? "in a minute" : "in " + retryAfter + " seconds";
        if (status == 429) {
            return MessagePage.of("Please wait a moment", "There were too many requests just now. Please reload this "
                    + "page " + when + "; your answers so far are saved.");
        }
        if (status == 503) {
            return MessagePage.of("Please try again in a few seconds",
                    "The study could not reach its database just now. Please reload this page " + when + ".",
                    "Your answers so far are saved; if you had just submitted an answer, reloading sends it again "
                            + "and it is stored only once.");
        }
        if (status >= 500) {
            return MessagePage.of("Something went wrong on our side",
                    "Your answers so far are saved. Please reload this page in a minute to continue where you were.",
                    "If it happens again, please contact the researchers through the site you came from "
                            + "(e.g. Prolific) and do not start the study again.");
        }
        return MessagePage.of("This page cannot be shown",
                "Please go back to the study link you were given and continue from there. Your answers so far are "
                        + "saved.");
    }
}
