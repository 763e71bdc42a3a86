package org.xstudy.console;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.xstudy.account.Accounts;
import org.xstudy.account.ApiToken;
import org.xstudy.account.AuditEntry;
import org.xstudy.account.AuditLog;
import org.xstudy.account.CredentialFilter;
import org.xstudy.account.User;
import org.xstudy.common.Problem;
import org.xstudy.common.ProblemException;

/** Users (admins only), personal API tokens, the signed-in account's password, and the audit log (admins only). */
@Path("/console")
@Produces(MediaType.TEXT_HTML)
public class AccountPages {

    /** What the new-user form held when it was sent back with errors. */
    public record UserForm(String email, String name, String role) {}

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance users(Shell shell, List<User> users, UserForm form,
                Map<String, String> errors, String created);

        static native TemplateInstance tokens(Shell shell, List<ApiToken> tokens, String secret, String error);

        static native TemplateInstance audit(Shell shell, List<AuditEntry> entries);

        static native TemplateInstance password(Shell shell, Map<String, String> errors, boolean changed);
    }

    @Inject
    Accounts accounts;

    @Inject
    ConsoleGuard guard;

    @Inject
    AuditLog auditLog;

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        return guard.page(e);
    }

    @GET
    @Path("users")
    public String users() {
        guard.requireAdmin();
        return usersPage(new UserForm("", "", "researcher"), Map.of(), null);
    }

    @POST
    @Path("users")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response createUser(@RestForm("_csrf") String csrf, @RestForm String email, @RestForm String name,
            @RestForm String role, @RestForm String password) {
        guard.csrf(csrf);
        guard.requireAdmin();
        try {
            User u = accounts.create(email, name, role, password, guard.actor());
            return Response.ok(usersPage(new UserForm("", "", "researcher"), Map.of(), u.email)).build();
        } catch (ProblemException e) {
            return Response.status(400).entity(usersPage(new UserForm(email, name, role), fieldErrors(e), null))
                    .build();
        }
    }

    @POST
    @Path("users/{id}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response updateUser(@PathParam("id") long id, @RestForm("_csrf") String csrf, @RestForm String role,
            @RestForm String active) {
        guard.csrf(csrf);
        guard.requireAdmin();
        accounts.update(id, role, "on".equals(active) || "true".equals(active), guard.actor());
        return Response.seeOther(URI.create("/console/users")).build();
    }

    @GET
    @Path("tokens")
    public String tokens() {
        return tokensPage(null, null);
    }

    @POST
    @Path("tokens")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response createToken(@RestForm("_csrf") String csrf, @RestForm String name) {
        guard.csrf(csrf);
        try {
            Accounts.NewToken t = accounts.createToken(guard.actor(), name);
            return Response.ok(tokensPage(t.secret(), null)).header("Cache-Control", "no-store").build();
        } catch (ProblemException e) {
            return Response.status(400).entity(tokensPage(null, e.problem().detail())).build();
        }
    }

    @POST
    @Path("tokens/{id}/revoke")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response revoke(@PathParam("id") long id, @RestForm("_csrf") String csrf) {
        guard.csrf(csrf);
        accounts.revokeToken(guard.actor(), id);
        return Response.seeOther(URI.create("/console/tokens")).build();
    }

    @GET
    @Path("password")
    public String passwordForm() {
        return Templates.password(guard.shell("password"), Map.of(), false).render();
    }

    @POST
    @Path("password")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response changePassword(@RestForm("_csrf") String csrf, @RestForm String currentPassword,
            @RestForm String newPassword, @RestForm String confirmPassword,
            @CookieParam(CredentialFilter.SESSION_COOKIE) String session) {
        guard.csrf(csrf);
        try {
            accounts.changePassword(guard.actor(), currentPassword, newPassword, confirmPassword, session,
                    guard.clientAddress());
        } catch (ProblemException e) {
            if (e.problem().errors().isEmpty()) {
                throw e;
            }
            return Response.status(400).entity(Templates.password(guard.shell("password"), fieldErrors(e), false)
                    .render()).build();
        }
        return Response.ok(Templates.password(guard.shell("password"), Map.of(), true).render()).build();
    }

    @GET
    @Path("audit")
    public String audit() {
        guard.requireAdmin();
        return Templates.audit(guard.shell("audit"), auditLog.recent(200)).render();
    }

    /** The field errors of a problem by field name (the pointer without its slash). */
    private static Map<String, String> fieldErrors(ProblemException e) {
        return e.problem().errors().stream().collect(Collectors.toMap(x -> x.pointer().substring(1),
                Problem.FieldError::message, (a, b) -> a));
    }

    private String usersPage(UserForm form, Map<String, String> errors, String created) {
        return Templates.users(guard.shell("users"), accounts.users(), form, errors, created).render();
    }

    private String tokensPage(String secret, String error) {
        return Templates.tokens(guard.shell("tokens"), accounts.tokens(guard.actor().id()), secret, error).render();
    }
}
