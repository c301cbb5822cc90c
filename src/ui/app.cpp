#include "app.hpp"

#include <fstream>
#include <sstream>

#include "core/demo_data.hpp"
#include "core/i18n.hpp"
#include "core/text_fold.hpp"
#include "ui_state.hpp"

namespace crm {

bool finish_startup(App& app, bool seed_demo) {
    bool seeded = false;
    if (seed_demo && app.store.setting(kSettingDemoSeeded).empty() && app.store.users().size() == 0) {
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

bool sign_in_start_user(App& app) {
    if (app.start_user.empty()) return false;
    const User* found = app.store.users().find_live(app.start_user);
    std::string wanted = fold_for_search(app.start_user);
    for (const auto& u : app.store.users().rows())
        if (!found && !u.meta.deleted && (fold_for_search(u.name) == wanted || fold_for_search(u.email) == wanted)) found = &u;
    if (!found) return false;
    if (app.current_user_id != found->meta.id) sign_in(app, found->meta.id);
    app.start_user.clear();
    return true;
}

std::string wanted_language(const App& app) {
    std::string chosen = app.store.setting(kSettingLanguage);
    if (is_supported_language(chosen)) return chosen;
    return is_supported_language(app.browser_language) ? app.browser_language : "en";
}

Status apply_language(App& app) {
    const std::string code = wanted_language(app);
    if (code == app.applied_language) return {};
    Status problem;
    Catalog catalog;
    if (code != "en") {
        const std::string path = app.catalog_dir + "/" + code + ".json";
        std::ifstream file(path, std::ios::binary);
        std::ostringstream text;
        if (file) text << file.rdbuf();
        if (!file) {
            problem.add("language", N_("The translation file %s could not be read; the app stays in English."), path);
        } else {
            Result<Catalog> parsed = parse_catalog(text.str(), code);
            if (parsed.ok()) catalog = std::move(parsed.value);
            else problem.add("language", N_("The translation file %s is damaged; the app stays in English."),
                             path + ": " + parsed.status.errors.front().field + " " + parsed.status.errors.front().message);
        }
    }
    if (!problem.ok()) catalog = Catalog{};  // English, rather than half a language
    catalog.record_misses(active_catalog().recording_misses());
    active_catalog() = std::move(catalog);
    app.applied_language = code;  // also on failure: one message, not one per frame
    if (app.on_language_applied) app.on_language_applied(active_catalog().language());
    return problem;
}

void apply_start_options(App& app, UiState& ui, const StartOptions& o,
                         const std::function<void(const std::string&)>& report) {
    if (!o.config_error.empty()) report(o.config_error);
    if (!o.user.empty()) {
        app.start_user = o.user;
        bool will_sync = !o.sync.server_url.empty() || load_sync_config(app.store).configured();  // user may arrive by sync
        if (!sign_in_start_user(app) && !will_sync)
            report("The start-up user \"" + o.user + "\" does not exist on this device; pick a profile.");
    }
    if (!o.view.empty()) {
        if (o.view == "grid") ui.start_view = ShowAs::Grid;
        else if (o.view == "kanban") ui.start_view = ShowAs::Kanban;
        else if (o.view == "calendar") ui.start_view = ShowAs::Calendar;
        else if (o.view == "dashboard") ui.start_view = ShowAs::Dashboard;
        else report("Unknown start-up view \"" + o.view + "\" (use grid, kanban, calendar or dashboard).");
    }
    if (!o.language.empty() && !is_supported_language(o.language))
        report(tr_format(N_("Unknown language \"%s\" (use en, pl or zh-Hant)."), o.language));
    else if (!o.language.empty())
        app.store.put_setting(kSettingLanguage, o.language, app.actor());
    if (!o.sync.server_url.empty() || !o.sync.database.empty()) {
        SyncConfig wanted = o.sync;
        SyncConfig stored = load_sync_config(app.store);
        // The password typed in Settings stays when the embedding page does not give one.
        if (wanted.password.empty() && wanted.user == stored.user) wanted.password = stored.password;
        Status st = validate_sync_config(wanted);
        if (!st.ok()) report("The start-up sync settings are not valid: " + st.errors.front().message);
        else if (wanted.server_key() != stored.server_key() || wanted.user != stored.user || wanted.password != stored.password) {
            if (o.sync_from_url) app.sync_offer = wanted;  // the user decides (sync_page.cpp)
            else app.sync.configure(wanted, app.actor());
        }
    }
}

}  // namespace crm
