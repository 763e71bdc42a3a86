package org.xstudy.participant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.xstudy.study.DemoStudy;
import org.xstudy.study.spec.SpecParser;
import org.xstudy.study.spec.StudySpec;

class PlanBuilderTest {

    static StudySpec spec(java.util.function.Consumer<ObjectNode> edit) {
        ObjectNode tree = (ObjectNode) SpecParser.read(DemoStudy.spec(), false);
        edit.accept(tree);
        return SpecParser.parse(tree.toString(), false);
    }

    @Test
    void withinSubjectsIsALatinSquare() {
        StudySpec spec = spec(s -> {
            s.putObject("design").put("type", "within");
            ArrayNode c = s.putArray("conditions");
            c.addObject().put("id", "a").put("explanation", "heatmap");
            c.addObject().put("id", "b").put("explanation", "verbalization");
            c.addObject().put("id", "c").put("explanation", "none");
        });
        assertEquals(3, PlanBuilder.groups(spec));
        Map<String, Set<String>> conditionsPerItem = new HashMap<>();
        for (int row = 0; row < 3; row++) {
            Map<String, Integer> perCondition = new HashMap<>();
            for (StudySpec.Item item : spec.items()) {
                String c = PlanBuilder.conditionOf(spec, row, item.id()).id();
                perCondition.merge(c, 1, Integer::sum);
                conditionsPerItem.computeIfAbsent(item.id(), k -> new HashSet<>()).add(c);
            }
            assertEquals(Map.of("a", 4, "b", 4, "c", 4), perCondition, "each row sees every condition equally");
        }
        conditionsPerItem.values().forEach(cs -> assertEquals(3, cs.size(), "each item meets every condition"));
    }

    @Test
    void sameSeedSamePlanOtherSeedOtherOrder() {
        StudySpec spec = spec(s -> { });
        assertEquals(PlanBuilder.build(spec, 1, 42), PlanBuilder.build(spec, 1, 42));
        Set<List<String>> orders = new HashSet<>();
        for (long seed = 0; seed < 20; seed++) {
            orders.add(PlanBuilder.build(spec, 0, seed).stream().map(Step::key).toList());
        }
        assertNotEquals(1, orders.size(), "item order is randomised per participant");
    }

    @Test
    void explicitListsSkipItemsNotInTheList() {
        StudySpec spec = spec(s -> {
            ObjectNode design = s.putObject("design");
            design.put("type", "lists");
            ArrayNode lists = design.putArray("lists");
            ObjectNode l1 = lists.addObject().put("id", "L1");
            ObjectNode l2 = lists.addObject().put("id", "L2");
            for (int i = 1; i <= 12; i++) {
                String id = String.format("m%02d", i);
                l1.with("conditions").put(id, i % 2 == 0 ? "heatmap" : "control");
                if (i != 2) {
                    l2.with("conditions").put(id, i % 2 == 0 ? "control" : "heatmap");
                }
            }
        });
        List<Step> l2 = PlanBuilder.build(spec, 1, 7);
        assertEquals(Set.of(), l2.stream().filter(st -> "m02".equals(st.item())).collect(Collectors.toSet()));
        Step m01 = PlanBuilder.build(spec, 0, 7).stream().filter(st -> "m01".equals(st.item())).findFirst().orElseThrow();
        assertEquals("control", m01.condition());
    }

    @Test
    void attentionChecksSitAtTheirPosition() {
        StudySpec spec = spec(s -> ((ObjectNode) s.get("participants")).put("randomizeItems", false));
        List<String> post = PlanBuilder.build(spec, 0, 1).stream().filter(st -> st.phase().equals("post"))
                .map(Step::key).toList();
        assertEquals(List.of("post:m02", "post:attention:ac1", "post:m05", "post:m09"), post);
    }

    /** A trial-sequence list showing m02, m05, m09 under heatmap, rationale, verbalization and control. */
    static StudySpec sequences(String order) {
        return spec(s -> {
            ObjectNode design = s.putObject("design");
            design.put("type", "lists");
            ArrayNode lists = design.putArray("lists");
            for (int l = 0; l < 2; l++) {
                ObjectNode list = lists.addObject().put("id", "L" + (l + 1));
                if (order != null) {
                    list.put("order", order);
                }
                ArrayNode trials = list.putArray("trials");
                for (String item : List.of("m02", "m05", "m09")) {
                    for (String c : List.of("heatmap", "rationale", "verbalization", "control")) {
                        trials.addObject().put("item", item).put("condition", c);
                    }
                }
            }
        });
    }

    @Test
    void aTrialSequenceShowsOneItemUnderSeveralConditions() {
        StudySpec spec = sequences("fixed");
        List<Step> post = PlanBuilder.build(spec, 0, 3).stream()
                .filter(st -> st.phase().equals("post") && st.isTrial()).toList();
        assertEquals(12, post.size());
        assertEquals(List.of("heatmap", "rationale", "verbalization", "control"),
                post.stream().filter(st -> st.item().equals("m05")).map(Step::condition).toList(),
                "one participant sees m05 under all four conditions, in the list's fixed order");
        assertEquals("post:m02@heatmap", post.get(0).key());
        assertEquals(Set.of("none"), post.stream().map(Step::explanation).collect(Collectors.toSet()),
                "the post-test shows no explanation (showExplanation: false), whatever the condition");
        assertEquals(post.stream().map(Step::key).distinct().count(), post.size(), "step keys are unique");
        List<Step> learning = PlanBuilder.build(spec, 0, 3).stream().filter(st -> st.phase().equals("learning"))
                .toList();
        assertEquals(List.of(), learning, "items of a phase that the list does not pair are skipped");
    }

    @Test
    void aRandomSequenceIsShuffledPerParticipant() {
        StudySpec spec = sequences("random");
        Set<List<String>> orders = new HashSet<>();
        for (long seed = 0; seed < 10; seed++) {
            List<Step> pre = PlanBuilder.build(spec, 1, seed).stream().filter(st -> st.phase().equals("pre"))
                    .toList();
            assertEquals(12, pre.size());
            orders.add(pre.stream().map(Step::key).toList());
        }
        assertNotEquals(1, orders.size());
        assertEquals(PlanBuilder.build(spec, 1, 5), PlanBuilder.build(spec, 1, 5));
    }
}
