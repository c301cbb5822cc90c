// The screen-reader mirror's edge: hands the item registry's changes since the last update
// (item_registry_mirror_update: nothing at all for an unchanged frame) to web/a11y_mirror.js, and
// takes the mirror's activations back: a screen reader's click, Enter or Space on a mirror
// element becomes a click at the item's centre in ImGui's input queue, as a person's would.
#include <emscripten.h>

#include <string>

#include "platform.hpp"
#include "ui/item_registry.hpp"
#include "web_app.hpp"

extern "C" int crm_js_publish_a11y(const char* json);

namespace crm::platform {

void publish_a11y(const std::string& update) {
    if (!crm_js_publish_a11y(update.c_str())) item_registry_mirror_reset();
}

}  // namespace crm::platform

// Called by the mirror with the id of an item of the last drawn frame; action 1 clicks it, 2
// clicks and presses Enter (opens a grid row). Returns 0 when the item is no longer on screen.
extern "C" EMSCRIPTEN_KEEPALIVE int crm_a11y_activate(unsigned id, int action) {
    if (action < 1 || action > 2 || !crm::item_registry_activate(id, static_cast<crm::A11yAction>(action))) return 0;
    crm::request_frames(7);  // the registry plays the events one per frame
    return 1;
}
