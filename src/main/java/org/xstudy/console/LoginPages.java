package org.xstudy.console;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import org.jboss.resteasy.reactive.RestForm;
import org.xstudy.account.Accounts;
import org.xstudy.account.CredentialFilter;
import org.xstudy.account.Secrets;
import org.xstudy.account.SignedIn;

/**
 * Login and logout. The login form carries a CSRF token bound to a short-lived cookie (there is no session yet);
 * failed attempts are throttled per account and per address.
 */
@Path("/console")
@Produces(MediaType.TEXT_HTML)
public class LoginPages {

    static final String LOGIN_COOKIE = "xs_login";

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance login(Shell shell, String csrf, String email, String next, String error);
    }

    @Inject
    Accounts accounts;

    @Inject
    ConsoleGuard guard;

    @Inject
    SignedIn signedIn;

    @GET
    @Path("login")
    public Response form(@QueryParam("next") String next) {
        if (signedIn.session() != null) {
            return Response.seeOther(URI.create(safeNext(next))).build();
        }
        return page(200, "", safeNext(next), null);
    }

    @POST
    @Path("login")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response login(@RestForm String email, @RestForm String password, @RestForm String next,
            @RestForm("_csrf") String csrf, @CookieParam(LOGIN_COOKIE) String expected) {
        if (!Secrets.same(expected, csrf) || !guard.fromOwnPage()) {
            return guard.page(403, "Form expired", "The login form has expired. Open the login page and try again.");
        }
        Accounts.Login result = accounts.login(email, password, guard.clientAddress());
        if (!result.retryAfter().isZero()) {
            long minutes = Math.max(1, (result.retryAfter().toSeconds() + 59) / 60);
            Response r = page(429, email, safeNext(next),
                    "Too many failed attempts. Try again in " + minutes + " minute" + (minutes == 1 ? "" : "s") + ".");
            return Response.fromResponse(r).header("Retry-After", result.retryAfter().toSeconds()).build();
        }
        if (result.user().isEmpty()) {
            return page(401, email, safeNext(next), "The e-mail address or the password is wrong.");
        }
        String token = accounts.startSession(result.user().get());
        return Response.seeOther(URI.create(safeNext(next)))
                .cookie(guard.cookie(CredentialFilter.SESSION_COOKIE, token, "/console", -1))
                .cookie(guard.cookie(LOGIN_COOKIE, "", "/console/login", 0)).build();
    }

    @POST
    @Path("logout")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response logout(@RestForm("_csrf") String csrf,
            @CookieParam(CredentialFilter.SESSION_COOKIE) String session) {
        guard.csrf(csrf);
        accounts.endSession(session);
        return Response.seeOther(URI.create("/console/login"))
                .cookie(guard.cookie(CredentialFilter.SESSION_COOKIE, "", "/console", 0)).build();
    }

    private Response page(int status, String email, String next, String error) {
        String csrf = Secrets.token();
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .entity(Templates.login(null, csrf, email, next, error).render())
                .cookie(guard.cookie(LOGIN_COOKIE, csrf, "/console/login", 3600)).build();
    }

    /** Only a path inside the console, never another site. */
    static String safeNext(String next) {
        return next != null && next.startsWith("/console") && !next.startsWith("/console/login")
                && next.matches("[A-Za-z0-9/_.?=&%-]*") ? next : "/console/studies";
    }
}
