package org.xstudy.console;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.xstudy.common.Problem;
import org.xstudy.common.ProblemException;
import org.xstudy.dataset.Dataset;
import org.xstudy.dataset.DatasetResource;
import org.xstudy.dataset.DatasetService;
import org.xstudy.dataset.DatasetView;

/** The researcher's data sets: the list with the import form (row errors shown by the form), one data set's rows. */
@Path("/console/datasets")
@Produces(MediaType.TEXT_HTML)
public class DatasetPages {

    static final int PAGE_SIZE = 50;

    /** Where a page of rows is: its 1-based number, the page count, and the 0-based previous and next pages. */
    public record Paging(int number, int pages, Integer previous, Integer next) {}

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance list(Shell shell, List<DatasetView> datasets, String name, String summary,
                List<Problem.FieldError> errors);

        static native TemplateInstance dataset(Shell shell, DatasetView dataset, List<DatasetView.Row> rows,
                Paging paging);
    }

    @Inject
    DatasetService datasets;

    @Inject
    ConsoleGuard guard;

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        return guard.page(e);
    }

    @GET
    public String list() {
        return listPage("", null, List.of());
    }

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Response importFile(@RestForm("_csrf") String csrf, @RestForm("file") FileUpload file,
            @RestForm String name, @RestForm String format) throws IOException {
        guard.csrf(csrf);
        try {
            Dataset d = datasets.importFile(DatasetResource.upload(file, name, format), guard.actor());
            return Response.seeOther(URI.create("/console/datasets/" + d.id)).build();
        } catch (ProblemException e) {
            Problem p = e.problem();
            if (p.status() != 400 && p.status() != 413) {
                throw e;
            }
            return Response.status(p.status()).entity(listPage(name, p.detail(), p.errors())).build();
        }
    }

    @GET
    @Path("{id}")
    public String dataset(@PathParam("id") long id, @QueryParam("page") @DefaultValue("0") int page) {
        Dataset d = owned(id);
        int pages = Math.max(1, (d.rowCount + PAGE_SIZE - 1) / PAGE_SIZE);
        int p = Math.min(Math.max(0, page), pages - 1);
        Paging paging = new Paging(p + 1, pages, p > 0 ? p - 1 : null, p + 1 < pages ? p + 1 : null);
        return Templates.dataset(guard.shell("datasets"), DatasetView.of(d), datasets.rows(d.id, p, PAGE_SIZE), paging)
                .render();
    }

    @POST
    @Path("{id}/delete")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response delete(@PathParam("id") long id, @RestForm("_csrf") String csrf) {
        guard.csrf(csrf);
        if (!datasets.delete(id, guard.actor())) {
            throw ProblemException.notFound("Data set " + id);
        }
        return Response.seeOther(URI.create("/console/datasets")).build();
    }

    private Dataset owned(long id) {
        return datasets.find(id, guard.actor()).orElseThrow(() -> ProblemException.notFound("Data set " + id));
    }

    private String listPage(String name, String summary, List<Problem.FieldError> errors) {
        List<DatasetView> views = datasets.list(guard.actor()).stream().map(DatasetView::of).toList();
        return Templates.list(guard.shell("datasets"), views, name == null ? "" : name, summary,
                errors == null ? List.of() : errors).render();
    }
}
