package org.xstudy.model.demo;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Where the demo models stand: being prepared, ready, or failed with the cause (shared by every researcher). */
@Path("/api/models/demo-training")
@Produces(MediaType.APPLICATION_JSON)
public class DemoTrainingResource {

    private final DemoTraining training;

    public DemoTrainingResource(DemoTraining training) {
        this.training = training;
    }

    @GET
    @Operation(summary = "State of the demo models' preparation (idle, running, done, failed with its cause)")
    public DemoTraining.Status status() {
        return training.status();
    }
}
