package org.xstudy.model;

import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.xstudy.common.CurrentResearcher;
import org.xstudy.common.JsonPointers;
import org.xstudy.common.ProblemException;
import org.xstudy.model.imports.ImportRequest;
import org.xstudy.model.imports.ModelImportService;

/**
 * The models the server can explain: list, describe, upload (any researcher, multipart) and (admins) import a model
 * from the import directory.
 */
@Path("/api/models")
@Produces(MediaType.APPLICATION_JSON)
public class ModelResource {

    private final ModelRegistry registry;
    private final ModelImportService imports;

    private final CurrentResearcher researcher;

    public ModelResource(ModelRegistry registry, ModelImportService imports, CurrentResearcher researcher) {
        this.registry = registry;
        this.imports = imports;
        this.researcher = researcher;
    }

    @GET
    public List<ModelInfo> list() {
        return registry.infos();
    }

    @GET
    @Path("{id}")
    public ModelInfo get(@PathParam("id") String id) {
        return registry.info(id).orElseThrow(() -> ProblemException.notFound("Model '" + id + "'"));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response importModel(ImportRequest request, @jakarta.ws.rs.core.Context UriInfo uri) {
        ModelInfo info = imports.importModel(request, researcher.actor());
        return Response.created(uri.getAbsolutePathBuilder().path(info.id()).build()).entity(info).build();
    }

    /**
     * Uploads a model (multipart): {@code model} (a {@code .pt} or {@code .onnx} file), {@code tokenizer} (its
     * {@code tokenizer.json}), {@code labels} (a JSON array, or names one per line or comma-separated), {@code name};
     * optional {@code id}, {@code format}, {@code maxLength} and the model card {@code source}, {@code licence},
     * {@code trainingData}. The model is the caller's; it is refused (400 naming the field) unless it runs forward,
     * and backward when it follows the gradient convention, on a probe text.
     */
    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Response upload(@BeanParam UploadForm form, @jakarta.ws.rs.core.Context UriInfo uri) {
        ModelInfo info = imports.upload(form.upload(), researcher.actor());
        return Response.created(uri.getBaseUriBuilder().path("api/models").path(info.id()).build()).entity(info)
                .build();
    }

    /** The same upload at {@code /api/models/upload}. */
    @POST
    @Path("upload")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Response uploadAlias(@BeanParam UploadForm form, @jakarta.ws.rs.core.Context UriInfo uri) {
        return upload(form, uri);
    }

    /** Quarkus' built-in mapper for this Jackson error would answer plain JSON; answer a problem naming the field. */
    @ServerExceptionMapper
    public Response wrongShape(MismatchedInputException e) {
        return ProblemException.badField(JsonPointers.of(e.getPath()), "This value has the wrong type or shape.")
                .problem().toResponse();
    }
}
