package org.xstudy.console;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.inject.Inject;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.xstudy.common.Problem;
import org.xstudy.common.ProblemException;
import org.xstudy.model.ModelInfo;
import org.xstudy.model.ModelRegistry;
import org.xstudy.model.UploadForm;
import org.xstudy.model.demo.DemoTraining;
import org.xstudy.model.imports.ImportRequest;
import org.xstudy.model.imports.LabelList;
import org.xstudy.model.imports.ModelImportService;

/**
 * The models the server knows, the upload form (any researcher), the import form (admins: files already on the
 * server), and demo-model training.
 */
@Path("/console/models")
@Produces(MediaType.TEXT_HTML)
public class ModelPages {

    /** A model as the list shows it. */
    public record ModelRow(String id, String name, String kind, String labels, boolean gradients,
            String gradientNote, String accuracy, String hash, ModelInfo.Card card) {

        static ModelRow of(ModelInfo m) {
            return new ModelRow(m.id(), m.name(), m.kind(), String.join(", ", m.labels()),
                    m.capabilities().gradientMethods(), m.capabilities().reason(),
                    m.accuracy() == null || m.accuracy().isNaN() ? null
                    : String.format(Locale.ROOT, "%.1f%%", 100 * m.accuracy()), m.hash(), m.card());
        }
    }

    /** What the import form held. */
    public record ImportForm(String id, String format, String modelPath, String tokenizerPath, String labels,
            String maxLength) {}

    /** What the upload form held (files are not sent back). */
    public record UploadState(String name, String id, String format, String labels, String maxLength, String source,
            String licence, String trainingData) {

        static final UploadState EMPTY = new UploadState("", "", "", "", "512", "", "", "");

        static UploadState of(UploadForm f) {
            return new UploadState(f.name, f.id, f.format, f.labels, f.maxLength, f.source, f.licence, f.trainingData);
        }
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance models(Shell shell, List<ModelRow> models, ImportForm form,
                Map<String, String> errors, UploadState upload, Map<String, String> uploadErrors,
                DemoTraining.Status training, String trainingError, String uploadLimit);
    }

    @Inject
    ModelRegistry registry;

    @Inject
    ModelImportService imports;

    @Inject
    DemoTraining training;

    @Inject
    ConsoleGuard guard;

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        return guard.page(e);
    }

    private static final ImportForm EMPTY_IMPORT = new ImportForm("", "", "", "", "", "512");

    @GET
    public String models() {
        return page(EMPTY_IMPORT, Map.of(), null);
    }

    @POST
    @Path("import")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response importModel(@RestForm("_csrf") String csrf, @RestForm String id, @RestForm String format,
            @RestForm String modelPath, @RestForm String tokenizerPath, @RestForm String labels,
            @RestForm String maxLength) {
        guard.csrf(csrf);
        ImportForm form = new ImportForm(id, format, modelPath, tokenizerPath, labels, maxLength);
        try {
            Integer max = maxLength == null || maxLength.isBlank() ? null : Integer.valueOf(maxLength.strip());
            List<String> names = LabelList.parse(labels);
            imports.importModel(new ImportRequest(blankToNull(id), blankToNull(format), blankToNull(modelPath),
                    blankToNull(tokenizerPath), names, max), guard.actor());
            return Response.seeOther(URI.create("/console/models")).build();
        } catch (NumberFormatException e) {
            return invalid(form, Map.of("maxLength", "maxLength must be a whole number."), 400);
        } catch (ProblemException e) {
            if (e.problem().errors() == null || e.problem().errors().isEmpty()) {
                return invalid(form, Map.of("id", e.problem().detail()), e.problem().status());
            }
            return invalid(form, fieldErrors(e.problem()), e.problem().status());
        }
    }

    @POST
    @Path("upload")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Response upload(@RestForm("_csrf") String csrf, @BeanParam UploadForm form) {
        guard.csrf(csrf);
        try {
            imports.upload(form.upload(), guard.actor());
            return Response.seeOther(URI.create("/console/models")).build();
        } catch (ProblemException e) {
            Map<String, String> errors = e.problem().errors() == null || e.problem().errors().isEmpty()
                    ? Map.of("name", e.problem().detail()) : fieldErrors(e.problem());
            return Response.status(e.problem().status()).entity(page(EMPTY_IMPORT, Map.of(), UploadState.of(form),
                    errors, null)).build();
        }
    }

    @POST
    @Path("train-demo")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response trainDemo(@RestForm("_csrf") String csrf) {
        guard.csrf(csrf);
        try {
            training.start(guard.actor());
        } catch (ProblemException e) {
            if (e.problem().status() != 409) {
                throw e;
            }
            return Response.status(409).entity(page(EMPTY_IMPORT, Map.of(),
                    e.problem().detail())).build();
        }
        return Response.seeOther(URI.create("/console/models#training")).build();
    }

    @GET
    @Path("training.json")
    @Produces(MediaType.APPLICATION_JSON)
    public DemoTraining.Status trainingStatus() {
        return training.status();
    }

    private static Map<String, String> fieldErrors(Problem p) {
        return p.errors().stream().collect(Collectors.toMap(x -> x.pointer().replaceAll("^/([^/]*).*", "$1"),
                Problem.FieldError::message, (a, b) -> a));
    }

    private Response invalid(ImportForm form, Map<String, String> errors, int status) {
        return Response.status(status).entity(page(form, errors, null)).build();
    }

    private String page(ImportForm form, Map<String, String> errors, String trainingError) {
        return page(form, errors, UploadState.EMPTY, Map.of(), trainingError);
    }

    private String page(ImportForm form, Map<String, String> errors, UploadState upload,
            Map<String, String> uploadErrors, String trainingError) {
        return Templates.models(guard.shell("models"), registry.infos().stream().map(ModelRow::of).toList(), form,
                errors, upload, uploadErrors, training.status(), trainingError,
                String.format(Locale.ROOT, "%,d", imports.uploadLimit() / (1024 * 1024))).render();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
