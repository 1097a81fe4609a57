// Proposed marks on collected work (lib/centre proposals.h) on a real center.db: real office
// files handed in by candidates (the centre's IU04-A package's model solution and starter), a
// corrupt and a password-protected file built here, the version marked (the latest before the
// end), history kept on a re-run, the note a marker must give when departing from a proposal,
// and the refusals that change nothing.
#include "khaothi/centre/proposals.h"

#include <fstream>
#include <sstream>

#include <catch2/catch.hpp>

#include "khaothi/bank/practical.h"
#include "khaothi/centre/marking.h"
#include "khaothi/centre/practical_work.h"
#include "khaothi/store/practical_store.h"

#include "centre/proposal_fixture.h"

namespace khaothi::centre {
namespace {

using testing::kChange;
using testing::kEnd;
using testing::kPackageDir;
using testing::PasswordProtected;
using testing::ProposalCentre;
using testing::ReadSource;

const Change kCheck{"cli:thuky", kChange.at_ms + 60'000};

TEST_CASE("practical check proposes marks from the latest files before the end",
          "[centre][proposals]") {
  ProposalCentre c;
  Result<ProposeReport> r = ProposeSession(c.db, c.dir.path(), "S1", "", kCheck);
  REQUIRE(r.ok());
  CHECK(r->candidates == 4);
  CHECK(r->not_ended == 1);
  CHECK(r->tasks == 4);
  CHECK(r->files == 4);
  CHECK(r->lines == 12);
  CHECK(r->lines_proposed == 4);  // A1 and A2: lines 1 and 2 each
  REQUIRE(r->unreadable.size() == 2);
  CHECK(
      Localize(r->unreadable[0], false).starts_with("A3 IU04-X bai-lam.xlsx: không chấm tự động"));
  CHECK(Localize(r->unreadable[1], true).find("password-protected") != std::string::npos);

  // The model solution, read at version 1 (version 2 came after the end).
  const ProposalRun a1 = c.Latest("A1");
  CHECK(a1.task_version == 1);
  REQUIRE(a1.files.size() == 1);
  CHECK(a1.files[0].version == 1);
  CHECK(a1.checker == kCheckerVersion);
  CHECK(a1.actor == "cli:thuky");
  CHECK(a1.at_ms == kCheck.at_ms);
  REQUIRE(a1.lines.size() == 3);
  CHECK(a1.lines[0].proposed == engine::Points::Whole(4));
  CHECK(a1.lines[0].verdict == "pass");
  CHECK(a1.lines[1].proposed == engine::Points::Whole(3));
  REQUIRE(a1.lines[1].checks.size() == 2);
  CHECK(a1.lines[1].checks[0].file == "bai-lam.xlsx");
  CHECK(a1.lines[1].checks[1].evidence_vi.find("F12") != std::string::npos);
  CHECK_FALSE(a1.lines[1].checks[1].evidence_en.empty());
  CHECK_FALSE(a1.lines[2].proposed);
  CHECK(a1.lines[2].reason_vi.starts_with("chấm tay"));
  CHECK(a1.ProposedTotal() == engine::Points::Whole(7));
  CHECK_FALSE(a1.Complete());
  // Blind: the evidence names cells, never the candidate.
  for (const ProposalLine& l : a1.lines) {
    for (const ProposalCheck& k : l.checks) {
      CHECK(k.evidence_vi.find("Thí sinh 1") == std::string::npos);
    }
  }

  // The starter: a proposal of 0, not a missing one.
  const ProposalRun a2 = c.Latest("A2");
  CHECK(a2.lines[0].proposed == engine::Points{});
  CHECK(a2.lines[0].verdict == "fail");
  CHECK(a2.lines[1].proposed == engine::Points{});

  // Files that cannot be read: no proposal on any checked line, with the reason.
  for (const std::string sbd : {"A3", "A4"}) {
    const ProposalRun run = c.Latest(sbd);
    for (int i = 0; i < 2; ++i) {
      CHECK_FALSE(run.lines[static_cast<size_t>(i)].proposed);
      CHECK(run.lines[static_cast<size_t>(i)].reason_vi.starts_with("không chấm tự động được"));
    }
  }
  CHECK(c.Latest("A4").lines[0].reason_vi.find("mật khẩu") != std::string::npos);

  // Nothing for A5, whose practical has not ended.
  Result<std::optional<ProposalRun>> a5 = LatestProposal(c.db, "S1", "A5", "IU04-X");
  REQUIRE(a5.ok());
  CHECK_FALSE(a5->has_value());
  CHECK(c.Count("SELECT count(*) FROM audit WHERE action = 'proposal_run'") == 4);
}

TEST_CASE("proposal rows are immutable and a re-run keeps the history", "[centre][proposals]") {
  ProposalCentre c;
  REQUIRE(ProposeSession(c.db, c.dir.path(), "S1", "A2", kCheck).ok());
  const int64_t first = c.Latest("A2").id;
  CHECK_FALSE(c.db.Exec("UPDATE proposal_lines SET proposed = '3'").ok());
  CHECK_FALSE(c.db.Exec("DELETE FROM proposal_runs").ok());
  Result<std::vector<std::pair<std::string, std::string>>> missing =
      CandidatesWithoutProposals(c.db, "S1");
  REQUIRE(missing.ok());
  CHECK(missing->size() == 3);  // A1, A3, A4; A5 has not ended

  // A version completed within the grace, begun before the end: the proposal is stale.
  c.Upload("A2", "bai-lam.xlsx", ReadSource(std::string(kPackageDir) + "loi-giai.xlsx"), 2000);
  missing = CandidatesWithoutProposals(c.db, "S1");
  REQUIRE(missing.ok());
  CHECK(missing->size() == 4);
  REQUIRE(ProposeSession(c.db, c.dir.path(), "S1", "A2", kCheck).ok());
  const ProposalRun again = c.Latest("A2");
  CHECK(again.id != first);
  CHECK(again.files[0].version == 2);
  CHECK(again.ProposedTotal() == engine::Points::Whole(7));
  CHECK(c.Count("SELECT count(*) FROM proposal_runs WHERE sbd = 'A2'") == 2);
}

TEST_CASE("a mark that departs from the proposal needs a note", "[centre][proposals]") {
  ProposalCentre c;
  REQUIRE(ProposeSession(c.db, c.dir.path(), "S1", "", kCheck).ok());
  MarkerAssignment a;
  a.first_marker = "lan";
  a.second_marker = "minh";
  a.sbds = {"A1"};
  REQUIRE(AssignMarkers(c.db, "S1", a, kChange).ok());
  store::Statement q = c.db.Prepare("SELECT code FROM marking_codes WHERE sbd = 'A1'");
  REQUIRE(*q.Step());
  const std::string code = q.ColumnText(0);
  Result<MarkingCase> mc = GetMarkingCase(c.db, "S1", code, "bang-tinh");
  REQUIRE(mc.ok());
  Result<std::optional<ProposalRun>> current = CurrentProposal(c.db, *mc);
  REQUIRE(current.ok());
  REQUIRE(current->has_value());

  // The proposals accepted (line 3 has none: any mark): no note needed.
  REQUIRE(EnterMarks(c.db, "S1", code, "bang-tinh", "lan", {{"1", "4"}, {"2", "3"}, {"3", "2"}}, "",
                     kChange)
              .ok());
  // A change from a proposal without a note: refused, naming the line, nothing stored.
  const int64_t marks = c.Count("SELECT count(*) FROM marking_marks");
  Result<MarkEntry> refused = EnterMarks(c.db, "S1", code, "bang-tinh", "minh",
                                         {{"1", "3"}, {"2", "3"}, {"3", "2"}}, "", kChange);
  REQUIRE(refused.status().IsInvalidArgument());
  CHECK(Localize(refused.status().message(), false) ==
        "ý 1: điểm 3 khác điểm đề xuất 4; hãy ghi chú lý do");
  CHECK(c.Count("SELECT count(*) FROM marking_marks") == marks);
  // With the note it is kept with the mark.
  Result<MarkEntry> kept =
      EnterMarks(c.db, "S1", code, "bang-tinh", "minh", {{"1", "3"}, {"2", "3"}, {"3", "2"}},
                 "Ô C11 tra sai bảng", kChange);
  REQUIRE(kept.ok());
  CHECK(kept->note == "Ô C11 tra sai bảng");
}

TEST_CASE("practical check refuses bad input and stores nothing", "[centre][proposals]") {
  ProposalCentre c(/*a5_version=*/2);
  auto runs = [&] { return c.Count("SELECT count(*) FROM proposal_runs"); };
  Result<ProposeReport> r = ProposeSession(c.db, c.dir.path(), "S9", "", kCheck);
  CHECK(r.status().IsNotFound());
  r = ProposeSession(c.db, c.dir.path(), "S1", "Z9", kCheck);
  CHECK(r.status().IsNotFound());
  CHECK(Localize(r.status().message(), false) == "không có thí sinh Z9 trong ca S1");
  r = ProposeSession(c.db, c.dir.path(), "S1", "A5", kCheck);
  CHECK(r.status().IsFailedPrecondition());
  CHECK(runs() == 0);

  // A5 drew a version whose checks do not compile, and has ended: the whole command stops
  // before anything is stored, naming the task and the line.
  c.End("A5");
  r = ProposeSession(c.db, c.dir.path(), "S1", "", kCheck);
  REQUIRE(r.status().IsInvalidArgument());
  const std::string message = Localize(r.status().message(), true);
  CHECK(message.find("IU04-X version 2") != std::string::npos);
  CHECK(message.find("line 3") != std::string::npos);
  CHECK(runs() == 0);
  CHECK(c.Count("SELECT count(*) FROM audit WHERE action = 'proposal_run'") == 0);
}

}  // namespace
}  // namespace khaothi::centre
