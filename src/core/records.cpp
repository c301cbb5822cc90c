#include "records.hpp"
#include "i18n.hpp"

namespace crm {

const char* regarding_kind_name(RegardingKind k) {
    switch (k) {
        case RegardingKind::None: return "";
        case RegardingKind::Account: return N_("Account");
        case RegardingKind::Contact: return N_("Contact");
        case RegardingKind::Opportunity: return N_("Opportunity");
        case RegardingKind::Case: return N_("Case");
    }
    return "";
}

const char* new_record_title(RegardingKind k) {
    switch (k) {
        case RegardingKind::Account: return N_("New Account");
        case RegardingKind::Contact: return N_("New Contact");
        case RegardingKind::Opportunity: return N_("New Opportunity");
        case RegardingKind::Case: return N_("New Case");
        case RegardingKind::None: break;
    }
    return "?";
}

const char* opportunity_stage_name(OpportunityStage s) {
    switch (s) {
        case OpportunityStage::Qualify: return N_("Qualify");
        case OpportunityStage::Develop: return N_("Develop");
        case OpportunityStage::Propose: return N_("Propose");
        case OpportunityStage::Close: return N_("Close");
    }
    return "";
}

const char* case_status_name(CaseStatus s) {
    switch (s) {
        case CaseStatus::Active: return N_("Active");
        case CaseStatus::Resolved: return N_("Resolved");
        case CaseStatus::Canceled: return N_("Canceled");
    }
    return "";
}

}  // namespace crm
