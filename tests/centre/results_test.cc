// The results code on a real center.db: entered marks (import, all or nothing, re-marks), the
// results as loaded (parts pending, the verdict), regrading and item analysis inputs. The
// multiple-choice part is graded by the server; here no one sat, so it stays pending.
#include "khaothi/centre/results.h"

#include <string>

#include <catch2/catch.hpp>

#include "khaothi/crypto/crypto.h"
#include "khaothi/records/signed_record.h"

#include "centre/centre_fixture.h"

namespace khaothi::centre {
namespace {

using testing::CandidatesCsv;
using testing::Centre;
using testing::kChange;

// A centre with session S1 (four candidates A1..A4) opened.
struct OpenedCentre : Centre {
  OpenedCentre() {
    REQUIRE(CreateSession(db, Spec("S1"), kChange).ok());
    REQUIRE(ImportCandidates(db, "S1", CandidatesCsv(4), kChange).ok());
    REQUIRE(OpenSession(db, *bank, "S1", kChange).ok());
  }
  crypto::SigningKey key = crypto::SigningKey::Generate();
};

constexpr std::string_view kHeader = "sbd,van-ban,bang-tinh,trinh-chieu\n";

TEST_CASE("results: marks are imported for every row or none") {
  OpenedCentre c;
  // One unknown candidate and one mark above the scale: nothing is stored.
  const std::string bad = std::string(kHeader) + "A1,7.5,8,6\nZ9,5,5,5\nA2,11,5,5\n";
  Result<int> refused = ImportMarks(c.db, "S1", bad, "", "", c.key, kChange);
  REQUIRE(refused.status().IsInvalidArgument());
  const std::string message = Localize(refused.status().message(), true);
  CHECK(message.find("Z9") != std::string::npos);
  CHECK(c.Count("SELECT count(*) FROM practical_marks") == 0);

  Result<int> stored = ImportMarks(c.db, "S1", std::string(kHeader) + "A1,7.5,8,6\nA2,3,8,8\n", "",
                                   "", c.key, kChange);
  REQUIRE(stored.ok());
  CHECK(*stored == 2);
  CHECK(c.Count("SELECT count(*) FROM practical_marks WHERE revision = 1") == 2);
  CHECK(ImportMarks(c.db, "S1", "", "", "", c.key, kChange).status().IsInvalidArgument());
  CHECK(ImportMarks(c.db, "S9", std::string(kHeader) + "A1,5,5,5\n", "", "", c.key, kChange)
            .status()
            .IsNotFound());
}

TEST_CASE("results: a re-mark needs a reason and keeps the earlier revision") {
  OpenedCentre c;
  const std::string marks = std::string(kHeader) + "A2,3,8,8\n";
  REQUIRE(ImportMarks(c.db, "S1", marks, "", "", c.key, kChange).ok());
  CHECK(ImportMarks(c.db, "S1", marks, "", "", c.key, kChange).status().IsFailedPrecondition());
  Result<int> remark =
      ImportMarks(c.db, "S1", std::string(kHeader) + "A2,6,8,8\n", "", "phúc khảo", c.key, kChange);
  REQUIRE(remark.ok());
  CHECK(c.Count("SELECT count(*) FROM practical_marks WHERE sbd = 'A2'") == 2);

  // Each revision is a signed record under the given key, the re-mark naming what it supersedes.
  store::Statement q =
      c.db.Prepare("SELECT signed FROM practical_marks WHERE sbd = 'A2' AND revision = 2");
  REQUIRE(*q.Step());
  const records::Verification v = records::VerifyRecord(q.ColumnText(0), c.key.PublicPem());
  REQUIRE(v.verdict == records::Verdict::kValid);
  CHECK(v.envelope.record.at("kind").as_string() == "khaothi.marks.v1");
  CHECK(v.envelope.record.at("supersedes").as_int64() == 1);
  CHECK(v.envelope.record.at("score").as_string() == "7.33");
}

TEST_CASE("results: the latest marks count, the ungraded theory is pending") {
  OpenedCentre c;
  REQUIRE(ImportMarks(c.db, "S1", std::string(kHeader) + "A1,7.5,8,6.25\nA2,3,8,8\n", "", "", c.key,
                      kChange)
              .ok());
  REQUIRE(
      ImportMarks(c.db, "S1", std::string(kHeader) + "A2,6,8,8\n", "", "re-mark", c.key, kChange)
          .ok());
  Result<SessionResults> r = LoadResults(c.db, "S1", kChange.at_ms);
  REQUIRE(r.ok());
  REQUIRE(r->candidates.size() == 4);
  const CandidateResult& a1 = r->candidates[0];
  CHECK(a1.candidate.sbd == "A1");
  REQUIRE(a1.parts.count("practical") == 1);
  CHECK(FormatScore(a1.parts.at("practical").score, r->blueprint) == "7.25");
  CHECK(a1.parts.at("practical").passed);
  CHECK(a1.parts.count("theory") == 0);
  CHECK(a1.overall.verdict == engine::Verdict::kPending);
  const CandidateResult& a2 = r->candidates[1];
  CHECK(a2.parts.at("practical").revision == 2);
  CHECK(FormatScore(a2.parts.at("practical").score, r->blueprint) == "7.33");
  // A3 has nothing yet.
  CHECK(r->candidates[2].parts.empty());
  CHECK(r->candidates[2].overall.verdict == engine::Verdict::kPending);

  CHECK(LoadResults(c.db, "S9", kChange.at_ms).status().IsNotFound());
}

TEST_CASE("results: nothing to regrade or analyse before anyone is graded") {
  OpenedCentre c;
  CHECK(RegradeSession(c.db, "S1", "", "đáp án sai", c.key, kChange).status().IsNotFound());
  CHECK(RegradeSession(c.db, "S1", "", "", c.key, kChange).status().IsInvalidArgument());
  CHECK(LoadObservations(c.db, {"S1"})->empty());
  CHECK(LoadObservations(c.db, {"S9"}).status().IsNotFound());
}

TEST_CASE("results: score histograms put each score in its bin, the top one closed") {
  const engine::Points ten = engine::Points::Whole(10);
  const std::vector<int> counts = ScoreHistogram(
      {engine::Points::Whole(0), engine::Points::Whole(5), ten, engine::Points::Whole(9)}, ten, 5);
  CHECK(counts == std::vector<int>{1, 0, 1, 0, 2});
  CHECK(ScoreHistogram({}, engine::Points{}, 3) == std::vector<int>{0, 0, 0});
}

}  // namespace
}  // namespace khaothi::centre
