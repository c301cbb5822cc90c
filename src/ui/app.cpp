#include "app.hpp"

#include "core/demo_data.hpp"

namespace crm {

bool finish_startup(App& app) {
    bool seeded = false;
    if (app.store.setting(kSettingDemoSeeded).empty() && app.store.users().size() == 0) {
        seed_demo_data(app.store, app.zone, app.now());
        app.store.put_setting(kSettingDemoSeeded, "1", app.actor());
        seeded = true;
    }
    std::string remembered = app.store.setting(kSettingCurrentUser);
    if (!remembered.empty() && app.store.users().find_live(remembered)) app.current_user_id = remembered;
    return seeded;
}

void sign_in(App& app, const std::string& user_id) {
    app.current_user_id = user_id;
    app.store.put_setting(kSettingCurrentUser, user_id, app.actor());
}

}  // namespace crm
