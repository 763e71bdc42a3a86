package org.xstudy.console;

import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import org.xstudy.account.CredentialFilter;
import org.xstudy.account.SignedIn;
import org.xstudy.common.Actor;
import org.xstudy.common.ProblemException;

/**
 * The console's per-request checks and page frame: the CSRF token of a form post, the signed-in account, error
 * pages, and cookies with the right flags.
 */
@RequestScoped
public class ConsoleGuard {

    @Inject
    SignedIn signedIn;

    @Inject
    HttpServerRequest http;

    @Inject
    Template error;

    @Inject
    org.xstudy.common.PublicUrl publicUrl;

    /**
     * Rejects a form post whose CSRF token is not this session's, or that a page of another site sent (its
     * {@code Origin}, else its {@code Referer}), with 403.
     */
    public void csrf(String given) {
        if (!signedIn.csrfMatches(given) || !fromOwnPage()) {
            throw new WebApplicationException(page(403, "Form expired",
                    "This form was not sent from a current console page. Reload the page and try again."));
        }
    }

    public Actor actor() {
        return signedIn.session().user().actor();
    }

    public Shell shell(String section) {
        var s = signedIn.session();
        return new Shell(section, s.user().name, s.user().email, actor().isAdmin(), !actor().readOnly(), s.csrf());
    }

    /** Refuses a page to anyone but an admin, as if it did not exist. */
    public void requireAdmin() {
        if (!actor().isAdmin()) {
            throw ProblemException.notFound("Page");
        }
    }

    /** An HTML error page inside the console frame (or a bare one when nobody is signed in). */
    public Response page(int status, String title, String message) {
        TemplateInstance t = error.data("shell", signedIn.session() == null ? null : shell(""))
                .data("title", title).data("message", message);
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8")).entity(t.render())
                .build();
    }

    /** The page for a problem thrown by a service: its title, detail and field messages. */
    public Response page(ProblemException e) {
        var p = e.problem();
        String detail = p.detail();
        if (p.errors() != null && !p.errors().isEmpty()) {
            detail = String.join(" ", p.errors().stream().map(x -> x.message()).toList());
        }
        return page(p.status(), p.title(), detail);
    }

    /** A cookie that scripts cannot read, sent only to the console, Secure when served over HTTPS. */
    public NewCookie cookie(String name, String value, String path, int maxAge) {
        return new NewCookie.Builder(name).value(value).path(path).httpOnly(true)
                .secure(CredentialFilter.secure(http)).sameSite(NewCookie.SameSite.LAX).maxAge(maxAge).build();
    }

    /**
     * Whether a form post comes from a page of this server: its {@code Origin} (else its {@code Referer}) is the
     * public URL's origin or the origin the request was sent to. Console pages ask browsers to send both to their own
     * origin ({@code <meta name="referrer" content="same-origin">}); a post with neither (a non-browser client) is
     * judged by its CSRF token alone. {@code Origin: null} (a sandboxed or privacy-hidden origin) is refused.
     */
    public boolean fromOwnPage() {
        String origin = http.getHeader("Origin");
        if (origin == null) {
            String referer = http.getHeader("Referer");
            if (referer == null) {
                return true;
            }
            try {
                java.net.URI r = java.net.URI.create(referer);
                origin = r.getScheme() + "://" + r.getRawAuthority();
            } catch (IllegalArgumentException e) {
                return false;
            }
        }
        String o = origin.strip().toLowerCase(java.util.Locale.ROOT);
        var authority = http.authority();
        String own = authority == null ? null : (http.scheme() + "://" + authority.host()
                + (authority.port() >= 0 ? ":" + authority.port() : "")).toLowerCase(java.util.Locale.ROOT);
        return o.equals(publicUrl.origin()) || o.equals(own);
    }

    public String clientAddress() {
        return http.remoteAddress() == null ? "unknown" : http.remoteAddress().hostAddress();
    }
}
