package io.github.wsicopy.local.workspaces;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EmulatorMainTest {

    @Test
    void optionsConfigureTheEmulatorAndSeedImages() {
        List<String> seeded = new ArrayList<>();
        try (WorkSpacesEmulator emu = EmulatorMain.start(new String[] {
                "--rate", "0", "--copy-duration", "PT20M..PT1H", "--quota", "3", "--account", "AKIDB=210987654321",
                "--image", "us-east-1:golden", "--byol-image", "us-east-1:byol", "--byol-region", "eu-west-1"}, seeded)) {
            assertEquals(2, seeded.size());
            assertTrue(seeded.getFirst().matches("image us-east-1 golden wsi-[0-9a-z]{9}"), seeded.getFirst());
            List<EmulatedImage> images = emu.images(EmulatorConfig.DEFAULT_ACCOUNT_ID, "us-east-1");
            assertEquals(List.of(false, true), images.stream().map(EmulatedImage::byol).toList());
            assertTrue(emu.endpoint().toString().startsWith("http://127.0.0.1:"));
        }
    }

    @Test
    void badOptionsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> EmulatorMain.start(new String[] {"--bogus", "1"}, new ArrayList<>()));
        assertThrows(IllegalArgumentException.class, () -> EmulatorMain.start(new String[] {"--port"}, new ArrayList<>()));
        assertThrows(IllegalArgumentException.class, () -> EmulatorMain.start(new String[] {"--image", "no-colon"}, new ArrayList<>()));
        assertThrows(IllegalArgumentException.class,
                () -> EmulatorMain.start(new String[] {"--copy-duration", "PT1H..PT20M"}, new ArrayList<>()));
        assertEquals(Duration.ofMinutes(30), EmulatorConfig.defaults().copyDurationMin());
    }
}
