#include "records.hpp"

namespace crm {

const char* regarding_kind_name(RegardingKind k) {
    switch (k) {
        case RegardingKind::None: return "";
        case RegardingKind::Account: return "Account";
        case RegardingKind::Contact: return "Contact";
        case RegardingKind::Opportunity: return "Opportunity";
        case RegardingKind::Case: return "Case";
    }
    return "";
}

const char* opportunity_stage_name(OpportunityStage s) {
    switch (s) {
        case OpportunityStage::Qualify: return "Qualify";
        case OpportunityStage::Develop: return "Develop";
        case OpportunityStage::Propose: return "Propose";
        case OpportunityStage::Close: return "Close";
    }
    return "";
}

const char* case_status_name(CaseStatus s) {
    switch (s) {
        case CaseStatus::Active: return "Active";
        case CaseStatus::Resolved: return "Resolved";
        case CaseStatus::Canceled: return "Canceled";
    }
    return "";
}

}  // namespace crm
