// The HTML of the marking pages (dashboard_marking.h has the routes and who may see what).
// Every value from the database is HTML-escaped here; no page carries a candidate's name or số
// báo danh, and a marker's pages carry nothing of the other marker's marks, nor the state of
// the case (which would tell whether the other one has marked and how close they are).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "khaothi/centre/marking.h"
#include "khaothi/centre/proposals.h"
#include "khaothi/server/time_zone.h"

#include "dashboard_pages.h"

namespace khaothi::server::pages {

// Who looks at the page.
struct MarkingViewer {
  std::string username;
  std::string full_name;
  std::string csrf;
  bool chair = false;  // the head of centre: every case, both rounds, the decision
};

// One case as its page shows it.
struct CaseView {
  centre::MarkingCase c;
  std::vector<centre::MarkedFile> files;
  std::string instructions;  // the instructions' text
  std::string first_name;    // full names of the markers (the chair's page)
  std::string second_name;
  std::string decider_name;
  // The machine's proposal for the work shown (centre::CurrentProposal); nullopt when none is
  // current. `proposal_stale`: a run exists but read other files (a newer version came in).
  std::optional<centre::ProposalRun> proposal;
  bool proposal_stale = false;
  // After "Chấp nhận đề xuất" or a refusal: the note as typed (refilled in the form).
  std::optional<std::string> typed_note;
};

// The list of cases: a marker's own (their round and whether they have marked), or every case
// for the chair (both markers, the state, the mark).
std::string MarkingListPage(Lang lang, const MarkingViewer& viewer,
                            const std::vector<centre::MarkingCase>& cases);

// A marker's page of one case, in `round`. `typed` (what was posted, by line code) refills the
// form after a refusal, whose reason is `error`, or after accepting proposals; `notice` says the
// marks were saved or the proposals filled in. Each line shows the machine's proposal with its
// evidence and a "Chấp nhận đề xuất" button (a submit with accept=CODE, or accept=* for all),
// which fills the mark without saving it.
std::string MarkerPage(Lang lang, const MarkingViewer& viewer, const CaseView& v,
                       centre::MarkRound round, const std::map<std::string, std::string>* typed,
                       const std::string& error, const std::string& notice, const TimeZone& tz);

// The chair's page of one case: both rounds, and the decision form when the case is disputed or
// decided.
std::string ChairPage(Lang lang, const MarkingViewer& viewer, const CaseView& v,
                      const std::map<std::string, std::string>* typed, const std::string& error,
                      const std::string& notice, const TimeZone& tz);

}  // namespace khaothi::server::pages
