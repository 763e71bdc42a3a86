package org.xstudy.study.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.InputStream;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.xstudy.study.DemoStudy;

/** The published JSON Schema agrees with the server: it accepts the demo spec and rejects what the server rejects. */
public class PublishedSchemaTest {

    /** The published schema, for tests of anything that writes specs. */
    public static JsonSchema schema() throws Exception {
        try (InputStream in = PublishedSchemaTest.class.getResourceAsStream("/META-INF/resources/schemas/study-spec-v1.json")) {
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
        }
    }

    @Test
    void acceptsTheDemoSpecAndItsShorthand() throws Exception {
        ObjectNode demo = (ObjectNode) SpecParser.read(DemoStudy.spec(), false);
        Set<ValidationMessage> errors = schema().validate(demo);
        assertEquals(Set.of(), errors);
    }

    @Test
    void rejectsUnknownFieldsAndWrongTypes() throws Exception {
        ObjectNode demo = (ObjectNode) SpecParser.read(DemoStudy.spec(), false);
        demo.put("colour", "blue");
        ((ObjectNode) demo.get("design")).put("type", "mixed");
        assertFalse(schema().validate(demo).isEmpty());
        assertFalse(SpecValidator.validate(demo).isEmpty());
    }

    @Test
    void allowsOneControlConditionAndNoMore() throws Exception {
        ObjectNode demo = (ObjectNode) SpecParser.read(DemoStudy.spec(), false);
        demo.get("conditions").forEach(c -> ((ObjectNode) c).remove("control"));
        assertEquals(Set.of(), schema().validate(demo), "no control");
        demo.get("conditions").forEach(c -> ((ObjectNode) c).put("control", true));
        assertFalse(schema().validate(demo).isEmpty(), "every condition the control");
        assertFalse(SpecValidator.validate(demo).isEmpty());
    }
}
