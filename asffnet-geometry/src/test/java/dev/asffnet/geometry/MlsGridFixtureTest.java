package dev.asffnet.geometry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.asffnet.api.Landmarks;
import dev.asffnet.formats.Json;
import dev.asffnet.geometry.crop.LandmarkMap;
import dev.asffnet.geometry.mls.MlsAligner;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Parity with training/asffnet/geometry.py through mls_grid_fixture.json when present: cases (top level list,
 * "cases", or one object) with degraded and guidance landmarks at 128 ("degraded"/"Ld", "guidance"/"Lg",
 * 68x2), the normalised 32x32x2 grid ("grid"/"warp_grid"/"mls_grid") and the landmark map
 * ("landmark_map_indices": sorted flat indices y*128+x, or "landmark_map": the 128x128 map).
 */
class MlsGridFixtureTest {
    @Test
    void featureGridAndLandmarkMapMatchPython() {
        String text = TestData.resource("mls_grid_fixture.json").orElse(null);
        Assumptions.assumeTrue(text != null, "mls_grid_fixture.json not in src/test/resources/dev/asffnet/geometry: "
                + "Python parity of the MLS grid and landmark map not checked");
        Object root = Json.parse(text);
        List<Object> cases = root instanceof List<?> ? Json.list(root)
                : Json.obj(root).containsKey("cases") ? Json.list(Json.obj(root).get("cases")) : List.of(root);
        assertTrue(!cases.isEmpty(), "fixture has no cases");
        for (int i = 0; i < cases.size(); i++) {
            Map<String, Object> c = Json.obj(cases.get(i));
            Landmarks d = Landmarks.of(Json.flat(FixtureKeys.first(c, "degraded", "Ld", "ld", "degraded_landmarks")));
            Landmarks g = Landmarks.of(Json.flat(FixtureKeys.first(c, "guidance", "Lg", "lg", "guidance_landmarks")));
            double[] want = Json.flat(FixtureKeys.first(c, "grid", "warp_grid", "mls_grid"));
            float[] got = MlsAligner.featureGrid(d, g).toNormalizedGrid();
            assertEquals(want.length, got.length, "case " + i + " grid size");
            for (int k = 0; k < got.length; k++) {
                assertEquals(want[k], got[k], 1e-5, "case " + i + " grid value " + k);
            }
            float[] map = LandmarkMap.draw(d);
            if (FixtureKeys.has(c, "landmark_map_indices", "map_indices")) {
                double[] idx = Json.flat(FixtureKeys.first(c, "landmark_map_indices", "map_indices"));
                int on = 0;
                for (float v : map) {
                    on += v == 1f ? 1 : 0;
                }
                assertEquals(idx.length, on, "case " + i + " landmark map pixel count");
                for (double k : idx) {
                    assertEquals(1f, map[(int) k], "case " + i + " landmark map pixel " + (int) k);
                }
            } else if (FixtureKeys.has(c, "landmark_map", "map")) {
                double[] full = Json.flat(FixtureKeys.first(c, "landmark_map", "map"));
                assertEquals(full.length, map.length, "case " + i + " landmark map size");
                for (int k = 0; k < map.length; k++) {
                    assertEquals(full[k], map[k], 1e-5, "case " + i + " landmark map pixel " + k);
                }
            }
        }
    }
}
