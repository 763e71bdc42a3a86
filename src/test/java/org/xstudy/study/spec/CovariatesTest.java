package org.xstudy.study.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CovariatesTest {

    private static ObjectNode covariates(ObjectNode spec, int item) {
        return ((ObjectNode) spec.get("items").get(item)).putObject("covariates");
    }

    @Test
    void numbersStringsAndBooleansAreAcceptedAndBound() {
        ObjectNode spec = SpecValidatorTest.demo();
        covariates(spec, 3).put("coverage", 0.62).put("length", 14).put("genre", "drama").put("sarcastic", false);
        StudySpec bound = SpecParser.bind(SpecParser.validated(spec));
        assertEquals(Map.of("coverage", 0.62, "length", 14, "genre", "drama", "sarcastic", false),
                bound.items().get(3).covariates());
        assertEquals(List.of("coverage", "length", "genre", "sarcastic"),
                List.copyOf(bound.items().get(3).covariates().keySet()), "order kept");
        assertNull(bound.items().get(0).covariates());
        assertEquals(Map.of(), bound.items().get(0).covariatesOrEmpty());
    }

    @Test
    void thePublishedSchemaAgrees() throws Exception {
        ObjectNode spec = SpecValidatorTest.demo();
        covariates(spec, 3).put("coverage", 0.62).put("genre", "drama").put("sarcastic", false);
        assertEquals(Set.of(), PublishedSchemaTest.schema().validate(spec));
        covariates(spec, 4).putObject("nested");
        assertFalse(PublishedSchemaTest.schema().validate(spec).isEmpty());
        ObjectNode badName = SpecValidatorTest.demo();
        covariates(badName, 4).put("1bad", 1);
        assertFalse(PublishedSchemaTest.schema().validate(badName).isEmpty());
    }

    @Test
    void badCovariatesAreNamedByPointer() {
        Set<String> errors = SpecValidatorTest.pointers(s -> {
            covariates(s, 3).put("coverage", 0.5).put("1bad", 1).put("long", "x".repeat(201))
                    .putNull("empty");
            covariates(s, 4).putArray("list").add(1);
            covariates(s, 5).putObject("nested");
            ((ObjectNode) s.get("items").get(6)).put("covariates", "coverage");
        });
        assertEquals(Set.of("/items/3/covariates/1bad", "/items/3/covariates/long", "/items/3/covariates/empty",
                "/items/4/covariates/list", "/items/5/covariates/nested", "/items/6/covariates"), errors);
    }

    @Test
    void atMostFiftyPerItem() {
        Set<String> errors = SpecValidatorTest.pointers(s -> {
            ObjectNode c = covariates(s, 2);
            for (int i = 0; i <= Covariates.MAX_PER_ITEM; i++) {
                c.put("c" + i, i);
            }
        });
        assertEquals(Set.of("/items/2/covariates"), errors);
        assertEquals(Set.of(), SpecValidatorTest.pointers(s -> {
            ObjectNode c = covariates(s, 2);
            for (int i = 0; i < Covariates.MAX_PER_ITEM; i++) {
                c.put("c" + i, i);
            }
        }));
    }
}
