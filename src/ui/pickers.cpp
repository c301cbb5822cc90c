#include "pickers.hpp"

#include <algorithm>

#include "core/i18n.hpp"
#include "core/text_fold.hpp"
#include "imgui.h"
#include "imgui_stdlib.h"
#include "widgets.hpp"

namespace crm::ui {
namespace {

struct Option {
    std::string id;
    std::string name;
};

// At most 200 options: the filter narrows further, and a combo of 100,000 names helps nobody.
std::vector<Option> options_of(const Store& store, RegardingKind kind, const std::string& filter) {
    std::vector<Option> out;
    std::string needle = fold_for_search(filter);
    auto add = [&](const auto& table, auto name_of) {
        for (const auto& rec : table.rows()) {
            if (rec.meta.deleted) continue;
            std::string name = name_of(rec);
            if (!needle.empty() && !folded_contains(fold_for_search(name), needle)) continue;
            out.push_back({rec.meta.id, std::move(name)});
            if (out.size() >= 200) return;
        }
    };
    switch (kind) {
        case RegardingKind::None: break;
        case RegardingKind::Account: add(store.accounts(), [](const Account& a) { return a.name; }); break;
        case RegardingKind::Contact: add(store.contacts(), [](const Contact& c) { return c.full_name; }); break;
        case RegardingKind::Opportunity: add(store.opportunities(), [](const Opportunity& o) { return o.name; }); break;
        case RegardingKind::Case: add(store.cases(), [](const Case& c) { return c.title; }); break;
    }
    std::sort(out.begin(), out.end(), [](const Option& a, const Option& b) { return a.name < b.name; });
    return out;
}

}  // namespace

std::string record_name(const Store& store, RegardingKind kind, const std::string& id) {
    if (id.empty()) return {};
    return store.regarding_name({kind, id});
}

bool record_picker(const Store& store, const char* id, RegardingKind kind, std::string& record_id, std::string& filter,
                   bool allow_none) {
    bool changed = false;
    std::string current = record_id.empty() ? tr("(none)") : record_name(store, kind, record_id);
    ImGui::PushID(id);
    if (begin_combo(id, current.c_str(), ImGuiComboFlags_HeightLarge)) {
        if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();
        ImGui::SetNextItemWidth(-1);
        ImGui::InputTextWithHint("##filter", tr("Type to filter"), &filter);
        if (allow_none && ImGui::Selectable(tr("(none)"), record_id.empty())) {
            record_id.clear();
            changed = true;
        }
        for (const auto& opt : options_of(store, kind, filter)) {
            ImGui::PushID(opt.id.c_str());
            if (ImGui::Selectable(opt.name.c_str(), opt.id == record_id)) {
                record_id = opt.id;
                changed = true;
            }
            ImGui::PopID();
        }
        ImGui::EndCombo();
    }
    ImGui::PopID();
    return changed;
}

bool owner_picker(const Store& store, const char* id, OwnerRef& owner) {
    bool changed = false;
    std::string current = store.owner_name(owner);
    if (begin_combo(id, current.c_str())) {
        for (const auto& u : store.users().rows()) {
            if (u.meta.deleted) continue;
            OwnerRef ref{OwnerKind::User, u.meta.id};
            if (ImGui::Selectable((u.name + "##" + u.meta.id).c_str(), owner == ref)) {
                owner = ref;
                changed = true;
            }
        }
        ImGui::Separator();
        for (const auto& t : store.teams().rows()) {
            if (t.meta.deleted) continue;
            OwnerRef ref{OwnerKind::Team, t.meta.id};
            std::string text = t.name + " (" + tr("team") + ")##" + t.meta.id;
            if (ImGui::Selectable(text.c_str(), owner == ref)) {
                owner = ref;
                changed = true;
            }
        }
        ImGui::EndCombo();
    }
    return changed;
}

}  // namespace crm::ui
