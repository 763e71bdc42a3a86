package org.xstudy.console.wizard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class WizardItemsTest {

    /** 20 rows, 15 labelled "a" and 5 labelled "b". */
    static List<WizardItems.Row> rows() {
        List<WizardItems.Row> rows = new ArrayList<>();
        for (int i = 1; i <= 20; i++) {
            rows.add(new WizardItems.Row(i, "text " + i, i % 4 == 0 ? "b" : "a"));
        }
        return rows;
    }

    static Map<String, Long> labels(List<WizardItems.Row> rows) {
        return rows.stream().collect(Collectors.groupingBy(WizardItems.Row::label, Collectors.counting()));
    }

    @Test
    void samplesAreSeededAndDistinct() {
        List<WizardItems.Row> a = WizardItems.random(rows(), 8, 7);
        assertEquals(a, WizardItems.random(rows(), 8, 7));
        assertNotEquals(a, WizardItems.random(rows(), 8, 8));
        assertEquals(8, a.stream().distinct().count());
    }

    @Test
    void balancedSamplesGiveEachLabelTheSameShareWhileItHasRows() {
        assertEquals(Map.of("a", 4L, "b", 4L), labels(WizardItems.balanced(rows(), 8, 3)));
        assertEquals(Map.of("a", 7L, "b", 5L), labels(WizardItems.balanced(rows(), 12, 3)), "b runs out at 5");
        assertEquals(WizardItems.balanced(rows(), 8, 3), WizardItems.balanced(rows(), 8, 3));
    }

    @Test
    void explicitRowsKeepTheirOrderAndRefuseUnknownRepeatedOrMalformedNumbers() {
        assertEquals(List.of(3, 1, 7, 8, 9), WizardItems.explicit(rows(), "3, 1 7-9").stream()
                .map(WizardItems.Row::position).toList());
        Function<String, String> refusal = spec -> assertThrows(IllegalArgumentException.class,
                () -> WizardItems.explicit(rows(), spec)).getMessage();
        assertEquals("There is no row 21 (the last row is 20).", refusal.apply("20, 21"));
        assertEquals("Row 2 is named twice.", refusal.apply("1-3, 2"));
        assertEquals("'x' is not a row number or a range like 7-9.", refusal.apply("1, x"));
        assertEquals("'5-2' is not a valid range.", refusal.apply("5-2"));
        assertEquals("Name at least one row, e.g. 1, 4, 7-9.", refusal.apply(" , "));
    }

    @Test
    void pastedLinesAreNumberedFromOneWithAnOptionalLabelBeforeATab() {
        assertEquals(List.of(new WizardItems.Row(1, "good film", "pos"), new WizardItems.Row(3, "no label here", null)),
                WizardItems.pasted("pos\tgood film\n\n no label here "));
    }
}
