package org.xstudy.dataset;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
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
import java.nio.file.Files;
import java.util.List;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;
import org.xstudy.common.CurrentResearcher;
import org.xstudy.common.ProblemException;

/** The caller's data sets: list, one with a page of rows, import (multipart upload) and delete. */
@Path("/api/datasets")
@Produces(MediaType.APPLICATION_JSON)
public class DatasetResource {

    @Inject
    DatasetService datasets;

    @Inject
    CurrentResearcher researcher;

    @GET
    public List<DatasetView> list() {
        return datasets.list(researcher.actor()).stream().map(DatasetView::of).toList();
    }

    @GET
    @Path("{id}")
    public DatasetView.Page get(@PathParam("id") long id, @QueryParam("page") @DefaultValue("0") int page,
            @QueryParam("size") @DefaultValue("50") int size) {
        Dataset d = datasets.find(id, researcher.actor()).orElseThrow(() -> notFound(id));
        if (page < 0) {
            throw ProblemException.badField("/page", "page must be 0 or more.");
        }
        if (size < 1 || size > DatasetService.MAX_PAGE_SIZE) {
            throw ProblemException.badField("/size", "size must be between 1 and " + DatasetService.MAX_PAGE_SIZE + ".");
        }
        return new DatasetView.Page(DatasetView.of(d), page, size, datasets.rows(d.id, page, size));
    }

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Response importFile(@RestForm("file") FileUpload file, @RestForm String name, @RestForm String format)
            throws IOException {
        Dataset d = datasets.importFile(upload(file, name, format), researcher.actor());
        return Response.created(URI.create("/api/datasets/" + d.id)).entity(DatasetView.of(d)).build();
    }

    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("id") long id) {
        if (!datasets.delete(id, researcher.actor())) {
            throw notFound(id);
        }
        return Response.noContent().build();
    }

    /** The upload as the service takes it; an absent file has no bytes. */
    public static DatasetService.Upload upload(FileUpload file, String name, String format) throws IOException {
        boolean given = file != null && file.uploadedFile() != null;
        return new DatasetService.Upload(given ? file.fileName() : null,
                given ? Files.readAllBytes(file.uploadedFile()) : null, name, format);
    }

    static ProblemException notFound(long id) {
        return ProblemException.notFound("Data set " + id);
    }
}
