package org.xstudy.represent.api;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.xstudy.represent.render.HeatmapExport;

/**
 * The researcher API of explanation representations: preview or store a representation of a saliency map, export
 * heatmaps for papers, regenerate stored ones. Kinds: heatmap, rationale, template, llm, counterfactuals,
 * perturbations, examples.
 */
@Path("/api/representations")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Representations")
@SecurityRequirement(name = "SecurityScheme")
public class RepresentationResource {

    @Inject
    RepresentationStore store;

    @Inject
    Representations representations;

    @Inject
    ExplanationImport imports;

    @Inject
    SideBySide sideBySide;

    @Inject
    org.xstudy.common.CurrentResearcher researcher;

    @POST
    @Path("{kind}/preview")
    @Operation(summary = "Generate a representation without storing it")
    public RepresentationView preview(@PathParam("kind") String kind, RepresentRequest request) {
        Representations.Generated g = store.preview(kind, body(request));
        return new RepresentationView(null, g.kind(), Representation.GENERATED, null, g.html(), g.payload(),
                g.result());
    }

    @POST
    @Path("{kind}")
    @Operation(summary = "Generate and store a representation; a study spec can then reference representation:<id>")
    public Response create(@PathParam("kind") String kind, RepresentRequest request) {
        RepresentationView view = store.create(kind, body(request));
        return Response.created(URI.create("/api/representations/" + view.id())).entity(view).build();
    }

    @GET
    @Path("{id: [0-9]+}")
    @Operation(summary = "A stored representation with its payload, provenance and automatic scores")
    public RepresentationView get(@PathParam("id") long id) {
        return store.get(id);
    }

    @PUT
    @Path("{id: [0-9]+}")
    @Operation(summary = "Regenerate a stored representation with new parameters (studies keep their frozen copy)")
    public RepresentationView regenerate(@PathParam("id") long id, RepresentRequest parameters) {
        return store.regenerate(id, body(parameters));
    }

    @POST
    @Path("imports")
    @Operation(summary = "Import explanations computed elsewhere (provenance 'imported'); all entries or none")
    public Response importFile(com.fasterxml.jackson.databind.JsonNode file) {
        java.util.List<ExplanationImport.Imported> stored = imports.importFile(file, researcher.actor());
        return imported(stored);
    }

    @POST
    @Path("imports")
    @Consumes({"application/x-ndjson", "application/jsonl"})
    @Operation(summary = "Import explanations as JSONL, one record per line (e.g. Thermostat); all lines or none")
    public Response importLines(String body, @jakarta.ws.rs.QueryParam("source") String source) {
        return imported(imports.importLines(body, source, researcher.actor()));
    }

    private static Response imported(java.util.List<ExplanationImport.Imported> stored) {
        return Response.status(201).entity(java.util.Map.of("imported", stored)).build();
    }

    @POST
    @Path("side-by-side")
    @Operation(summary = "Every representation of one text and its scores, side by side with automatic scores")
    public java.util.Map<String, SideBySide.Column> sideBySide(RepresentRequest request) {
        return sideBySide.forScores(body(request));
    }

    @GET
    @Path("side-by-side/items/{itemId: [0-9]+}")
    @Operation(summary = "A study item's frozen representations side by side, scored with the given model if any")
    public java.util.Map<String, SideBySide.Column> sideBySideItem(@PathParam("itemId") long itemId,
            @jakarta.ws.rs.QueryParam("model") String model) {
        return sideBySide.forItem(itemId, model, researcher.actor());
    }

    @POST
    @Path("heatmap.svg")
    @Produces("image/svg+xml")
    @Operation(summary = "Export a heatmap as SVG for papers")
    public String svg(RepresentRequest request) {
        return HeatmapExport.svg(representations.figure(store.resolveInput(body(request))));
    }

    @POST
    @Path("heatmap.png")
    @Produces("image/png")
    @Operation(summary = "Export a heatmap as PNG (twice the figure width in pixels) for papers")
    public byte[] png(RepresentRequest request) {
        return HeatmapExport.png(representations.figure(store.resolveInput(body(request))), 2);
    }

    static RepresentRequest body(RepresentRequest request) {
        if (request == null) {
            throw org.xstudy.common.ProblemException.badField("", "a JSON body is required");
        }
        return request;
    }
}
